"""The pages, as each role: upload, preview with problems and mapping, import, templates,
export of one's own district; someone else's job or district is not reachable."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cheber.core.access import Role
from cheber.core.models import Job, PersonalDataAccess
from cheber.imports.tests.files import (
    EDUCATOR_HEADERS,
    PIN_F,
    PIN_M,
    commit,
    educator,
    rows_of,
    workbook,
)
from cheber.registry.models import Educator
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    employ,
    unit,
    user_with_role,
)


def upload(client, content: bytes, name: str = "staff.xlsx"):
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, content)})


def staff_file(*rows, headers=EDUCATOR_HEADERS) -> bytes:
    return workbook({"Educators": rows_of(list(rows), headers)})


def test_a_methodist_checks_then_imports_a_file_through_the_pages(client, english, methodist,
                                                                  kochkor_school):  # fmt: skip
    client.force_login(methodist)
    bad = educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", organization="SCH-NOWHERE")

    checked = upload(client, staff_file(educator(), bad))

    job = Job.objects.get()
    assert checked.status_code == 302
    assert checked.url == reverse("imports:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.created_by) == ("registry_check", "done", methodist)
    page = client.get(checked.url)
    assert "No organization has the code SCH-NOWHERE." in page.text
    assert "Import 1 valid row" in page.text
    assert Educator.objects.count() == 0

    imported = client.post(reverse("imports:job_commit", args=[job.pk]))

    final = Job.objects.latest("pk")
    assert imported.url == reverse("imports:job_detail", args=[final.pk])
    assert (final.kind, final.status) == ("registry_import", "done")
    assert list(Educator.objects.values_list("pin", flat=True)) == [PIN_F]
    assert "Imported. Rows with problems were left out" in client.get(imported.url).text


def test_the_progress_fragment_asks_for_the_whole_page_once_the_job_is_done(
    client, methodist, kochkor_school
):
    client.force_login(methodist)
    upload(client, staff_file(educator()))
    job = Job.objects.get()

    fragment = client.get(
        reverse("imports:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    )

    assert fragment.headers["HX-Refresh"] == "true"


def test_headers_that_differ_are_mapped_on_the_preview_and_checked_again(
    client, english, methodist, kochkor_school
):
    client.force_login(methodist)
    headers = ["ИНН", "Фамилиясы", "Аты-жөнү", "Атасы", "Билими", "Уюм", "Кызматы", "Качантан"]
    upload(
        client, staff_file(dict(zip(headers, educator().values(), strict=True)), headers=headers)
    )
    job = Job.objects.get()
    page = client.get(reverse("imports:job_detail", args=[job.pk]))
    assert "No sheet of the file has the columns of the template." in page.text
    keys = ["pin", "surname", "first_name", "patronymic", "education_level", "organization",
            "position", "start_date"]  # fmt: skip
    mapping = {"s0-entity": "educators", "s0-header_row": "1"}
    mapping |= {f"s0-c{i}": f"educators:{key}" for i, key in enumerate(keys)}

    remapped = client.post(reverse("imports:job_remap", args=[job.pk]), mapping)

    again = Job.objects.latest("pk")
    assert remapped.url == reverse("imports:job_detail", args=[again.pk])
    assert again.params["mapping"]["Educators"]["columns"]["0"] == "pin"
    assert "Import 1 valid row" in client.get(remapped.url).text


def test_a_sheet_lacking_required_columns_says_so_at_the_top_with_the_template(
    client, english, methodist, kochkor_school
):
    client.force_login(methodist)
    headers = [h for h in EDUCATOR_HEADERS if h not in ("education level", "job start date")]
    upload(client, staff_file(educator(), headers=headers))

    page = client.get(reverse("imports:job_detail", args=[Job.objects.get().pk]))

    alert = page.text.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert alert.startswith(
        "The sheet “Educators” lacks required columns: “education level”, “job start date”."
    )
    assert f'href="{reverse("imports:template", args=["ky"])}"' in alert


def test_a_hostile_file_gets_a_clear_message_not_an_error_page(client, english, methodist):
    client.force_login(methodist)

    upload(client, b"PK\x03\x04 not really a zip", "evil.xlsx")

    page = client.get(reverse("imports:job_detail", args=[Job.objects.get().pk]))
    assert page.status_code == 200
    assert "The workbook is damaged: it cannot be opened." in page.text


def test_an_upload_without_a_file_names_the_field(client, english, methodist):
    client.force_login(methodist)

    page = client.post(reverse("imports:upload"), {})

    assert page.status_code == 200
    assert "This field is required." in page.text
    assert Job.objects.count() == 0


def test_only_registry_editors_may_import(client, kochkor_school):
    teacher = EducatorFactory()
    user = user_with_role("teacher", Role.TEACHER, educator=teacher)
    auditor = user_with_role("auditor", Role.AUDITOR)

    for person in (user, auditor):
        client.force_login(person)
        assert client.get(reverse("imports:upload")).status_code == 403
        assert upload(client, staff_file(educator())).status_code == 403
    client.logout()
    assert client.get(reverse("imports:upload")).status_code == 302


def test_someone_elses_import_job_is_not_found(client, methodist, kochkor_school):
    client.force_login(methodist)
    upload(client, staff_file(educator()))
    job = Job.objects.get()
    other = user_with_role("methodist.atbashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    client.force_login(other)

    assert client.get(reverse("imports:job_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_commit", args=[job.pk])).status_code == 404


def test_the_templates_in_kyrgyz_and_russian_have_the_column_names_of_their_language(
    client, methodist
):
    client.force_login(methodist)

    for language, first in (("ky", "Уюмдун коду"), ("ru", "Код организации")):
        response = client.get(reverse("imports:template", args=[language]))
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        header = next(book.worksheets[0].iter_rows(values_only=True))
        assert response["Content-Disposition"] == (
            f'attachment; filename="cheber-import-template-{language}.xlsx"'
        )
        assert header[0] == first


def test_a_methodist_exports_only_their_district(
    client, methodist, kochkor_school, at_bashy_school
):
    ours, theirs = EducatorFactory(surname="Асанова"), EducatorFactory(surname="Жумабаева")
    employ(ours, kochkor_school)
    employ(theirs, at_bashy_school)
    client.force_login(methodist)

    own = client.get(reverse("imports:export"), {"unit": KOCHKOR, "language": "ru"})
    foreign = client.get(reverse("imports:export"), {"unit": AT_BASHY})

    def pins(response):
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]

    assert pins(own) == [ours.pin]
    assert foreign.status_code == 404
    assert own["Cache-Control"] == "no-store"
    [access] = PersonalDataAccess.objects.all()
    assert (access.user, access.what, access.rows, access.filters) == (
        methodist,
        "imports:export",
        1,
        {"unit": KOCHKOR},
    )


def test_a_principal_exports_no_template_with_full_pins(client, kochkor_school):
    client.force_login(user_with_role("pr", Role.PRINCIPAL, organization=kochkor_school))

    assert client.get(reverse("imports:export"), {"unit": KOCHKOR}).status_code == 404


def test_the_upload_page_offers_the_templates_and_the_export_of_ones_district(
    client, english, methodist
):
    client.force_login(methodist)

    page = client.get(reverse("imports:upload"))

    assert reverse("imports:template", args=["ky"]) in page.text
    assert f"{reverse('imports:export')}?unit={KOCHKOR}&amp;language=ru" in page.text


def test_the_import_is_in_the_navigation_of_registry_editors_only(client, methodist):
    teacher = user_with_role("teacher", Role.TEACHER, educator=EducatorFactory())

    client.force_login(methodist)
    assert reverse("imports:upload") in client.get(reverse("core:home")).text
    client.force_login(teacher)
    assert reverse("imports:upload") not in client.get(reverse("core:home")).text


def test_committing_a_file_already_imported_writes_nothing(
    client, english, methodist, kochkor_school
):
    content = staff_file(educator())
    commit(content, actor=methodist)
    client.force_login(methodist)
    upload(client, content)
    check = Job.objects.get()

    client.post(reverse("imports:job_commit", args=[check.pk]))

    page = client.get(reverse("imports:job_detail", args=[Job.objects.latest("pk").pk]))
    assert "Nothing needed writing: the registry already holds these rows." in page.text
    assert Educator.objects.count() == 1


def test_the_problems_download_as_a_workbook(client, english, methodist, kochkor_school):
    client.force_login(methodist)
    upload(client, staff_file(educator(organization="=cmd|' /C calc'!A0")))
    job = Job.objects.get()

    response = client.get(reverse("imports:job_problems", args=[job.pk]))

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Row", "Column", "Reason", "Level")
    formula = "A formula is not a value: type the value itself (without “=”)."
    assert rows[1] == ("Educators", 2, "F (organization code)", formula, "error")
    assert response["Cache-Control"] == "no-store"


def test_an_import_whose_worker_was_killed_shows_so_and_starts_again(client, english, methodist,
                                                                     kochkor_school):  # fmt: skip
    client.force_login(methodist)
    upload(client, staff_file(educator()))
    check = Job.objects.get()
    long_ago = timezone.now() - dt.timedelta(hours=2)
    lost = Job.objects.create(kind="registry_import", params=check.params, created_by=methodist,
                              status=Job.Status.RUNNING, started_at=long_ago)  # fmt: skip

    page = client.get(reverse("imports:job_detail", args=[lost.pk]))
    again = client.post(reverse("imports:job_commit", args=[lost.pk]))

    assert "The job was interrupted (its worker stopped). Nothing of it was written." in page.text
    assert 'hx-trigger="every 1s"' not in page.text
    assert again.url == reverse("imports:job_detail", args=[Job.objects.latest("pk").pk])
    assert list(Educator.objects.values_list("pin", flat=True)) == [PIN_F]


def test_a_running_import_is_not_started_twice_from_its_page(client, methodist, kochkor_school):
    client.force_login(methodist)
    upload(client, staff_file(educator()))
    running = Job.objects.create(kind="registry_import", params=Job.objects.get().params,
                                 created_by=methodist, status=Job.Status.RUNNING,
                                 started_at=timezone.now())  # fmt: skip

    assert client.post(reverse("imports:job_commit", args=[running.pk])).status_code == 404
