"""The compliance rule for ONE educator, on plain values (no database): the oracle the
set-based engine (`engine.py`) is tested against, and the explanation shown to a teacher.

Semantics (the engine implements exactly these):

- **Which policy.** The status on `today` is judged under the policy in force today (latest
  `effective_from` ≤ today). A training counts if it counted under the policy in force on its
  end date (trainings before the first policy are judged by the first one). Trainings ending
  after `today` are ignored.
- **A training counts** if its kind is in `counted_kinds` and its form in `counted_forms` (an
  empty list means any) and it has at least `min_course_hours` hours; under an hours policy
  with `sum_short_courses`, shorter courses count too (their hours are summed). A training the
  educator declared themself counts as `self_declared` says: once verified (the reference
  policies), also while it waits, or never; a rejected one never does. Records entered by the
  registry's keepers, imported or completed in Cheber need no verification.
- **Anchor.** Cycle mode: the end date of the last counting training. Hours mode: the latest
  date D such that the counting trainings ending on or after D hold `required_hours`.
- **Due date** under a policy = anchor + `period_months` (clamped to the month's end, so
  29 Feb + 12 months = 28 Feb) + the days of pausing leave (kinds in `pausing_leave_kinds`)
  inside [anchor, anchor + period], each leave counted on its own. No chaining: leave after
  that end does not extend it again.
- **Earned cycles are kept.** The due date is the latest of: the due date under today's
  policy; the due date under the policy in force on the last counting training (a cycle
  earned under an old rule is kept when the rule changes mid-cycle); and the end of the
  hiring grace (first hire + today's `grace_months`).
- **Status**, in this order: `needs_retraining` if today's policy requires retraining, the
  educator has no pedagogical education, no retraining record (any, ended by today; a
  self-declared one only as the policy of its time says, see above) and more than
  `retraining_grace_months` passed since the first hire; else `overdue` if the due date
  is before today (`never_trained` instead when no training ever counted); else `due` if the
  due date falls in today's calendar year; else `compliant` (until the due date). The due
  date itself is the last day one is still in time.
- **Hours in the period** (shown, not judged): hours of counting trainings ending within
  [today − period, today].
"""

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cheber.core import dates

