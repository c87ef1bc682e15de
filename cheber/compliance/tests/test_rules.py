"""The rule for one educator, on plain values (no database)."""

import datetime as dt

from django.utils import translation

from cheber.compliance.rules import (
    History,
    LeaveSpan,
    Rule,
    Training,
    add_months,
    evaluate,
    explain,
    rule_at,
)

D = dt.date
FIVE_YEARS = Rule(
    D(2003, 4, 30), counted_kinds=("qualification", "retraining"), min_course_hours=72,
    grace_months=60, pausing_leave_kinds=("maternity",),
)  # fmt: skip
TODAY = D(2026, 11, 22)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2020, 2, 29), 12) == D(2021, 2, 28)
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2026, 11, 22), -60) == D(2021, 11, 22)
    assert add_months(D(2019, 12, 15), 1) == D(2020, 1, 15)


def test_trainings_before_the_first_rule_are_judged_by_it():
    later = Rule(D(2023, 8, 1))
    assert rule_at([later, FIVE_YEARS], D(1999, 5, 5)) == FIVE_YEARS
    assert rule_at([later, FIVE_YEARS], D(2023, 8, 1)) == later


def test_five_year_boundary():
    def status(end):
        history = History(D(2000, 9, 1), trainings=(Training(end, 72),))
        return evaluate([FIVE_YEARS], history, TODAY).status

    assert [status(D(2021, 11, 21)), status(D(2021, 11, 22)), status(D(2021, 11, 23))] == [
        "overdue", "due", "due",
    ]  # fmt: skip


def test_future_trainings_are_ignored():
    history = History(D(2000, 9, 1), trainings=(Training(D(2026, 12, 1), 72),))
    outcome = evaluate([FIVE_YEARS], history, TODAY)
    assert (outcome.status, outcome.last_training_date) == ("never_trained", None)


def test_hours_of_courses_ending_on_the_same_day_are_summed():
    rule = Rule(D(2003, 1, 1), mode="hours", period_months=12, required_hours=72,
                sum_short_courses=True)  # fmt: skip
    history = History(
        D(2000, 9, 1),
        trainings=(
            Training(D(2026, 3, 1), 36),
            Training(D(2026, 3, 1), 36),
            Training(D(2026, 9, 1), 18),
        ),
    )
    outcome = evaluate([rule], history, TODAY)
    assert (outcome.status, outcome.due_date, outcome.hours_in_period) == (
        "compliant", D(2027, 3, 1), 90,
    )  # fmt: skip


def test_short_courses_are_not_summed_unless_the_policy_says_so():
    rule = Rule(D(2003, 1, 1), mode="hours", period_months=12, required_hours=36,
                min_course_hours=36)  # fmt: skip
    history = History(D(2000, 9, 1), trainings=(Training(D(2026, 3, 1), 18),) * 2)
    assert evaluate([rule], history, TODAY).status == "never_trained"


def test_overlapping_pausing_leaves_each_count():
    history = History(D(2000, 9, 1), trainings=(Training(D(2021, 1, 1), 72),), leaves=(
        LeaveSpan("maternity", D(2022, 1, 1), D(2022, 1, 10)),
        LeaveSpan("maternity", D(2022, 1, 6), D(2022, 1, 15)),
        LeaveSpan("maternity", D(2020, 12, 30), D(2021, 1, 1)),
    ))  # fmt: skip
    assert evaluate([FIVE_YEARS], history, TODAY).due_date == D(2026, 1, 22)


def test_explain_names_the_last_training_and_what_did_not_count():
    history = History(D(2000, 9, 1), trainings=(
        Training(D(2022, 5, 4), 72, title="Math"),
        Training(D(2024, 8, 20), 18, "august_seminar", "seminar", title="August"),
        Training(D(2025, 2, 1), 36, title="Short"),
    ))  # fmt: skip
    with translation.override("en"):
        explanation = explain([FIVE_YEARS], history, TODAY)
    assert explanation.last_training.title == "Math"
    assert explanation.why == (
        "The last training that counts ended on 04.05.2022.",
        "Next training due by 04.05.2027.",
        "August: this kind of training does not count",
        "Short: shorter than the minimum hours of one course",
    )


def test_a_self_declared_training_counts_as_the_policy_of_its_time_says():
    verified_only = FIVE_YEARS
    declared_counts = Rule(D(2026, 6, 1), min_course_hours=72, self_declared="declared")
    never = Rule(D(2026, 9, 1), min_course_hours=72, self_declared="not_counted")
    rules = [verified_only, declared_counts, never]

    def counts(end: dt.date, verification: str) -> bool:
        history = History(D(2000, 9, 1), trainings=(Training(end, 72, verification=verification),))
        return evaluate(rules, history, TODAY).last_training_date == end

    assert [counts(D(2026, 5, 1), v) for v in ("not_needed", "pending", "verified")] == [
        True, False, True,
    ]  # fmt: skip
    assert [counts(D(2026, 7, 1), v) for v in ("pending", "verified", "rejected")] == [
        True, True, False,
    ]  # fmt: skip
    assert [counts(D(2026, 10, 1), v) for v in ("not_needed", "pending", "verified")] == [
        True, False, False,
    ]  # fmt: skip


def test_the_teacher_is_told_why_a_declared_training_does_not_count():
    never = Rule(D(2026, 9, 1), min_course_hours=72, self_declared="not_counted")
    history = History(
        D(2000, 9, 1),
        trainings=(
            Training(D(2025, 3, 1), 72, title="Waiting", verification="pending"),
            Training(D(2025, 4, 1), 72, title="Refused", verification="rejected"),
            Training(D(2026, 10, 1), 72, title="Later", verification="verified"),
        ),
    )

    with translation.override("en"):
        why = explain([FIVE_YEARS, never], history, TODAY).why

    assert why[-3:] == (
        "Waiting: self-declared: counts once the district cabinet verifies it",
        "Refused: self-declared and rejected at verification",
        "Later: self-declared training does not count under the policy of its time",
    )
