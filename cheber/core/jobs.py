"""Background tasks of core: running one scheduled job (a management command) in the worker;
and the helpers every app's background job with a page uses to show its progress."""

import io
import logging
import time
from typing import Any

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from cheber.core.models import Job, ScheduledRun
from cheber.core.scheduling import get_job

logger = logging.getLogger(__name__)
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
