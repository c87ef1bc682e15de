"""`cheber seed_courses` on the small demo: counts, every invariant the actions keep,
consistency with the registry, determinism, --if-empty and the demo log-ins' data."""

import json
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cheber.catalog.models import Programme
from cheber.delivery.models import Attendance, Enrolment, Notification
from cheber.registry.demo.users import find_osh_school
from cheber.registry.models import TrainingRecord
from cheber.schedule.models import PlanSchedule, Session

TODAY = timezone.localdate()
State = Enrolment.State
HOLDING = ("enrolled", "completed", "not_completed")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def seed_registry(seed: int = 1) -> None:
    run("seed_demo", "--scale", "small", "--seed", str(seed), "--today", str(TODAY))


def seed_courses(seed: int = 1) -> str:
    return run("seed_courses", "--seed", str(seed), "--today", str(TODAY))


@pytest.fixture
def records_before(reference):
    seed_registry()
    return TrainingRecord.objects.count()


@pytest.fixture
def courses(records_before):
    seed_courses()
    return records_before


def fingerprint() -> dict:
    """The rows by natural keys (codes, PINs, dates), never by database ids."""
    return {
        "programmes": list(Programme.objects.order_by("code").values_list(
            "code", "title_ky", "status", "form", "hours", "languages", "contract_price")),
        "sessions": list(Session.objects.order_by("programme__code", "start_date", "pk")
                         .values_list("programme__code", "start_date", "end_date", "form",
                                      "unit__soate", "language", "budget_places")),
        "enrolments": list(Enrolment.objects.order_by("session__programme__code",
                                                      "session__start_date", "educator__pin")
                           .values_list("session__programme__code", "session__start_date",
                                        "educator__pin", "state", "funding", "origin",
                                        "waitlist_position", "requested_at", "accepted_at",
                                        "training_record__title")),
    }  # fmt: skip


def test_it_fills_the_small_demo_with_a_year_of_courses(courses):
    published = Session.objects.published()

    assert Programme.objects.approved().count() == Programme.objects.count() - 16
    assert PlanSchedule.objects.filter(year=TODAY.year, status="approved").count() == 8
    assert published.in_year(TODAY.year).count() >= 8 * 5
    assert published.filter(form="online").exists()
    assert published.filter(form="mobile").exists()
    assert Enrolment.objects.filter(state=State.COMPLETED).count() > 50
    assert Attendance.objects.exists()
    assert Notification.objects.exists()


def test_every_programme_has_modules_adding_up_to_its_hours(courses):
    programmes = Programme.objects.prefetch_related("modules", "specializations")

    for programme in programmes:
        assert sum(m.hours for m in programme.modules.all()) == programme.hours
        assert programme.title_ru and programme.title_en and programme.description_ru
        assert programme.specializations.exists()


def test_no_session_is_over_capacity_nor_a_quota_exceeded(courses):
    held = defaultdict(Counter)
    for session_id, funding, unit, n in (
        Enrolment.objects.filter(state__in=HOLDING)
        .values_list("session_id", "funding", "unit_id").annotate(n=Count("pk"))
    ):  # fmt: skip
        held[session_id][(funding, unit)] += n

    for session in Session.objects.prefetch_related("quotas"):
        taken = held[session.pk]
        budget = {unit: n for (funding, unit), n in taken.items() if funding == "budget"}
        contract = sum(n for (funding, _), n in taken.items() if funding == "contract")
        quotas = {q.unit_id: q.places for q in session.quotas.all()}
        assert sum(quotas.values()) <= session.budget_places
        assert sum(budget.values()) <= session.budget_places
        assert contract <= session.contract_places
        overflow = sum(max(0, n - quotas.get(unit, 0)) for unit, n in budget.items())
        assert overflow <= session.budget_places - sum(quotas.values()) or (
            session.quota_release_date <= TODAY
        )


