"""The set-based engine: hand-built histories under the real policies, the rules oracle on
random histories and random policies, the refresh after a training is recorded, scope."""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from cheber.compliance import engine
from cheber.compliance.models import EducatorStatus, Policy, Refresh, YearShare
from cheber.compliance.rules import Rule, evaluate
from cheber.compliance.tests.conftest import (
    TODAY,
    add_leave,
    add_training,
    history_of,
    make_educator,
)
from cheber.core.access import Role
from cheber.registry.models import Educator, Employment, Position
from cheber.registry.tests.factories import KOCHKOR, NARYN_OBLAST, unit, user_with_role

D = dt.date


def status_of(educator) -> EducatorStatus:
    return EducatorStatus.objects.get(educator=educator)


CASES = {
    # name: (make_educator keyword arguments, expected status, expected due date)
    "five_years_ago_today_is_due_today": (
        {"trainings": [(D(2021, 11, 22), 72)]}, "due", D(2026, 11, 22)),
    "five_years_and_a_day_is_overdue": (
        {"trainings": [(D(2021, 11, 21), 72)]}, "overdue", D(2026, 11, 21)),
    "a_day_less_than_five_years_is_due": (
        {"trainings": [(D(2021, 11, 23), 72)]}, "due", D(2026, 11, 23)),
    "due_on_31_december_is_due_this_year": (
        {"trainings": [(D(2021, 12, 31), 72)]}, "due", D(2026, 12, 31)),
    "due_next_year_is_compliant": (
        {"trainings": [(D(2022, 1, 1), 72)]}, "compliant", D(2027, 1, 1)),
    "latest_of_several_courses_counts": (
        {"trainings": [(D(2012, 3, 1), 72), (D(2023, 4, 5), 144), (D(2018, 3, 1), 72)]},
        "compliant", D(2028, 4, 5)),
    "short_course_does_not_count": (
        {"trainings": [(D(2019, 1, 10), 72), (D(2025, 2, 1), 36)]}, "overdue", D(2024, 1, 10)),
    "seminar_kind_does_not_count": (
        {"trainings": [(D(2025, 8, 20), 72, "august_seminar", "seminar")]},
        "never_trained", D(2015, 9, 1)),
    "only_non_counting_trainings_is_never_trained": (
        {"trainings": [(D(2024, 5, 1), 18, "seminar", "seminar")]},
        "never_trained", D(2015, 9, 1)),
    "maternity_leave_extends_the_cycle": (
        {"trainings": [(D(2021, 6, 1), 72)], "leaves": [(D(2023, 1, 10), D(2024, 7, 9))]},
        "compliant", D(2026, 6, 1) + dt.timedelta(days=547)),
    "leave_outside_the_cycle_does_not_extend": (
        {"trainings": [(D(2021, 6, 1), 72)], "leaves": [(D(2020, 1, 10), D(2021, 5, 31))]},
        "overdue", D(2026, 6, 1)),
    "illness_does_not_pause": (
        {"trainings": [(D(2021, 6, 1), 72)],
         "leaves": [(D(2023, 1, 10), D(2024, 7, 9), "illness")]},
        "overdue", D(2026, 6, 1)),
    "new_hire_within_grace_is_compliant": (
        {"hired_on": D(2023, 9, 1)}, "compliant", D(2028, 9, 1)),
    "new_hire_whose_grace_ends_this_year_is_due": (
        {"hired_on": D(2021, 12, 1)}, "due", D(2026, 12, 1)),
    "grace_over_without_training_is_never_trained": (
        {"hired_on": D(2021, 9, 1)}, "never_trained", D(2026, 9, 1)),
    "no_pedagogical_education_without_retraining_needs_it": (
        {"pedagogical": False, "hired_on": D(2020, 9, 1),
         "trainings": [(D(2025, 1, 15), 72)]}, "needs_retraining", D(2030, 1, 15)),
    "no_pedagogical_education_with_retraining_is_judged_by_the_cycle": (
        {"pedagogical": False, "hired_on": D(2020, 9, 1),
         "trainings": [(D(2022, 6, 30), 500, "retraining")]}, "compliant", D(2027, 6, 30)),
    "no_pedagogical_education_within_retraining_grace": (
        {"pedagogical": False, "hired_on": D(2025, 9, 1)}, "compliant", D(2030, 9, 1)),
    "self_declared_course_waits_for_verification": (
        {"trainings": [(D(2019, 1, 10), 72), (D(2025, 2, 1), 72, "qualification", "stationary",
                                              "pending")]}, "overdue", D(2024, 1, 10)),
    "verified_self_declared_course_counts": (
        {"trainings": [(D(2019, 1, 10), 72), (D(2025, 2, 1), 72, "qualification", "stationary",
                                              "verified")]}, "compliant", D(2030, 2, 1)),
    "rejected_self_declared_course_does_not_count": (
        {"trainings": [(D(2025, 2, 1), 72, "qualification", "stationary", "rejected")]},
        "never_trained", D(2015, 9, 1)),
    "self_declared_retraining_waits_for_verification": (
        {"pedagogical": False, "hired_on": D(2020, 9, 1),
         "trainings": [(D(2022, 6, 30), 500, "retraining", "stationary", "pending"),
                       (D(2025, 1, 15), 72)]}, "needs_retraining", D(2030, 1, 15)),
    "verified_self_declared_retraining_is_judged_by_the_cycle": (
        {"pedagogical": False, "hired_on": D(2020, 9, 1),
         "trainings": [(D(2022, 6, 30), 500, "retraining", "stationary", "verified")]},
        "compliant", D(2027, 6, 30)),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_hand_built_history(kochkor, name):
    kwargs, status, due = CASES[name]
    kwargs = {"hired_on": D(2010, 9, 1), **kwargs}
    educator = make_educator(kochkor.school, **kwargs)
    engine.refresh_statuses()
    row = status_of(educator)
    assert (row.status, row.due_date) == (status, due)
    rules = [Rule.of(p) for p in Policy.objects.all()]
    oracle = evaluate(rules, history_of(educator), TODAY)
    assert (oracle.status, oracle.due_date) == (status, due)
    assert row.last_training_date == oracle.last_training_date
    assert row.hours_in_period == oracle.hours_in_period


def test_every_status_of_the_district_fixture(kochkor):
    engine.refresh_statuses()
    for status, educator in kochkor.people.items():
        assert status_of(educator).status == status
    assert EducatorStatus.objects.filter(unit=unit(KOCHKOR)).counts() == {
        "compliant": 1, "due": 1, "overdue": 1, "never_trained": 1, "needs_retraining": 1,
    }  # fmt: skip


@pytest.fixture
def shorter_cycle_from_2026(db):
    """A 3-year cycle from 2026 (in tests only), after the real 5-year ones."""
    old = Policy.objects.get(effective_from=D(2023, 8, 1))
    return Policy.objects.create(
        name_ky="3", name_ru="3", effective_from=D(2026, 1, 1), mode="cycle", period_months=36,
        counted_kinds=old.counted_kinds, min_course_hours=72, grace_months=60,
        pausing_leave_kinds=["maternity"],
    )  # fmt: skip


def test_cycle_earned_under_the_old_policy_is_kept(kochkor, shorter_cycle_from_2026):
    earned = make_educator(kochkor.school, trainings=[(D(2022, 6, 1), 72)])
    lapsed_under_new = make_educator(kochkor.school, trainings=[(D(2021, 1, 10), 72)])
    under_new = make_educator(kochkor.school, trainings=[(D(2026, 2, 1), 72)])
    engine.refresh_statuses()
    assert (status_of(earned).status, status_of(earned).due_date) == ("compliant", D(2027, 6, 1))
    assert status_of(lapsed_under_new).due_date == D(2026, 1, 10)
    assert status_of(under_new).due_date == D(2029, 2, 1)
    assert status_of(earned).policy == shorter_cycle_from_2026


def test_longer_new_rule_extends_an_old_cycle(kochkor):
    Policy.objects.create(
        name_ky="7", name_ru="7", effective_from=D(2026, 1, 1), mode="cycle", period_months=84,
        counted_kinds=["qualification"], min_course_hours=72,
    )  # fmt: skip
    educator = make_educator(kochkor.school, trainings=[(D(2020, 1, 10), 72)])
    engine.refresh_statuses()
    assert (status_of(educator).status, status_of(educator).due_date) == (
        "compliant", D(2027, 1, 10),
    )  # fmt: skip


@pytest.fixture
def yearly_hours_from_2026(db):
    return Policy.objects.create(
        name_ky="36", name_ru="36", effective_from=D(2026, 1, 1), mode="hours",
        period_months=12, required_hours=36, sum_short_courses=True,
        counted_kinds=["qualification", "seminar", "august_seminar"],
    )  # fmt: skip


def test_hours_split_over_several_courses(kochkor, yearly_hours_from_2026):
    split = make_educator(
        kochkor.school,
        trainings=[
            (D(2026, 2, 10), 18, "seminar", "seminar"),
            (D(2026, 8, 20), 18, "august_seminar"),
        ],
    )
    short = make_educator(kochkor.school, trainings=[(D(2026, 8, 20), 18, "august_seminar")])
    engine.refresh_statuses()
    assert (status_of(split).status, status_of(split).due_date) == ("compliant", D(2027, 2, 10))
    assert status_of(split).hours_in_period == 36
    assert (status_of(short).status, status_of(short).hours_in_period) == ("overdue", 18)


def test_main_job_gives_the_dimensions(kochkor):
    educator = make_educator(kochkor.school, trainings=[(D(2024, 1, 1), 72)])
    Employment.objects.create(
        educator=educator, organization=kochkor.outside_school, workload=1.5,
        start_date=D(2020, 9, 1), position=Position.objects.get(code="teacher"),
    )  # fmt: skip
    Employment.objects.create(
        educator=educator, organization=kochkor.other_school, workload=1.5,
        start_date=D(2019, 9, 1), end_date=D(2024, 6, 30),
        position=Position.objects.get(code="teacher"),
    )  # fmt: skip
    engine.refresh_statuses()
    row = status_of(educator)
    assert (row.organization, row.unit, row.region) == (
        kochkor.outside_school, kochkor.outside_school.unit, unit(NARYN_OBLAST),
    )  # fmt: skip
    assert (row.organization_type, row.locality, row.language) == ("school", "rural", "ky")


def test_educators_without_a_current_job_have_no_status(kochkor):
    Employment.objects.filter(educator=kochkor.people["due"]).update(end_date=D(2026, 6, 30))
    engine.refresh_statuses()
    assert not EducatorStatus.objects.filter(educator=kochkor.people["due"]).exists()
    assert EducatorStatus.objects.count() == 7


def test_recorded_training_is_picked_up_by_ensure_fresh(kochkor, django_assert_max_num_queries):
    engine.ensure_fresh()
    overdue = kochkor.people["overdue"]
    assert status_of(overdue).status == "overdue"
    with django_assert_max_num_queries(4):
        engine.ensure_fresh()  # nothing new: a few cheap reads
    add_training(overdue, D(2026, 11, 20), 72)
    engine.ensure_fresh()
    assert (status_of(overdue).status, status_of(overdue).due_date) == (
        "compliant",
        D(2031, 11, 20),
    )
    assert Refresh.objects.get().computed_on == TODAY


def test_recorded_leave_is_picked_up_by_ensure_fresh(kochkor):
    engine.ensure_fresh()
    overdue = kochkor.people["overdue"]
    add_leave(overdue, D(2020, 1, 1), D(2021, 12, 31))
    engine.ensure_fresh()
    assert status_of(overdue).due_date == D(2024, 5, 20) + dt.timedelta(days=731)


def test_a_new_day_is_not_recomputed_by_a_reader_but_by_the_scheduled_refresh(
    kochkor, time_machine
):
    engine.ensure_fresh()
    assert status_of(kochkor.people["due"]).status == "due"
    judged_on = Refresh.objects.get().computed_on
    time_machine.move_to(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))

    engine.ensure_fresh()
    before = (status_of(kochkor.people["due"]).status, Refresh.objects.get().computed_on)
    call_command("refresh_compliance", stdout=io.StringIO())

    assert before == ("due", judged_on)
    assert status_of(kochkor.people["due"]).status == "overdue"
    assert Refresh.objects.get().computed_on == D(2027, 1, 5)