CYCLE, HOURS = "cycle", "hours"
RETRAINING = "retraining"
# The verification states of a training record (`registry.TrainingRecord.Verification`) that
# count under each choice of a policy's `self_declared`.
NOT_NEEDED = "not_needed"
COUNTED_VERIFICATION = {
    "verified": (NOT_NEEDED, "verified"),
    "declared": (NOT_NEEDED, "verified", "pending"),
    "not_counted": (NOT_NEEDED,),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the last day of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Rule:
    """A policy as values (see `compliance.models.Policy`)."""

    effective_from: dt.date
    mode: str = CYCLE
    period_months: int = 60
    required_hours: int | None = None
    counted_kinds: tuple[str, ...] = ()
    counted_forms: tuple[str, ...] = ()
    min_course_hours: int = 0
    sum_short_courses: bool = False
    grace_months: int = 0
    pausing_leave_kinds: tuple[str, ...] = ()
    retraining_required: bool = True
    retraining_grace_months: int = 24
    self_declared: str = "verified"
    pk: int | None = None

    @classmethod
    def of(cls, policy) -> "Rule":
        return cls(
            effective_from=policy.effective_from, mode=policy.mode,
            period_months=policy.period_months, required_hours=policy.required_hours,
            counted_kinds=tuple(policy.counted_kinds), counted_forms=tuple(policy.counted_forms),
            min_course_hours=policy.min_course_hours, sum_short_courses=policy.sum_short_courses,
            grace_months=policy.grace_months,
            pausing_leave_kinds=tuple(policy.pausing_leave_kinds),
            retraining_required=policy.retraining_required,
            retraining_grace_months=policy.retraining_grace_months,
            self_declared=policy.self_declared, pk=policy.pk,
        )  # fmt: skip

    @property
    def sums_short_courses(self) -> bool:
        return self.mode == HOURS and self.sum_short_courses


@dataclass(frozen=True)
class Training:
    end_date: dt.date
    hours: int
    kind: str = "qualification"
    form: str = "stationary"
    title: str = ""
    verification: str = NOT_NEEDED


@dataclass(frozen=True)
class LeaveSpan:
    kind: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class History:
    hired_on: dt.date
    has_pedagogical_education: bool = True
    trainings: tuple[Training, ...] = ()
    leaves: tuple[LeaveSpan, ...] = ()


@dataclass(frozen=True)
class Outcome:
    status: str
    due_date: dt.date
    last_training_date: dt.date | None
    hours_in_period: int
    rule: Rule
    counted: tuple[Training, ...] = ()
    ignored: tuple[tuple[Training, str], ...] = field(default=())


def rule_at(rules: list[Rule], day: dt.date) -> Rule:
    """The rule in force on `day`; the first rule for days before it."""
    ordered = sorted(rules, key=lambda r: r.effective_from)
    current = ordered[0]
    for rule in ordered:
        if rule.effective_from <= day:
            current = rule
    return current


@dataclass(frozen=True)
class Condition:
    """One test a training must pass to count: its `field` ("kind", "form", "hours" or
    "verification", also the reason it does not count) among `values`, or, for hours, at
    least `least`."""

    field: str
    values: tuple[str, ...] = ()
    least: int | None = None

    def holds(self, value: str | int) -> bool:
        if self.least is not None:
            return value >= self.least
        return value in self.values


def counting(rule: Rule | None) -> tuple[Condition, ...]:
    """Which training counts under `rule`: THE definition, in the order the reasons are given.
    The Python predicate (`why_not_counted`), the Django filter (`compliance.counting`) and the
    SQL of the status engine (`compliance.sql`) are all built from it. No rule: everything."""
    if rule is None:
        return ()
    conditions = []
    if rule.counted_kinds:
        conditions.append(Condition("kind", values=tuple(rule.counted_kinds)))
    if rule.counted_forms:
        conditions.append(Condition("form", values=tuple(rule.counted_forms)))
    if rule.min_course_hours and not rule.sums_short_courses:
        conditions.append(Condition("hours", least=rule.min_course_hours))
    conditions.append(self_declared_condition(rule))
    return tuple(conditions)


def self_declared_condition(rule: Rule) -> Condition:
    """Which trainings stand as facts under `rule`, by who entered them: the self-declared
    ones as the policy says. A part of `counting`, and all that is asked of a retraining."""
    return Condition("verification", values=COUNTED_VERIFICATION[rule.self_declared])


def why_not_counted(rule: Rule | None, training: Training) -> str | None:
    """None if the training counts under `rule`, else the reason: kind, form, hours or
    verification."""
    for condition in counting(rule):
        if not condition.holds(getattr(training, condition.field)):
            return condition.field
    return None


def anchor(rule: Rule, counted: list[Training]) -> dt.date | None:
    if not counted:
        return None
    if rule.mode == CYCLE:
        return max(t.end_date for t in counted)
    total = 0
    for day in sorted({t.end_date for t in counted}, reverse=True):
        total += sum(t.hours for t in counted if t.end_date == day)
        if total >= (rule.required_hours or 0):
            return day
    return None


def paused_days(rule: Rule, leaves: tuple[LeaveSpan, ...], start: dt.date, end: dt.date) -> int:
    days = 0
    for leave in leaves:
        if leave.kind in rule.pausing_leave_kinds:
            days += max(0, (min(leave.end_date, end) - max(leave.start_date, start)).days + 1)
    return days


def due_under(rule: Rule, counted: list[Training], leaves) -> dt.date | None:
    start = anchor(rule, counted)
    if start is None:
        return None
    end = add_months(start, rule.period_months)
    return end + dt.timedelta(days=paused_days(rule, leaves, start, end))


def evaluate(rules: list[Rule], history: History, today: dt.date) -> Outcome:
    """The status of one educator on `today` (the rule in force must exist)."""
    rule = rule_at(rules, today)
    if rule.effective_from > today:
        raise ValueError("no policy in force")
    counted, ignored = [], []
    for training in history.trainings:
        if training.end_date > today:
            continue
        reason = why_not_counted(rule_at(rules, training.end_date), training)
        if reason:
            ignored.append((training, reason))
        else:
            counted.append(training)
    last = max((t.end_date for t in counted), default=None)
    dues = [
        add_months(history.hired_on, rule.grace_months),
        due_under(rule, counted, history.leaves),
    ]
    if last is not None:
        dues.append(due_under(rule_at(rules, last), counted, history.leaves))
    due = max(d for d in dues if d is not None)
    since = add_months(today, -rule.period_months)
    hours = sum(t.hours for t in counted if since <= t.end_date)
    status = _status(rules, history, today, due, last)
    return Outcome(status, due, last, hours, rule, tuple(counted), tuple(ignored))


def _status(rules: list[Rule], history: History, today: dt.date, due: dt.date, last) -> str:
    rule = rule_at(rules, today)
    retrained = any(
        t.kind == RETRAINING and t.end_date <= today
        and self_declared_condition(rule_at(rules, t.end_date)).holds(t.verification)
        for t in history.trainings
    )  # fmt: skip
    if (
        rule.retraining_required
        and not history.has_pedagogical_education
        and not retrained
        and today > add_months(history.hired_on, rule.retraining_grace_months)
    ):
        return "needs_retraining"
    if due < today:
        return "overdue" if last else "never_trained"
    if due <= dt.date(today.year, 12, 31):
        return "due"
    return "compliant"


@dataclass(frozen=True)
class Explanation:
    """What a teacher is shown: the outcome, the last counting training, and why."""

    outcome: Outcome
    last_training: Training | None
    why: tuple[str, ...]


NOT_COUNTED = {
    "kind": gettext_noop("this kind of training does not count"),
    "form": gettext_noop("this form of training does not count"),
    "hours": gettext_noop("shorter than the minimum hours of one course"),
}
# Why a self-declared training does not count: its state, or the policy of its time.
DECLARED_NOT_COUNTED = {
    "pending": gettext_noop("self-declared: counts once the district cabinet verifies it"),
    "rejected": gettext_noop("self-declared and rejected at verification"),
    "policy": gettext_noop("self-declared training does not count under the policy of its time"),
}


def explain(rules: list[Rule], history: History, today: dt.date) -> Explanation:
    """`evaluate`, with the reasons in words (translated by the caller's active language)."""
    outcome = evaluate(rules, history, today)
    last = max(outcome.counted, key=lambda t: t.end_date, default=None)
    why = []
    if outcome.status == "needs_retraining":
        why.append(_("Without pedagogical education, a retraining programme must be completed."))
    if last is None:
        why.append(_("No training that counts is recorded."))
    else:
        why.append(
            _("The last training that counts ended on %(date)s.")
            % {"date": dates.day(last.end_date)}
        )
    why.append(_("Next training due by %(date)s.") % {"date": dates.day(outcome.due_date)})
    if outcome.due_date == add_months(history.hired_on, outcome.rule.grace_months):
        why.append(_("New staff have time from their hiring date."))
    for training, reason in outcome.ignored:
        words = _reason_words(rules, training, reason)
        why.append(f"{training.title or dates.day(training.end_date)}: {_(words)}")
    return Explanation(outcome, last, tuple(why))


def _reason_words(rules: list[Rule], training: Training, reason: str) -> str:
    if reason != "verification":
        return NOT_COUNTED[reason]
    if rule_at(rules, training.end_date).self_declared == "not_counted":
        return DECLARED_NOT_COUNTED["policy"]
    return DECLARED_NOT_COUNTED[training.verification]
