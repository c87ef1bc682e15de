"""Files kept only for a while (settings.CHEBER_FILE_RETENTION_DAYS): the results of the job
kinds in CHEBER_EXPIRING_JOB_KINDS (exports, ZIPs; the job row stays, without its download)
and every file under the media folders in CHEBER_EXPIRING_MEDIA_DIRS (uploaded imports); and
the rows of past scheduled runs.
Other files (documents of declared training, certificates) are never touched here."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from cheber.core.models import Job, ScheduledRun


@dataclass(frozen=True)
class Purged:
    results: int
    uploads: int
    runs: int


def purge_expired_files(now: dt.datetime | None = None) -> Purged:
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.CHEBER_FILE_RETENTION_DAYS)
    return Purged(results=_purge_results(cutoff), uploads=_purge_dirs(cutoff),
                  runs=_purge_runs(cutoff))  # fmt: skip


def _purge_runs(cutoff: dt.datetime) -> int:
    """The rows of scheduled runs (every 5 minutes adds one): the scheduler only ever claims a
    job's latest due time, so older rows are history, kept as long as the files."""
    return ScheduledRun.objects.filter(due_at__lt=cutoff).delete()[0]


def _purge_results(cutoff: dt.datetime) -> int:
    expired = (
        Job.objects.filter(kind__in=settings.CHEBER_EXPIRING_JOB_KINDS, created_at__lt=cutoff)
        .exclude(result="")
        .only("pk", "result")
    )
    purged = 0
    for job in expired.iterator():
        job.result.delete(save=False)  # the file (no error if it is gone already)
        purged += Job.objects.filter(pk=job.pk).update(result="")
    return purged


def _purge_dirs(cutoff: dt.datetime) -> int:
    return sum(_purge_dir(folder, cutoff) for folder in settings.CHEBER_EXPIRING_MEDIA_DIRS)


def _purge_dir(folder: str, cutoff: dt.datetime) -> int:
    if not default_storage.exists(folder):
        return 0
    subfolders, files = default_storage.listdir(folder)
    purged = 0
    for name in files:
        path = f"{folder}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            purged += 1
    return purged + sum(_purge_dir(f"{folder}/{sub}", cutoff) for sub in subfolders)
