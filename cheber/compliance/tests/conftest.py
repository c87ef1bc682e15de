"""Fixtures the compliance tests share (and the dashboards' and planning tests may reuse).

`kochkor` is a small district on 22 November 2026 under the real policies (migration 0002:
5-year cycle, courses from 72 hours, 60 months' grace, maternity/childcare pause, retraining
within 24 months): two schools of Kochkor with one educator in every status, and a school of
At-Bashy (another district of Naryn) with out-of-scope educators that must never leak.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from cheber.compliance.rules import History, LeaveSpan, Training
from cheber.core.access import Role
from cheber.registry.models import Educator, Employment, Leave, Position, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return TODAY


def add_training(educator, end: dt.date, hours: int = 72, kind: str = "qualification",
                 form: str = "stationary", verification: str = "not_needed",
                 ) -> TrainingRecord:  # fmt: skip
    """A training in the history; a self-declared one (`verification` other than
    "not_needed") names a scan, as the database requires (no file behind it)."""
    declared = verification != "not_needed"
    return TrainingRecord.objects.create(
        educator=educator, title=f"{kind} {end}", hours=hours, start_date=end, end_date=end,
        form=form, kind=kind, provider_name="Provider", verification=verification,
        document="registry/declared/scan.pdf" if declared else "",
        reviewed_at=timezone.now() if verification in ("verified", "rejected") else None,
        review_note="Документ окулбайт." if verification == "rejected" else "",
    )  # fmt: skip


def add_leave(educator, start: dt.date, end: dt.date, kind: str = "maternity") -> Leave:
    return Leave.objects.create(educator=educator, kind=kind, start_date=start, end_date=end)


def make_educator(organization, *, hired_on=dt.date(2005, 9, 1), pedagogical=True, trainings=(),
                  leaves=(), position="teacher", surname="Асанова") -> Educator:  # fmt: skip
    """An educator employed since `hired_on`, with trainings (end, hours[, kind[, form]])
    and leaves (start, end[, kind])."""
    educator = EducatorFactory(has_pedagogical_education=pedagogical, surname=surname)
    Employment.objects.create(
        educator=educator, organization=organization, start_date=hired_on,
        position=Position.objects.get(code=position),
    )  # fmt: skip
    for row in trainings:
        add_training(educator, *row)
    for row in leaves:
        add_leave(educator, *row)
    return educator


def history_of(educator: Educator) -> History:
    """The educator's facts as values, for `rules.evaluate`."""
    hired = min(job.start_date for job in educator.employments.all())
    return History(
        hired_on=hired,
        has_pedagogical_education=educator.has_pedagogical_education,
        trainings=tuple(
            Training(t.end_date, t.hours, t.kind, t.form, verification=t.verification)
            for t in educator.training_records.all()
        ),
        leaves=tuple(LeaveSpan(x.kind, x.start_date, x.end_date) for x in educator.leaves.all()),
    )


@dataclass
class District:
    school: object
    other_school: object
    outside_school: object
    people: dict = field(default_factory=dict)  # status name → educator (in Kochkor)
    outsiders: list = field(default_factory=list)  # in At-Bashy


@pytest.fixture
def kochkor(reference, today) -> District:
    """One Kochkor educator per status (two schools), and three At-Bashy ones."""
    school = OrganizationFactory(unit=unit(KOCHKOR))
    other = OrganizationFactory(unit=unit(KOCHKOR), locality="urban", languages=["ru"])
    outside = OrganizationFactory(unit=unit(AT_BASHY))
    district = District(school, other, outside)
    district.people = {
        "compliant": make_educator(school, trainings=[(dt.date(2024, 3, 1), 72)]),
        "due": make_educator(school, trainings=[(dt.date(2021, 12, 10), 72)]),
        "overdue": make_educator(other, trainings=[(dt.date(2019, 5, 20), 72)]),
        "never_trained": make_educator(other, hired_on=dt.date(2010, 9, 1)),
        "needs_retraining": make_educator(
            school,
            pedagogical=False,
            hired_on=dt.date(2020, 9, 1),
            trainings=[(dt.date(2025, 1, 15), 72)],
        ),  # fmt: skip
    }
    district.outsiders = [
        make_educator(outside, trainings=[(dt.date(2018, 1, 1), 72)]),
        make_educator(outside, hired_on=dt.date(2001, 9, 1)),
        make_educator(outside, trainings=[(dt.date(2025, 6, 1), 72)]),
    ]
    return district


@pytest.fixture
def methodist(kochkor):
    return user_with_role("methodist.kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def institute(db):
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)