def test_a_training_recorded_on_a_new_day_shows_before_the_scheduled_refresh(kochkor, time_machine):
    engine.ensure_fresh()
    judged_on = Refresh.objects.get().computed_on
    time_machine.move_to(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))
    never_trained = kochkor.people["never_trained"]
    add_training(never_trained, D(2027, 1, 4), 72)

    engine.ensure_fresh()

    assert (status_of(never_trained).status, status_of(never_trained).computed_on) == (
        "compliant", D(2027, 1, 5),
    )  # fmt: skip
    assert Refresh.objects.get().computed_on == judged_on


def test_trend_judges_each_year_on_its_last_day(kochkor):
    engine.refresh_statuses()
    shares = {
        row.year: (row.educators, row.compliant)
        for row in YearShare.objects.filter(unit=unit(KOCHKOR))
    }
    assert sorted(shares) == list(range(2016, 2026))
    # end of 2025: the 2024 and 2021 courses hold; the 2019 one ran out in 2024, one never
    # trained, one still without retraining. End of 2020: only the 2019 course, and the
    # new hire of 2020 (in grace)
    assert shares[2025] == (5, 2)
    assert shares[2020] == (5, 2)


@pytest.mark.parametrize("seed", [1, 2])
def test_engine_equals_the_rules_on_random_histories(reference, today, seed):
    rng = random.Random(seed)
    _random_policies(rng)
    from cheber.registry.tests.factories import OrganizationFactory

    school = OrganizationFactory(unit=unit(KOCHKOR))
    people = [_random_educator(rng, school) for _ in range(150)]
    rules = [Rule.of(p) for p in Policy.objects.all()]
    for day in (TODAY, D(2024, 2, 29)):
        engine.refresh_statuses(today=day)
        rows = {r.educator_id: r for r in EducatorStatus.objects.all()}
        for educator in Educator.objects.filter(pk__in=[p.pk for p in people]).prefetch_related(
            "employments", "training_records", "leaves"
        ):
            history = history_of(educator)
            if history.hired_on > day:
                assert educator.pk not in rows
                continue
            expected = evaluate(rules, history, day)
            row = rows[educator.pk]
            got = (row.status, row.due_date, row.last_training_date, row.hours_in_period)
            assert got == (expected.status, expected.due_date, expected.last_training_date,
                           expected.hours_in_period), (educator.pk, history)  # fmt: skip


