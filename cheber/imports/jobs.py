"""Imports run as background jobs: a check (read and validate the whole file, write nothing),
then, when the user has seen the preview, the import of the valid rows. Both show progress on
a page the user may leave and come back to. The uploaded file is kept in the media storage
under `imports/`, the report of each job as its result (JSON)."""

import datetime as dt
import json
import logging
import uuid
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone, translation

from cheber.core.access_log import log_export
from cheber.core.audit import record
from cheber.core.jobs import claim_job, fail_job, finish_job, progress_of, save_result, update_job
from cheber.core.models import Job
from cheber.imports import actions
from cheber.imports.columns import EDUCATORS
from cheber.imports.export import organizations_to_export, staff_count, write_workbook
from cheber.imports.plan import build_plan
from cheber.registry.models import AdminUnit

logger = logging.getLogger(__name__)

CHECK, IMPORT = "registry_check", "registry_import"
KINDS = (CHECK, IMPORT)
# A job running longer than this lost its worker (killed, restarted): its transaction was
# never committed, so nothing of it was written, and it may be started again.
STALLED_AFTER = dt.timedelta(hours=1)


def is_stalled(job: Job) -> bool:
    started = job.started_at or job.created_at
    return not job.is_finished and started < timezone.now() - STALLED_AFTER


def store_upload(upload) -> str:
    """Keep the uploaded file (under a random name: it holds personal data) for the jobs."""
    suffix = Path(upload.name).suffix.lower()[:8]
    return default_storage.save(f"imports/uploads/{uuid.uuid4().hex}{suffix}", upload)


def enqueue(actor: Any, kind: str, **params) -> Job:
    """A job of `kind` for `actor`, audited and queued (the actions check who acts first)."""
    params["language"] = translation.get_language() or "ky"
    job = Job.objects.create(kind=kind, params=params, created_by=actor)
    record(actor=actor, verb=f"start_{kind}", obj=job, file=params["filename"])
    # Enqueued in the same transaction: the database queue's row commits (or not) with the job.
    run_import.enqueue(job.pk)
    return job


@task
def run_import(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:  # a retried task does not run twice
        return
    _update(job, status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        with translation.override(job.params.get("language", "ky")):
            report = _run(job)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _update(job, status=Job.Status.FAILED, finished_at=timezone.now(),
                message=f"{type(error).__name__}: {error}"[:1000])  # fmt: skip
        return
    content = ContentFile(json.dumps(report, ensure_ascii=False).encode())
    job.result.save(f"import-{job.pk}.json", content, save=False)
    _update(job, status=Job.Status.DONE, finished_at=timezone.now(), result=job.result.name,
            done=job.total)  # fmt: skip


def _run(job: Job) -> dict:
    actor = job.created_by
    with default_storage.open(job.params["upload"], "rb") as source:
        plan = build_plan(source, job.params["filename"], actor=actor,
                          mapping=job.params.get("mapping"), progress=_progress(job),
                          writing=job.kind == IMPORT)  # fmt: skip
    if job.kind == IMPORT and not plan.fatal and plan.has_writes:
        _update(job, message="writing")
        actions.import_registry(actor=actor, plan=plan, reference=f"job {job.pk}")
    return plan.report()


def read_report(job: Job) -> dict | None:
    if job.status != Job.Status.DONE or not job.result:
        return None
    with job.result.open("rb") as stream:
        return json.load(stream)


def _update(job: Job, **fields: Any) -> None:
    # A plain UPDATE, committed at once, so the polling page sees it while the job runs.
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        if name != "result":
            setattr(job, name, value)


def _progress(job: Job):
    def report(done: int, total: int) -> None:
        total = max(total, done, 1)
        _update(job, total=total, done=min(done, total))

    return report


EXPORT = "registry_export"


@task
def build_registry_export(job_id: int) -> None:
    """The registry of a territory in the import template, made as its creator would get it
    from the page, then saved as the job's result in one step."""
    if (job := claim_job(job_id)) is None:
        return
    user, soate = job.created_by, job.params["unit"]
    try:
        unit = AdminUnit.objects.get(soate=soate) if soate else None
        organizations = organizations_to_export(user, unit)
        update_job(job, total=staff_count(organizations))
        name = f"cheber-{soate or 'registry'}-{timezone.localdate().isoformat()}.xlsx"
        language, progress = job.params["language"], progress_of(job)
        rows = save_result(
            job, name, lambda out: write_workbook(out, language, organizations, progress)
        )
    except Exception as error:
        fail_job(job, error)
        return
    log_export(user, what="imports:export", filters={"unit": soate}, rows=rows[EDUCATORS])
    finish_job(job, done=job.total)
