"""Policies as data: the history in the migration, and the actions that change them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cheber.compliance import actions, engine
from cheber.compliance.models import EducatorStatus, Policy
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.models import Leave
from cheber.registry.tests.factories import user_with_role

D = dt.date
YEARLY = {
    "name_ky": "Жыл сайын 36 саат", "name_ru": "Ежегодно 36 часов", "name_en": "36 hours a year",
    "effective_from": D(2026, 9, 1), "mode": "hours", "period_months": 12,
    "required_hours": 36, "counted_kinds": ["qualification", "seminar", "august_seminar"],
    "sum_short_courses": True, "grace_months": 12, "pausing_leave_kinds": ["maternity"],
}  # fmt: skip


def test_history_of_the_rule_is_in_the_migration(db):
    rows = list(
        Policy.objects.order_by("effective_from").values_list(
            "effective_from", "mode", "period_months", "min_course_hours", "grace_months"
        )
    )
    assert rows == [(D(2003, 4, 30), "cycle", 60, 72, 60), (D(2023, 8, 1), "cycle", 60, 72, 60)]
    assert Policy.objects.in_force(D(2003, 4, 29)) is None
    assert Policy.objects.in_force(D(2023, 7, 31)).effective_from == D(2003, 4, 30)
    assert Policy.objects.in_force(D(2026, 11, 22)).effective_from == D(2023, 8, 1)


def test_institute_adds_a_rule_and_everyone_is_judged_by_it(kochkor, institute):
    engine.refresh_statuses()
    policy = actions.create_policy(actor=institute, **YEARLY)
    assert set(EducatorStatus.objects.values_list("policy", flat=True)) == {policy.pk}
    # the 2024 course was earned under the 5-year rule: kept until 2029
    assert EducatorStatus.objects.get(educator=kochkor.people["compliant"]).status == "compliant"
    assert EducatorStatus.objects.get(educator=kochkor.people["due"]).status == "due"
    event = AuditEvent.objects.get(verb="create_policy")
    assert (event.actor, event.object_id, event.data["required_hours"]) == (
        institute, str(policy.pk), 36,
    )  # fmt: skip


def test_update_policy_records_what_changed(kochkor, institute):
    policy = Policy.objects.get(effective_from=D(2023, 8, 1))
    actions.update_policy(actor=institute, policy=policy, period_months=36)
    # trained in 2024, under the changed rule; the 2021 course was under the 2003 rule
    assert EducatorStatus.objects.get(educator=kochkor.people["compliant"]).due_date == D(
        2027, 3, 1
    )
    assert EducatorStatus.objects.get(educator=kochkor.people["due"]).due_date == D(2026, 12, 10)
    assert AuditEvent.objects.get(verb="update_policy").data["changed"] == {
        "period_months": [60, 36]
    }


def test_only_the_institute_changes_policies(kochkor, methodist):
    for user in [methodist, user_with_role("m", Role.MINISTRY), user_with_role("a", Role.AUDITOR)]:
        with pytest.raises(PermissionDenied):
            actions.create_policy(actor=user, **YEARLY)
    assert Policy.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"required_hours": None}, "required_hours"),
        ({"counted_kinds": ["lecture"]}, "counted_kinds"),
        ({"pausing_leave_kinds": ["holiday"]}, "pausing_leave_kinds"),
        ({"effective_from": D(2023, 8, 1)}, "effective_from"),
        ({"period_months": 0}, "period_months"),
    ],
)
def test_invalid_policy_names_the_field_and_saves_nothing(institute, change, field):
    with pytest.raises(ValidationError) as error:
        actions.create_policy(actor=institute, **{**YEARLY, **change})
    assert field in error.value.message_dict
    assert Policy.objects.count() == 2


def test_methodist_records_leave_of_their_district_only(kochkor, methodist):
    leave = actions.record_leave(
        actor=methodist, educator=kochkor.people["overdue"], kind="maternity",
        start_date=D(2020, 1, 1), end_date=D(2022, 12, 31),
    )  # fmt: skip
    assert (leave.recorded_by, AuditEvent.objects.get(verb="record_leave").object_id) == (
        methodist, str(leave.pk),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        actions.record_leave(
            actor=methodist, educator=kochkor.outsiders[0], kind="maternity",
            start_date=D(2020, 1, 1), end_date=D(2021, 12, 31),
        )  # fmt: skip
    engine.ensure_fresh()
    assert EducatorStatus.objects.get(educator=kochkor.people["overdue"]).status == "compliant"


def test_teacher_cannot_record_leave_and_bad_dates_are_refused(kochkor, methodist):
    teacher = user_with_role("t", Role.TEACHER, educator=kochkor.people["due"])
    with pytest.raises(PermissionDenied):
        actions.record_leave(actor=teacher, educator=kochkor.people["due"], kind="maternity",
                             start_date=D(2020, 1, 1), end_date=D(2021, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.record_leave(actor=methodist, educator=kochkor.people["due"], kind="maternity",
                             start_date=D(2021, 1, 1), end_date=D(2020, 1, 1))  # fmt: skip
    assert "end_date" in error.value.message_dict
    assert Leave.objects.count() == 0
