"""Self-declared training and the status: a teacher's own "external certificate" counts only
once the district cabinet has verified it (under the reference policies); whether it counts at
all, and whether only verified, is the policy of its time; records the registry's keepers
enter or import count at once, as before.

The day is 22 November 2026. The teacher, in Kochkor since 2010, last trained in May 2019:
overdue since 20 May 2024."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.compliance import engine
from cheber.compliance.actions import create_policy
from cheber.compliance.models import EducatorStatus, Policy
from cheber.compliance.rules import Rule, evaluate
from cheber.compliance.tests.conftest import add_training, history_of, make_educator
from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.imports.tests.files import TRAINING_HEADERS, commit, rows_of, training, workbook
from cheber.registry.tests.factories import KOCHKOR, OrganizationFactory, scan, unit, user_with_role

D = dt.date
MY_STATUS = reverse("compliance:my_status")
pytestmark = pytest.mark.usefixtures("reference", "today")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def school():
    return OrganizationFactory(code="SCH-KOCH-1", unit=unit(KOCHKOR))


@pytest.fixture
def overdue(school):
    """Last trained 20 May 2019: overdue since 20 May 2024."""
    return make_educator(school, hired_on=D(2010, 9, 1), trainings=[(D(2019, 5, 20), 72)])


@pytest.fixture
def teacher(overdue):
    return user_with_role("teacher", Role.TEACHER, educator=overdue)


@pytest.fixture
def methodist():
    return user_with_role("methodist.kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


def status_seen_by(client, user):
    """The teacher's status as their own page reads it (made current by the page itself)."""
    client.force_login(user)
    response = client.get(MY_STATUS)
    row = response.context["row"]
    return (row.status, row.due_date), response.context["explanation"]


CERTIFICATE = {
    "number": "АЛ-2026/117", "title": "Заманбап сабак", "provider_name": "Алатоо ЖЧК",
    "hours": "72", "start_date": "2026-10-05", "end_date": "2026-10-16", "form": "stationary",
    "kind": "qualification", "issue_date": "2026-10-16",
}  # fmt: skip


def test_a_declared_72_hour_course_counts_only_once_the_methodist_verifies_it(
    client, teacher, methodist, overdue
):
    client.cookies["cheber_language"] = "en"
    assert status_seen_by(client, teacher)[0] == ("overdue", D(2024, 5, 20))
    client.post(reverse("certificates:record_external", args=[overdue.pk]),
                CERTIFICATE | {"document": scan()})  # fmt: skip
    training = overdue.training_records.get(verification="pending")

    declared, why = status_seen_by(client, teacher)
    client.force_login(methodist)
    client.post(reverse("registry:verify_training", args=[training.pk]))
    verified, _ = status_seen_by(client, teacher)

    assert declared == ("overdue", D(2024, 5, 20))
    assert "Заманбап сабак: self-declared: counts once the district cabinet verifies it" in why
    assert verified == ("compliant", D(2031, 10, 16))
    assert EducatorStatus.objects.get(educator=overdue).last_training_date == D(2026, 10, 16)


def test_a_rejected_declaration_never_counts(client, teacher, methodist, overdue):
    training = add_training(overdue, D(2026, 10, 16), verification="pending")
    client.force_login(methodist)
    client.post(reverse("registry:reject_training", args=[training.pk]), {"reason": "Жасалма."})

    assert status_seen_by(client, teacher)[0] == ("overdue", D(2024, 5, 20))


def reference_terms() -> dict:
    """The terms of the policy in force (migration 0002), to change one of them from a date."""
    policy = Policy.objects.order_by("-effective_from").first()
    names = ("mode", "period_months", "counted_kinds", "min_course_hours", "grace_months",
             "pausing_leave_kinds", "retraining_required", "retraining_grace_months")  # fmt: skip
    return {name: getattr(policy, name) for name in names}


def new_policy(effective_from: dt.date, self_declared: str) -> Policy:
    """A policy the national institute adds, as the policy page does (every status is judged
    again at once)."""
    institute = user_with_role("institute", Role.NATIONAL_INSTITUTE)
    return create_policy(
        actor=institute, name_ky="Өзү билдирген", name_ru="Самозаявленные",
        effective_from=effective_from, self_declared=self_declared, **reference_terms(),
    )  # fmt: skip


def judged(*educators) -> list[tuple]:
    """Each one's maintained status, checked against the rules on plain values."""
    rules = [Rule.of(p) for p in Policy.objects.all()]
    rows = []
    for educator in educators:
        row = EducatorStatus.objects.get(educator=educator)
        oracle = evaluate(rules, history_of(educator), D(2026, 11, 22))
        assert (row.status, row.due_date) == (oracle.status, oracle.due_date)
        rows.append((row.status, row.due_date))
    return rows


def test_a_policy_that_counts_unverified_declarations_from_a_date_counts_them_from_it(school):
    before, after, rejected = (
        make_educator(school, trainings=[(D(2019, 5, 20), 72)]) for _ in range(3)
    )
    add_training(before, D(2026, 5, 29), verification="pending")
    add_training(after, D(2026, 6, 1), verification="pending")
    add_training(rejected, D(2026, 8, 3), verification="rejected")
    engine.refresh_statuses()
    assert judged(before, after, rejected) == [("overdue", D(2024, 5, 20))] * 3

    new_policy(D(2026, 6, 1), "declared")

    assert judged(before, after, rejected) == [
        ("overdue", D(2024, 5, 20)),  # ended before the date: judged by the policy of its time
        ("compliant", D(2031, 6, 1)),
        ("overdue", D(2024, 5, 20)),  # a rejected declaration never counts
    ]


def test_a_policy_that_does_not_count_declarations_ignores_even_verified_ones(school):
    before, after = (make_educator(school, trainings=[(D(2019, 5, 20), 72)]) for _ in range(2))
    add_training(before, D(2026, 3, 2), verification="verified")
    add_training(after, D(2026, 7, 1), verification="verified")

    new_policy(D(2026, 6, 1), "not_counted")

    assert judged(before, after) == [("compliant", D(2031, 3, 2)), ("overdue", D(2024, 5, 20))]


def test_a_keepers_entry_counts_at_once(client, teacher, overdue, school):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    client.force_login(principal)

    client.post(reverse("registry:training_create", args=[overdue.pk]), {
        "title": "Заманбап сабак", "provider_name": "Алатоо ЖЧК", "hours": "72",
        "start_date": "2026-10-05", "end_date": "2026-10-16", "form": "stationary",
    })  # fmt: skip

    assert overdue.training_records.get(title="Заманбап сабак").verification == "not_needed"
    assert status_seen_by(client, teacher)[0] == ("compliant", D(2031, 10, 16))


def test_an_imported_training_counts_at_once(client, teacher, overdue):
    row = training(pin=overdue.pin, **{"training start date": D(2026, 10, 5),
                                       "training end date": D(2026, 10, 16)})  # fmt: skip

    commit(workbook({"Training history": rows_of([row], TRAINING_HEADERS)}), actor=SYSTEM)

    imported = overdue.training_records.get(certificate_number=row["certificate number"])
    assert imported.verification == "not_needed"
    assert status_seen_by(client, teacher)[0] == ("compliant", D(2031, 10, 16))