def test_no_educator_is_in_two_overlapping_sessions(courses):
    by_educator = defaultdict(list)
    rows = Enrolment.objects.exclude(state__in=["withdrawn", "rejected"]).values_list(
        "educator_id", "session__start_date", "session__end_date"
    )
    for educator, start, end in rows:
        by_educator[educator].append((start, end))

    for spans in by_educator.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_waitlist_positions_are_kept_only_while_waiting(courses):
    waiting = Enrolment.objects.filter(state=State.WAITLISTED)

    assert not waiting.filter(waitlist_position=None).exists()
    assert (
        not Enrolment.objects.exclude(state=State.WAITLISTED)
        .exclude(waitlist_position=None)
        .exists()
    )
    assert waiting.exists()


def test_every_completion_is_the_educators_history_record_with_the_sessions_dates(courses):
    completed = Enrolment.objects.filter(state=State.COMPLETED).select_related(
        "training_record", "session__programme"
    )

    for enrolment in completed:
        record = enrolment.training_record
        assert record.educator_id == enrolment.educator_id
        assert record.provider_id == enrolment.session.provider_id
        assert (record.start_date, record.end_date) == (
            enrolment.session.start_date, enrolment.session.end_date,
        )  # fmt: skip
        assert record.title == enrolment.session.programme.title_ky
        assert record.title_ru == enrolment.session.programme.title_ru
        assert record.source == "cheber"
    assert (
        not Enrolment.objects.exclude(state=State.COMPLETED).exclude(training_record=None).exists()
    )


def test_the_registry_gains_no_training(courses):
    assert TrainingRecord.objects.count() == courses


class Rollback(Exception):
    pass


def test_the_same_seed_gives_the_same_rows(reference):
    def seeded() -> dict:
        try:
            with transaction.atomic():
                seed_registry()
                seed_courses()
                raise Rollback(fingerprint())
        except Rollback as done:
            return done.args[0]

    first = seeded()

    assert first["enrolments"] and first == seeded()


def test_if_empty_skips_when_there_are_sessions(courses):
    before = Enrolment.objects.count()

    out = run("seed_courses", "--if-empty")

    assert "courses not seeded" in out
    assert Enrolment.objects.count() == before


def test_stats_shows_this_years_sessions_and_enrolments(courses):
    figures = json.loads(run("stats", "--json").strip().splitlines()[-1])

    assert figures["sessions_this_year"] > 0
    assert {"enrolled", "waitlisted", "completed", "withdrawn"} <= set(figures["enrolments"])
    assert figures["enrolments"]["completed"] > 0


def test_the_demo_log_ins_find_their_data(courses):
    osh = find_osh_school()
    mine = Enrolment.objects.filter(educator=osh.teacher)
    staff = Enrolment.objects.filter(
        organization=osh.school, session__start_date__gt=TODAY, session__provider__code="OSH-IE"
    ).exclude(educator=osh.teacher)
    kochkor = Enrolment.objects.filter(
        unit__soate="41704235000000", session__provider__code="NRN-MC",
        session__start_date__gt=TODAY, state=State.ENROLLED,
    )  # fmt: skip
    osh_sessions = Session.objects.filter(provider__code="OSH-IE")

    assert mine.filter(state=State.COMPLETED).exclude(training_record=None).count() >= 1
    assert mine.filter(state=State.ENROLLED, session__start_date__gt=TODAY).count() == 1
    assert mine.filter(state=State.WAITLISTED).count() == 1
    assert Notification.objects.filter(educator=osh.teacher).exists()
    assert staff.filter(state=State.ENROLLED, release_confirmed_at=None).exists()
    assert kochkor.filter(origin="nomination").exists()
    assert kochkor.filter(origin="application", funding="budget",
                          district_confirmed_at=None).exists()  # fmt: skip
    assert osh_sessions.filter(start_date__lte=TODAY, end_date__gte=TODAY,
                               enrolments__attendance__isnull=False).exists()  # fmt: skip
    assert osh_sessions.filter(end_date__lt=TODAY, enrolments__state=State.ENROLLED).exists()