KINDS = ["qualification", "retraining", "seminar", "august_seminar"]
LEAVES = ["maternity", "childcare", "illness"]
FORMS = ["stationary", "mobile", "blended", "online", "seminar"]
DECLARED_COUNTS = ["verified", "declared", "not_counted"]
VERIFICATION = ["not_needed", "not_needed", "pending", "verified", "rejected"]


def _random_policies(rng: random.Random) -> None:
    Policy.objects.all().delete()
    for effective in sorted(rng.sample([D(2003, 4, 30), D(2016, 2, 29), D(2023, 8, 1),
                                        D(2025, 1, 31)], 3)):  # fmt: skip
        hours = rng.random() < 0.5
        Policy.objects.create(
            name_ky="x", name_ru="x", effective_from=effective, mode="hours" if hours else "cycle",
            period_months=rng.choice([12, 36, 60]), required_hours=rng.choice([36, 72, 100]),
            counted_kinds=rng.sample(KINDS, rng.randint(0, 3)),
            counted_forms=rng.sample(FORMS, rng.choice([0, 0, 3, 4])),
            min_course_hours=rng.choice([0, 36, 72]), sum_short_courses=rng.random() < 0.5,
            grace_months=rng.choice([0, 12, 60]),
            pausing_leave_kinds=rng.sample(LEAVES, rng.randint(0, 2)),
            retraining_required=rng.random() < 0.7, retraining_grace_months=rng.choice([0, 24]),
            self_declared=rng.choice(DECLARED_COUNTS),
        )  # fmt: skip


