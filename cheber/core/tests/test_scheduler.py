"""Scheduled work: `cheber scheduler` queues each job of the registry (settings) once per due
time, the worker runs it (its command), and a scheduler that was stopped catches up once."""

import datetime as dt
import io
import threading

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from cheber.compliance.models import Refresh
from cheber.core.models import ScheduledRun
from cheber.core.scheduling import enqueue_due, job_names, scheduled_jobs

BISHKEK = dt.timezone(dt.timedelta(hours=6))
MORNING = dt.datetime(2026, 12, 7, 9, 5, tzinfo=BISHKEK)
JOBS = [
    {"name": "send_reminders", "at": "09:00"},
    {"name": "purge_expired_files", "every": 60},
]


@pytest.fixture
def registry(settings):
    settings.CHEBER_SCHEDULED_JOBS = JOBS


def scheduler() -> str:
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    return out.getvalue()


def runs() -> list[tuple[str, dt.datetime, str]]:
    rows = ScheduledRun.objects.order_by("name", "due_at")
    return [(r.name, timezone.localtime(r.due_at, BISHKEK), r.status) for r in rows]


def test_a_daily_job_is_due_at_todays_time_once_passed_else_yesterdays(registry):
    reminders, purge = scheduled_jobs()

    assert reminders.due_at(MORNING) == dt.datetime(2026, 12, 7, 9, 0, tzinfo=BISHKEK)
    assert reminders.due_at(MORNING.replace(hour=8)) == dt.datetime(2026, 12, 6, 9, 0,
                                                                      tzinfo=BISHKEK)  # fmt: skip
    assert purge.due_at(MORNING) == dt.datetime(2026, 12, 7, 9, 0, tzinfo=BISHKEK)
    assert purge.due_at(MORNING.replace(hour=10, minute=59)) == MORNING.replace(hour=10, minute=0)


def test_the_registry_names_the_jobs_of_the_settings(registry):
    assert job_names() == ["send_reminders", "purge_expired_files"]


def test_the_default_registry_holds_the_days_work():
    assert {"refresh_compliance", "release_quotas", "send_reminders", "remind_stuck_learners",
            "close_overdue_attempts", "purge_expired_files", "prune_db_task_results"} <= set(
        entry["name"] for entry in django_settings.CHEBER_SCHEDULED_JOBS
    )  # fmt: skip


def test_the_scheduler_queues_each_due_job_once_and_the_worker_runs_it(registry, db,
                                                                        time_machine):  # fmt: skip
    time_machine.move_to(MORNING, tick=False)

    first, second = scheduler(), scheduler()

    nine = dt.datetime(2026, 12, 7, 9, 0, tzinfo=BISHKEK)
    assert runs() == [("purge_expired_files", nine, "done"), ("send_reminders", nine, "done")]
    assert first.count("queued") == 2
    assert second == ""
    assert ScheduledRun.objects.get(name="send_reminders").output == "reminders sent: 0\n"


def test_a_stopped_scheduler_runs_each_missed_job_once_when_it_starts(registry, db,
                                                                       time_machine):  # fmt: skip
    time_machine.move_to(MORNING, tick=False)
    scheduler()
    time_machine.move_to(MORNING + dt.timedelta(days=3, hours=2), tick=False)

    scheduler()

    assert [(name, due.day, due.hour) for name, due, _status in runs()] == [
        ("purge_expired_files", 7, 9), ("purge_expired_files", 10, 11),
        ("send_reminders", 7, 9), ("send_reminders", 10, 9),
    ]  # fmt: skip


def test_a_run_another_scheduler_queued_first_is_not_queued_again(registry, db, time_machine):
    time_machine.move_to(MORNING, tick=False)
    nine = dt.datetime(2026, 12, 7, 9, 0, tzinfo=BISHKEK)
    ScheduledRun.objects.create(name="send_reminders", due_at=nine)

    output = scheduler()

    assert output == "queued purge_expired_files (due 2026-12-07 09:00)\n"
    assert ScheduledRun.objects.get(name="send_reminders").status == "queued"


def test_a_failing_job_is_marked_failed_with_its_error(settings, db, time_machine):
    settings.CHEBER_SCHEDULED_JOBS = [
        {"name": "refresh_compliance", "at": "00:20", "args": ["--today", "yesterday"]}
    ]
    time_machine.move_to(MORNING, tick=False)

    scheduler()

    run = ScheduledRun.objects.get()
    assert (run.status, run.output) == (
        "failed", "CommandError: --today must be a date, YYYY-MM-DD.",
    )  # fmt: skip


def test_a_bad_registry_entry_is_refused(settings):
    settings.CHEBER_SCHEDULED_JOBS = [{"name": "send_reminders"}]

    with pytest.raises(ValueError, match="'send_reminders' needs one of 'at' or 'every'"):
        scheduled_jobs()


# The worker closes connections it finds inside a transaction: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_days_compliance_refresh_runs_in_the_database_queues_worker(settings, time_machine):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CHEBER_SCHEDULED_JOBS = [{"name": "refresh_compliance", "at": "00:20"}]
    time_machine.move_to(MORNING, tick=False)

    scheduler()
    queued = ScheduledRun.objects.get().status
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)

    assert (queued, ScheduledRun.objects.get().status) == ("queued", "done")
    assert Refresh.objects.get().computed_on == dt.date(2026, 12, 7)


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="two schedulers at once are tested on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_queue_each_run_once(registry):
    start = threading.Barrier(4)
    queued: list[int] = []

    def schedule() -> None:
        from django.db import connection

        start.wait()
        try:
            queued.append(len(enqueue_due(MORNING)))
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(queued) == 2
    assert ScheduledRun.objects.count() == 2
