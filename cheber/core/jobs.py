"""Background tasks of core: running one scheduled job (a management command) in the worker;
and the helpers every app's background job with a page uses to show its progress."""

import datetime as dt
import io
import logging
import tempfile
import time
from collections.abc import Callable
from typing import Any, BinaryIO

from django.core.files import File
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from cheber.core.audit import record
from cheber.core.models import Job, ScheduledRun
from cheber.core.scheduling import get_job

logger = logging.getLogger(__name__)
# A job queued or running longer than this lost its worker (killed, restarted).
STALE_AFTER = dt.timedelta(hours=1)
Status = ScheduledRun.Status


@task
def run_scheduled(run_id: int) -> None:
    """Run the command of a queued `ScheduledRun` and keep its output (or its error)."""
    claimed = ScheduledRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # a retried task does not run twice
        return
    run = ScheduledRun.objects.get(pk=run_id)
    output = io.StringIO()
    try:
        job = get_job(run.name)
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception as error:
        logger.exception("Scheduled job %s failed", run.name)
        output.write(f"{type(error).__name__}: {error}")
        status = Status.FAILED
    else:
        status = Status.DONE
    ScheduledRun.objects.filter(pk=run_id).update(
        status=status, finished_at=timezone.now(), output=output.getvalue()[-5000:]
    )


# Helpers of the background jobs with a page (`core.Job`): progress and the finished state.


def update_job(job: Job, **fields: Any) -> None:
    """A plain UPDATE, committed at once, so the polling page sees it while the job runs."""
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        if name != "result":
            setattr(job, name, value)


def progress_of(job: Job, every: float = 0.5):
    """`report(done)`, writing the job's progress at most every `every` seconds (the page
    polls every second)."""
    last = time.monotonic()

    def report(done: int) -> None:
        nonlocal last
        if time.monotonic() - last >= every and done <= job.total:
            last = time.monotonic()
            update_job(job, done=done)

    return report


def fail_job(job: Job, error: Exception) -> None:
    logger.exception("Job %s (%s) failed", job.pk, job.kind)
    update_job(job, status=Job.Status.FAILED, finished_at=timezone.now(),
               message=f"{type(error).__name__}: {error}"[:1000])  # fmt: skip


def save_result(job: Job, name: str, write: Callable[[BinaryIO], Any]) -> Any:
    """`write` the job's file into a temporary file, then save it as the job's result in one
    step, so that a download never sees half a file; returns what `write` returned."""
    with tempfile.TemporaryFile() as scratch:
        written = write(scratch)
        scratch.seek(0)
        job.result.save(name, File(scratch, name=name), save=False)
    return written


def finish_job(job: Job, **fields: Any) -> None:
    update_job(job, status=Job.Status.DONE, finished_at=timezone.now(), result=job.result.name,
               **fields)  # fmt: skip


def unfinished_job(*, kind: str, params: dict, created_by: Any) -> Job | None:
    """The same user's job of `kind` with the same `params` still queued or running, to be
    returned instead of starting a second one; one older than `STALE_AFTER` is taken for lost
    (its worker was killed) and not waited for."""
    return Job.objects.filter(
        kind=kind, params=params, created_by=created_by,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        created_at__gte=timezone.now() - STALE_AFTER,
    ).first()  # fmt: skip


def start_job(*, actor: Any, kind: str, params: dict, task: Any, verb: str, **data: Any) -> Job:
    """The same user's unfinished job of `kind` with `params`, else a new one, audited as
    `verb` and queued for `task` (inside the caller's transaction: the database queue's row
    commits, or not, with the job's). The caller has checked who acts."""
    running = unfinished_job(kind=kind, params=params, created_by=actor)
    if running is not None:
        return running
    job = Job.objects.create(kind=kind, params=params, created_by=actor)
    record(actor=actor, verb=verb, obj=job, **data)
    task.enqueue(job.pk)
    return job


def claim_job(job_id: int) -> Job | None:
    """The queued job, marked running; None when it is not queued (a retried task does not
    run twice)."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return None
    update_job(job, status=Job.Status.RUNNING, started_at=timezone.now())
    return job
