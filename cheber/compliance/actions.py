"""Changing the rules (the national institute) and recording leave (staff in scope).

A policy change recomputes every status at once, so no page shows a status under a rule that
is no longer in force.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cheber.compliance import jobs
from cheber.compliance.access import can_change_policy, can_record_leave, records_leave
from cheber.compliance.dashboard import has_dashboard
from cheber.compliance.engine import refresh_statuses
from cheber.compliance.models import Policy
from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.core.jobs import start_job
from cheber.core.models import Job
from cheber.registry.models import Educator, Leave, TrainingRecord

POLICY_FIELDS = (
    "name_ky", "name_ru", "name_en", "effective_from", "mode", "period_months",
    "required_hours", "counted_kinds", "counted_forms", "min_course_hours",
    "sum_short_courses", "grace_months", "pausing_leave_kinds", "retraining_required",
    "retraining_grace_months", "self_declared", "planning_priority", "basis",
)  # fmt: skip
CHOICES = {
    "counted_kinds": TrainingRecord.Kind.values,
    "counted_forms": TrainingRecord.Form.values,
    "pausing_leave_kinds": Leave.Kind.values,
}


def _require_institute(actor: Any) -> None:
    if not can_change_policy(actor):
        raise PermissionDenied(_("Only the national institute may change compliance policies."))


def _validate(policy: Policy) -> None:
    errors: dict[str, list] = {}
    for name, allowed in CHOICES.items():
        values = getattr(policy, name)
        if not isinstance(values, list) or any(v not in allowed for v in values):
            errors[name] = [_("Choose values from the list.")]
        else:
            setattr(policy, name, sorted(set(values)))
    if not policy.period_months or policy.period_months < 1:
        errors["period_months"] = [_("The period must be at least one month.")]
    if policy.mode == Policy.Mode.HOURS and not policy.required_hours:
        errors["required_hours"] = [_("A rule of hours needs the number of hours.")]
    if policy.mode == Policy.Mode.CYCLE:
        policy.required_hours = None
        policy.sum_short_courses = False  # only a rule of hours sums courses
    if errors:
        raise ValidationError(errors)
    policy.full_clean()


def _apply(policy: Policy, fields: dict) -> None:
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(policy, name, list(value) if name in CHOICES else value)


@transaction.atomic
def create_policy(*, actor: Any, **fields: Any) -> Policy:
    _require_institute(actor)
    policy = Policy(created_by=user_or_none(actor))
    _apply(policy, fields)
    _validate(policy)
    policy.save()
    record(actor=actor, verb="create_policy", obj=policy, **_snapshot(policy))
    refresh_statuses()
    return policy


@transaction.atomic
def update_policy(*, actor: Any, policy: Policy, **fields: Any) -> Policy:
    _require_institute(actor)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    before = _snapshot(policy)
    _apply(policy, fields)
    _validate(policy)
    policy.save()
    after = _snapshot(policy)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record(actor=actor, verb="update_policy", obj=policy, changed=changed)
    refresh_statuses()
    return policy


def _snapshot(policy: Policy) -> dict:
    values = {name: getattr(policy, name) for name in POLICY_FIELDS}
    values["effective_from"] = policy.effective_from.isoformat()
    return values


@transaction.atomic
def record_leave(
    *, actor: Any, educator: Educator, kind: str, start_date: dt.date, end_date: dt.date
) -> Leave:
    """A leave of an educator the actor may see; recorded by national, oblast, district or
    school staff (not by the teacher or a provider)."""
    if not records_leave(actor):
        raise PermissionDenied(_("Leave is recorded by the school or the district."))
    if not can_record_leave(actor, educator):
        raise PermissionDenied(_("This educator is outside your scope."))
    user = user_or_none(actor)
    leave = Leave(educator=educator, kind=kind, start_date=start_date, end_date=end_date,
                  recorded_by=user)  # fmt: skip
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    leave.full_clean()
    leave.save()
    record(actor=actor, verb="record_leave", obj=leave, educator=educator.pk, kind=kind,
           start=start_date.isoformat(), end=end_date.isoformat())  # fmt: skip
    return leave


@transaction.atomic
def start_status_list_export(
    *, actor: Any, filters: dict[str, str], language: str, today: dt.date
) -> Job:
    """The list of educators by status that `actor` sees with `filters`, as Excel made in the
    background; the same user's unfinished export of the same list is returned instead."""
    if not has_dashboard(actor):
        raise PermissionDenied
    params = {"filters": filters, "language": language, "today": today.isoformat()}
    return start_job(actor=actor, kind=jobs.KIND, params=params, task=jobs.build_status_list,
                     verb="start_status_list_export", **filters)  # fmt: skip
