"""The scheduled jobs: their registry (settings.CHEBER_SCHEDULED_JOBS, data, not code) and
when each is due. `cheber scheduler` calls `enqueue_due` every minute or so; the background
worker runs what it queued, so no request waits for the day's work.

A job is due at its latest time not after now: a daily job ("at": "HH:MM", local time) at
today's time once it has passed, else yesterday's; a repeated one ("every": minutes) at the
last multiple of its period since midnight. A scheduler that was stopped runs each job's
latest missed time once when it starts again (as systemd's `Persistent=true` does), not
every time it missed."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cheber.core.models import ScheduledRun


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    command: str
    at: dt.time | None = None
    every: int | None = None  # minutes
    args: tuple[str, ...] = field(default=())

    def due_at(self, now: dt.datetime) -> dt.datetime:
        """The latest time not after `now` at which the job is due (aware, local)."""
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every:
            minutes = (local - midnight) // dt.timedelta(minutes=1)
            return midnight + dt.timedelta(minutes=minutes - minutes % self.every)
        due = midnight.replace(hour=self.at.hour, minute=self.at.minute)
        return due if due <= local else due - dt.timedelta(days=1)


def scheduled_jobs() -> list[ScheduledJob]:
    """The registry, read from the settings each time (tests and deployments change it)."""
    return [_job(entry) for entry in settings.CHEBER_SCHEDULED_JOBS]


def job_names() -> list[str]:
    """The names of the scheduled jobs (what `cheber stats --json` lists)."""
    return [job.name for job in scheduled_jobs()]


def get_job(name: str) -> ScheduledJob:
    for job in scheduled_jobs():
        if job.name == name:
            return job
    raise KeyError(name)


def _job(entry: dict) -> ScheduledJob:
    at, every = entry.get("at"), entry.get("every")
    if (at is None) == (every is None):
        raise ValueError(f"Scheduled job {entry.get('name')!r} needs one of 'at' or 'every'.")
    return ScheduledJob(
        name=entry["name"],
        command=entry.get("command", entry["name"]),
        at=dt.time.fromisoformat(at) if at else None,
        every=int(every) if every else None,
        args=tuple(str(arg) for arg in entry.get("args", ())),
    )


def enqueue_due(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Queue every job whose due time has no run yet; returns the runs this call queued."""
    now = now or timezone.now()
    return [run for job in scheduled_jobs() if (run := _claim(job, job.due_at(now)))]


def _claim(job: ScheduledJob, due: dt.datetime) -> ScheduledRun | None:
    # Imported here: the task module imports this one (for the registry).
    from cheber.core.jobs import run_scheduled

    if ScheduledRun.objects.filter(name=job.name, due_at=due).exists():
        return None
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=job.name, due_at=due)
            # In the same transaction: the database queue's row commits with the run's.
            run_scheduled.enqueue(run.pk)
    except IntegrityError:  # another scheduler queued it first
        return None
    return run
