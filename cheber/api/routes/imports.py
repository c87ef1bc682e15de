"""Registry imports: upload a file (the check runs as a background job), poll the job,
read its report, and commit it (the import, another job): the import pages' actions."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from cheber.api.errors import ApiError
from cheber.api.routes.common import ERRORS
from cheber.core.access import get_job_for_user
from cheber.imports import actions, jobs
from cheber.imports.forms import UploadForm
from cheber.registry.access import can_edit_registry

router = Router()


class ImportJobOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    done: int
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    report: dict | None = None


def _job_out(job) -> ImportJobOut:
    report = jobs.read_report(job)
    return ImportJobOut(id=job.pk, kind=job.kind, status=job.status, total=job.total, done=job.done,
                  message=job.message, created_at=job.created_at, finished_at=job.finished_at,
                  report=report)  # fmt: skip


def _import_job(user, pk: int):
    job = get_job_for_user(user, pk)
    if job.kind not in jobs.KINDS:
        raise ApiError(404, "not_found", _("Not found, or not yours to see."))
    return job


@router.post("", response={202: ImportJobOut, **ERRORS})
def import_upload(request, file: UploadedFile = File(None)):  # noqa: B008 (ninja's way)
    """Upload a registry file (.xlsx or .csv); its check starts in the background."""
    if not can_edit_registry(request.user):
        raise PermissionDenied
    form = UploadForm(files={"file": file} if file else {})
    if not form.is_valid():
        fields = {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        raise ApiError(422, "invalid_input", _("Correct the fields named in the answer."), fields)
    stored = jobs.store_upload(file)
    job = actions.start_check(actor=request.user, upload=stored, filename=file.name)
    return Status(202, _job_out(job))


@router.get("/{int:pk}", response={200: ImportJobOut, **ERRORS})
def import_job(request, pk: int):
    """The job's progress and, once done, its report (counts and problems)."""
    return _job_out(_import_job(request.user, pk))


@router.post("/{int:pk}/commit", response={202: ImportJobOut, **ERRORS})
def import_commit(request, pk: int):
    """Import the checked file's valid rows (a new job)."""
    if not can_edit_registry(request.user):
        raise PermissionDenied
    job = _import_job(request.user, pk)
    if not (job.kind == jobs.CHECK and job.status == job.Status.DONE):
        raise ApiError(409, "not_checked", _("Only a finished check can be imported."))
    return Status(202, _job_out(actions.start_import(actor=request.user, check=job)))
