"""Background tasks of core: running one scheduled job (a management command) in the worker."""

import io
import logging

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from cheber.core.models import ScheduledRun
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
