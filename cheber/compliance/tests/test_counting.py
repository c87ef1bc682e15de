"""Which training counts is defined once (`rules.counting`): the Python rule, the Django filter
and the status engine's SQL must agree on every course."""

import datetime as dt

import pytest

from cheber.compliance.counting import counted_q, course_counts
from cheber.compliance.rules import HOURS, Rule
from cheber.schedule.models import Session
from cheber.schedule.tests import factories

pytestmark = pytest.mark.django_db

RULES = [
    None,
    Rule(dt.date(2023, 8, 1), counted_kinds=("qualification", "retraining"), min_course_hours=72),
    Rule(dt.date(2026, 9, 1), mode=HOURS, required_hours=36, min_course_hours=72,
         counted_kinds=("qualification", "seminar"), sum_short_courses=True),
    Rule(dt.date(2026, 9, 1), mode=HOURS, required_hours=36, min_course_hours=72),
    Rule(dt.date(2026, 9, 1), counted_forms=("online", "blended")),
    # a course completed in Cheber needs no verification, whatever the policy says of
    # self-declared training
    Rule(dt.date(2026, 9, 1), counted_kinds=("qualification",), self_declared="not_counted"),
    Rule(dt.date(2026, 9, 1), min_course_hours=72, self_declared="declared"),
]  # fmt: skip


@pytest.fixture
def sessions(reference):
    made = []
    for kind, hours, form in [
        ("qualification", 72, "stationary"), ("qualification", 18, "stationary"),
        ("seminar", 18, "online"), ("retraining", 250, "blended"),
        ("august_seminar", 8, "stationary"),
    ]:  # fmt: skip
        programme = factories.programme(kind=kind, hours=hours, form="stationary")
        unit = None if form == "online" else "41704400000010"
        made.append(factories.session(programme=programme, form=form, unit_soate=unit))
    return made


@pytest.mark.parametrize("rule", RULES)
def test_the_filter_selects_the_sessions_the_rule_counts(sessions, rule):
    by_rule = {
        s.pk for s in sessions
        if course_counts(rule, kind=s.programme.kind, form=s.form, hours=s.programme.hours)
    }  # fmt: skip

    by_filter = set(Session.objects.filter(counted_q(rule)).values_list("pk", flat=True))

    assert by_filter == by_rule


def test_an_hours_policy_that_sums_short_courses_counts_the_short_seminar(sessions):
    rule = RULES[2]

    counted = Session.objects.filter(counted_q(rule)).values_list("programme__hours", flat=True)

    assert sorted(counted) == [18, 18, 72]