def _random_day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def _random_educator(rng: random.Random, school) -> Educator:
    hired = _random_day(rng, D(1998, 1, 1), D(2026, 9, 1))
    trainings = [
        (_random_day(rng, D(1999, 1, 1), D(2026, 11, 21)), rng.choice([18, 36, 72, 100]),
         rng.choice(KINDS), rng.choice(FORMS), rng.choice(VERIFICATION))
        for _ in range(rng.choice([0, 1, 1, 2, 3, 5]))
    ]  # fmt: skip
    leaves = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        start = _random_day(rng, D(2000, 1, 1), D(2026, 6, 1))
        end = start + dt.timedelta(days=rng.randint(0, 900))
        leaves.append((start, end, rng.choice(["maternity", "childcare", "illness", "other"])))
    return make_educator(school, hired_on=hired, pedagogical=rng.random() < 0.8,
                         trainings=trainings, leaves=leaves)  # fmt: skip


def test_methodist_sees_only_their_district(kochkor, methodist):
    engine.refresh_statuses()
    visible = set(EducatorStatus.objects.visible_to(methodist).values_list("educator", flat=True))
    assert visible == {e.pk for e in kochkor.people.values()}


def test_scope_of_each_role(kochkor):
    engine.refresh_statuses()
    teacher_educator = kochkor.people["due"]
    users = {
        "ministry": user_with_role("m", Role.MINISTRY),
        "oblast": user_with_role("o", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)),
        "principal": user_with_role("p", Role.PRINCIPAL, organization=kochkor.other_school),
        "teacher": user_with_role("t", Role.TEACHER, educator=teacher_educator),
        "nobody": user_with_role("n", Role.OBLAST_COORDINATOR, unit=unit("41721000000000")),
    }
    seen = {name: EducatorStatus.objects.visible_to(user).count() for name, user in users.items()}
    assert seen == {"ministry": 8, "oblast": 8, "principal": 2, "teacher": 1, "nobody": 0}
    teacher_rows = EducatorStatus.objects.visible_to(users["teacher"])
    assert list(teacher_rows.values_list("educator", flat=True)) == [teacher_educator.pk]
