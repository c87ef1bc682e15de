"""A file is matched by PIN only against the educators whose full PIN its importer may see: a
PIN masked to them, one outside their territory and one nobody has get the same answer from a
check. Writing refuses a PIN registered to someone unseen, so learning that it is registered
costs writing the file's other rows for real, in the audit trail."""

import datetime as dt

import pytest

from cheber.core.access import Role
from cheber.imports.tests.files import (
    EDUCATOR_HEADERS,
    PIN_F,
    PIN_M,
    TRAINING_HEADERS,
    check,
    commit,
    educator,
    problems,
    rows_of,
    training,
    workbook,
)
from cheber.registry.models import Educator, Employment, TrainingRecord
from cheber.registry.tests.factories import EducatorFactory, employ, user_with_role

NOBODYS_PIN = "21205198000124"
HIDDEN = (
    "This PIN is registered to an educator whose full PIN you may not see, so a file cannot "
    "change their record: change it on their page, or ask the registry keeper of their district."
)
UNKNOWN = (
    "No educator with this PIN among those whose full PIN you may see, nor on the educators sheet."
)


@pytest.fixture
def elsewhere(at_bashy_school):
    """A man registered and working in At-Bashy, outside the Kochkor methodist's district."""
    person = EducatorFactory(pin=PIN_M, sex="M", birth_date=dt.date(1975, 3, 1),
                             surname="Токтогулов", first_name="Бакыт")  # fmt: skip
    employ(person, at_bashy_school)
    return person


@pytest.fixture
def colleague(kochkor_school):
    """A woman of the Kochkor school: her principal sees her PIN masked."""
    person = EducatorFactory(pin=PIN_F, birth_date=dt.date(1980, 5, 12), surname="Асанова",
                             first_name="Айгуль")  # fmt: skip
    employ(person, kochkor_school)
    return person


def people(*rows) -> bytes:
    return workbook({"Educators": rows_of(list(rows), EDUCATOR_HEADERS)})


def trainings(*rows) -> bytes:
    return workbook({"Training history": rows_of(list(rows), TRAINING_HEADERS)})


def outcome(plan) -> tuple:
    return plan.report()["counts"]["educators"], problems(plan)


def test_a_check_answers_for_a_pin_outside_the_territory_as_for_one_nobody_has(
    methodist, kochkor_school, elsewhere
):
    outside = check(people(educator(pin=PIN_M, surname="Токтогулов", name="Бакыт")),
                    actor=methodist)  # fmt: skip
    nobodys = check(people(educator(pin=NOBODYS_PIN, surname="Токтогулов", name="Бакыт")),
                    actor=methodist)  # fmt: skip

    assert outcome(outside) == outcome(nobodys)
    assert outcome(outside) == (
        {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}, []
    )  # fmt: skip


def test_writing_refuses_a_pin_registered_outside_and_writes_the_other_rows(
    methodist, kochkor_school, elsewhere
):
    plan = commit(people(educator(), educator(pin=PIN_M, surname="Токтогулов", name="Бакыт")),
                  actor=methodist)  # fmt: skip

    assert problems(plan) == [("Educators", 3, "A (PIN)", HIDDEN)]
    assert plan.report()["counts"]["educators"]["created"] == 1
    assert Educator.objects.get(pin=PIN_F).surname == "Асанова"
    assert [job.organization.code for job in Employment.objects.filter(educator=elsewhere)] == [
        "SCH-ATB-1"
    ]


def test_a_training_of_someone_outside_gets_the_answer_of_a_pin_nobody_has(
    methodist, kochkor_school, elsewhere
):
    plan = check(trainings(training(pin=PIN_M), training(pin=NOBODYS_PIN, number="X-2")),
                 actor=methodist)  # fmt: skip

    assert problems(plan) == [
        ("Training history", 2, "A (PIN)", UNKNOWN),
        ("Training history", 3, "A (PIN)", UNKNOWN),
    ]


def test_a_principal_matches_no_masked_colleague_by_pin(kochkor_school, colleague):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=kochkor_school)
    real_pin = educator(surname="Асанова", name="Айгуль")
    wrong_pin = educator(pin="11205198000999", surname="Асанова", name="Айгуль")

    answers = [outcome(check(people(row), actor=principal)) for row in (real_pin, wrong_pin)]
    history = check(trainings(training(pin=PIN_F)), actor=principal)

    assert answers[0] == answers[1]
    assert answers[0][0] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert problems(history) == [("Training history", 2, "A (PIN)", UNKNOWN)]


def test_a_principal_cannot_change_a_masked_colleague_by_file(kochkor_school, colleague):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=kochkor_school)

    plan = commit(people(educator(surname="Асанбекова", name="Айгуль")), actor=principal)

    assert problems(plan) == [("Educators", 2, "A (PIN)", HIDDEN)]
    assert Educator.objects.get(pin=PIN_F).surname == "Асанова"
    assert not TrainingRecord.objects.exists()


def test_the_keeper_of_the_district_still_matches_their_staff_by_pin(methodist, colleague):
    plan = check(people(educator(surname="Асанова", name="Айгуль", phone="+996555123456")),
                 actor=methodist)  # fmt: skip

    assert plan.report()["counts"]["educators"] == {
        "created": 0, "updated": 0, "unchanged": 1, "rejected": 0
    }  # fmt: skip
