"""Writing a checked file: created, updated with an audit event of what changed, unchanged on
a second import, round trip with the export, all or nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.core.models import AuditEvent, Job
from cheber.imports.actions import import_registry, start_import
from cheber.imports.export import write_workbook
from cheber.imports.jobs import CHECK
from cheber.imports.tests.files import (
    EDUCATOR_HEADERS,
    ORGANIZATION_HEADERS,
    PIN_F,
    PIN_M,
    TRAINING_HEADERS,
    check,
    commit,
    educator,
    rows_of,
    training,
    workbook,
)
from cheber.registry.models import (
    Educator,
    Employment,
    Organization,
    Specialization,
    TrainingRecord,
)
from cheber.registry.tests.factories import KOCHKOR, EducatorFactory, employ, unit, user_with_role

HEADERS = EDUCATOR_HEADERS + ["specializations", "phone", "workload (rate)"]


def registry_file(educators=None, trainings=None, organizations=None) -> bytes:
    sheets = {}
    if organizations:
        sheets["Organizations"] = [ORGANIZATION_HEADERS] + organizations
    if educators:
        sheets["Educators"] = rows_of(educators, HEADERS)
    if trainings:
        sheets["Training history"] = rows_of(trainings, TRAINING_HEADERS)
    return workbook(sheets)


def two_teachers() -> list[dict]:
    return [
        educator(specializations="primary_teacher", phone="0555 123 456"),
        educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", patronymic="Асанович",
                 specializations="mathematics physics", **{"workload (rate)": "0,5"}),
    ]  # fmt: skip


def test_importing_writes_people_jobs_specializations_training_and_audit(kochkor_school, provider):
    plan = commit(registry_file(two_teachers(), [training()]))

    asanova = Educator.objects.get(pin=PIN_F)
    assert plan.committed
    assert (asanova.surname, asanova.sex, asanova.birth_date, asanova.phone) == (
        "Асанова", "F", dt.date(1980, 5, 12), "+996555123456"
    )  # fmt: skip
    assert [s.code for s in asanova.specializations.all()] == ["primary_teacher"]
    job = Employment.objects.get(educator__pin=PIN_M)
    assert (job.organization, job.position.code, job.workload) == (
        kochkor_school,
        "teacher",
        Decimal("0.50"),
    )
    record = TrainingRecord.objects.get()
    facts = (record.educator, record.provider, record.hours, record.certificate_number)
    assert facts + (record.source,) == (
        asanova, provider, 72, "OSH-IE-2024-0001", "external"
    )  # fmt: skip
    verbs = sorted(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs == ["import_educator", "import_educator", "import_registry", "import_training"]
    event = AuditEvent.objects.get(verb="import_educator", object_id=str(asanova.pk))
    assert event.data == {"import": "registry.xlsx", "pin": PIN_F,
                          "employments": [asanova.employments.get().pk]}  # fmt: skip


def test_the_same_file_twice_changes_nothing(kochkor_school, provider):
    content = registry_file(two_teachers(), [training()])
    commit(content)  # as the server: the ministry reads the registry, it does not change it
    events = AuditEvent.objects.count()

    plan = check(content)

    assert not plan.has_writes
    assert plan.report()["counts"] == {
        "educators": {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0},
        "trainings": {"created": 0, "updated": 0, "unchanged": 1, "rejected": 0},
    }
    assert (Educator.objects.count(), Employment.objects.count(), AuditEvent.objects.count()) == (
        2, 2, events
    )  # fmt: skip


def test_a_changed_row_updates_the_record_and_the_audit_says_what_changed(kochkor_school, provider):
    commit(registry_file(two_teachers(), [training()]))
    teachers = two_teachers()
    teachers[0] |= {"surname": "Асанбекова", "specializations": "primary_teacher kyrgyz_language"}
    teachers[1] |= {"workload (rate)": 1}

    plan = commit(registry_file(teachers, [training(hours=80)]))

    assert plan.report()["counts"]["educators"] == {"created": 0, "updated": 2, "unchanged": 0,
                                                    "rejected": 0}  # fmt: skip
    asanova = Educator.objects.get(pin=PIN_F)
    assert asanova.surname == "Асанбекова"
    assert sorted(asanova.specializations.values_list("code", flat=True)) == [
        "kyrgyz_language", "primary_teacher"
    ]  # fmt: skip
    assert Employment.objects.get(educator__pin=PIN_M).workload == Decimal("1.00")
    assert TrainingRecord.objects.get().hours == 80
    change = AuditEvent.objects.get(verb="update_educator")
    kyrgyz = Specialization.objects.get(code="kyrgyz_language").pk
    primary = Specialization.objects.get(code="primary_teacher").pk
    assert change.object_id == str(asanova.pk)
    assert change.data["changed"] == {
        "surname": ["Асанова", "Асанбекова"],
        "specializations": [[primary], sorted([primary, kyrgyz])],
    }
    job = AuditEvent.objects.get(verb="update_employment")
    assert job.data["changed"] == {"workload": ["0.50", "1.00"]}
    assert AuditEvent.objects.get(verb="update_training").data["changed"] == {"hours": [72, 80]}


def test_an_empty_cell_never_erases_a_value(kochkor_school):
    commit(registry_file(two_teachers()))
    teachers = two_teachers()
    teachers[0]["phone"] = None

    plan = check(registry_file(teachers))

    assert not plan.has_writes


def test_only_the_valid_rows_are_written(kochkor_school):
    teachers = two_teachers()
    teachers[1]["organization code"] = "SCH-NOWHERE"

    plan = commit(registry_file(teachers))

    assert plan.report()["counts"]["educators"]["rejected"] == 1
    assert list(Educator.objects.values_list("pin", flat=True)) == [PIN_F]


def test_a_new_job_of_a_registered_educator_is_added_beside_the_old_one(kochkor_school):
    existing = EducatorFactory(pin=PIN_F, birth_date=dt.date(1980, 5, 12), surname="Асанова",
                               first_name="Айгуль", patronymic="Сагынбаевна")  # fmt: skip
    employ(existing, kochkor_school, "deputy_principal")

    plan = commit(registry_file([educator()]))

    assert plan.report()["counts"]["educators"]["updated"] == 1
    assert sorted(existing.employments.values_list("position__code", flat=True)) == [
        "deputy_principal", "teacher"
    ]  # fmt: skip


def test_the_export_imports_again_with_no_change(kochkor_school, provider):
    rows = [["SCH-NEW-1", "school", "№ 5 мектеп", "Школа № 5", KOCHKOR, "rural"]]
    teachers = two_teachers() + [educator(organization="SCH-NEW-1", position="deputy_principal")]
    seminar = {"provider code": None, "title of the training": "Семинар"}
    trainings = [training(), training(pin=PIN_M, number="", **seminar)]
    trainings[1]["provider name (outside the registry)"] = "Сорос-Кыргызстан"
    trainings[0]["title of the training in Russian"] = "Читательская грамотность"
    extra = ["provider name (outside the registry)", "title of the training in Russian"]
    content = workbook({
        "Organizations": [ORGANIZATION_HEADERS] + rows,
        "Educators": rows_of(teachers, HEADERS),
        "Training history": rows_of(trainings, TRAINING_HEADERS + extra),
    })  # fmt: skip
    commit(content)  # as the server: the ministry reads the registry, it does not change it
    assert sorted(TrainingRecord.objects.values_list("title", "title_ru")) == [
        ("Окуу сабаттуулугу", "Читательская грамотность"), ("Семинар", "")
    ]  # fmt: skip
    for language in ("ky", "ru"):
        exported = io.BytesIO()
        counts = write_workbook(exported, language, Organization.objects.in_unit(unit(KOCHKOR)))

        # checked as `cheber import_registry` does (matching every PIN: a national reader sees
        # them masked, so a file of theirs matches none)
        plan = check(exported.getvalue(), f"export-{language}.xlsx")

        assert counts["educators"] == 3 and counts["trainings"] == 2
        assert not plan.fatal and plan.problems.errors == 0, plan.report()["problems"]
        assert not plan.has_writes, plan.report()
        assert plan.report()["counts"]["educators"] == {"created": 0, "updated": 0,
                                                        "unchanged": 3, "rejected": 0}  # fmt: skip


def test_a_training_given_by_any_organization_is_imported_and_an_unknown_code_refused(
    kochkor_school,
):
    cabinet = Organization.objects.get(code=f"MK-{KOCHKOR}")
    rows = [["SCH-NEW-1", "school", "№ 5 мектеп", "Школа № 5", KOCHKOR, "rural"]]
    trainings = [
        training(number="MK-1", **{"provider code": cabinet.code}),
        training(number="NEW-1", **{"provider code": "SCH-NEW-1"}),
        training(number="NONE-1", **{"provider code": "MK-00000000000000"}),
    ]

    plan = commit(registry_file([educator()], trainings, organizations=rows))

    providers = dict(TrainingRecord.objects.values_list("certificate_number", "provider__code"))
    assert providers == {"MK-1": cabinet.code, "NEW-1": "SCH-NEW-1"}
    assert [(p.row, p.message) for p in plan.problems.kept] == [
        (4, "No organization has the code MK-00000000000000.")
    ]


def test_a_training_the_registry_holds_twice_comes_back_unchanged_and_a_third_is_refused(
    kochkor_school,
):
    commit(registry_file([educator()]))
    seminar = {"title": "Август кеңешмеси", "provider_name": "Райондук методкабинет",
               "hours": 18, "start_date": dt.date(2019, 7, 21), "end_date": dt.date(2019, 7, 23),
               "form": "seminar"}  # fmt: skip
    asanova = Educator.objects.get(pin=PIN_F)
    for _ in range(2):  # entered twice by hand: the form does not forbid it
        TrainingRecord.objects.create(educator=asanova, **seminar)
    exported = io.BytesIO()
    write_workbook(exported, "en", Organization.objects.in_unit(unit(KOCHKOR)))
    row = training(number="", hours=18, form="seminar")
    row |= {"title of the training": seminar["title"], "provider code": None,
            "training start date": seminar["start_date"],
            "training end date": seminar["end_date"],
            "provider name (outside the registry)": seminar["provider_name"]}  # fmt: skip
    headers = TRAINING_HEADERS + ["provider name (outside the registry)"]
    thrice = workbook({"Training history": rows_of([row, row, row], headers)})

    again, more = check(exported.getvalue()), check(thrice)

    assert again.report()["counts"]["trainings"] == {
        "created": 0, "updated": 0, "unchanged": 2, "rejected": 0
    }  # fmt: skip
    assert again.problems.kept == []
    assert more.report()["counts"]["trainings"]["rejected"] == 1
    assert [(p.row, p.message) for p in more.problems.kept] == [
        (4, "The same training is on row 2.")
    ]


def test_a_failure_while_writing_leaves_the_registry_as_it_was(kochkor_school):
    rows = [["SCH-NEW-1", "school", "№ 5 мектеп", "Школа № 5", KOCHKOR, "rural"]]
    plan = check(registry_file(two_teachers(), organizations=rows))
    # Between the check and the write, someone registers one of the file's people.
    EducatorFactory(pin=PIN_M, sex="M", birth_date=dt.date(1975, 3, 1))
    before = (Organization.objects.count(), Educator.objects.count(), AuditEvent.objects.count())

    with pytest.raises(IntegrityError):
        import_registry(actor=SYSTEM, plan=plan, reference="registry.xlsx")

    after = (Organization.objects.count(), Educator.objects.count(), AuditEvent.objects.count())
    assert after == before
    assert not Organization.objects.filter(code="SCH-NEW-1").exists()


def test_the_kyrgyz_template_filled_in_imports(kochkor_school):
    from openpyxl import load_workbook

    template = io.BytesIO()
    write_workbook(template, "ky")
    book = load_workbook(template)
    staff = book.worksheets[1]
    staff.append([PIN_F, "Асанова", "Айгүл", "", "", "", "бакалавр", "", "", "", "", "",
                  "SCH-KOCH-1", "мугалим", "", dt.date(2015, 9, 1), 1])  # fmt: skip
    filled = io.BytesIO()
    book.save(filled)

    plan = check(filled.getvalue())

    assert [layout.entity for layout in plan.layouts] == ["organizations", "educators", "trainings"]
    assert plan.problems.errors == 0, plan.report()["problems"]
    assert plan.report()["counts"]["educators"]["created"] == 1


def test_an_empty_optional_cell_of_a_new_educator_takes_the_default(kochkor_school):
    headers = EDUCATOR_HEADERS + ["pedagogical education", "qualification category"]
    bakyt = {"pedagogical education": "жок", "qualification category": "first"}
    rows = [educator(**{"pedagogical education": None}),
            educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", **bakyt)]  # fmt: skip

    commit(workbook({"Educators": rows_of(rows, headers)}))

    people = Educator.objects.order_by("pin").values_list(
        "pin", "has_pedagogical_education", "category"
    )
    assert list(people) == [(PIN_F, True, "none"), (PIN_M, False, "first")]


def test_a_file_checked_by_one_user_is_not_imported_by_another(methodist):
    colleague = user_with_role("methodist.kochkor.2", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    params = {"upload": "imports/uploads/staff.xlsx", "filename": "staff.xlsx", "mapping": {}}
    checked = Job.objects.create(kind=CHECK, params=params, status=Job.Status.DONE,
                                 created_by=colleague)  # fmt: skip

    with pytest.raises(PermissionDenied):
        start_import(actor=methodist, check=checked)

    assert Job.objects.count() == 1
    assert not AuditEvent.objects.filter(verb__startswith="start_").exists()
