"""The registry: educators with their active jobs (PIN and birth date masked exactly as the
pages mask them), their training records (recorded by the registry's keepers through the
registry's action) and leaves (through compliance's)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from cheber.api.errors import ApiError
from cheber.api.idempotency import idempotent
from cheber.api.pagination import page
from cheber.api.routes.common import ERRORS, Page, created
from cheber.compliance.actions import record_leave
from cheber.core.access import access_for
from cheber.core.access_log import log_export, log_record
from cheber.registry import actions
from cheber.registry.access import (
    can_edit_registry,
    get_correctable_training_for_user,
    get_educator_for_user,
)
from cheber.registry.export import active_jobs, filtered_educators
from cheber.registry.forms import EducatorFilterForm, TrainingRecordForm
from cheber.registry.models import Leave, TrainingRecord
from cheber.registry.privacy import (
    mask_birth_date,
    sees_personal_data,
    shown_pin,
    with_personal_data_flag,
)

router = Router()


class EmploymentOut(Schema):
    id: int
    organization_id: int
    organization_code: str
    position: str
    specialization_id: int | None
    start_date: dt.date
    workload: float


class EducatorOut(Schema):
    id: int
    pin: str
    surname: str
    first_name: str
    patronymic: str
    sex: str
    birth_date: str
    category: str
    jobs: list[EmploymentOut]


def _job(job) -> EmploymentOut:
    return EmploymentOut(id=job.pk, organization_id=job.organization_id,
                  organization_code=job.organization.code, position=job.position.code,
                  specialization_id=job.specialization_id, start_date=job.start_date,
                  workload=float(job.workload))  # fmt: skip


def educator_out(educator, visible: bool) -> EducatorOut:
    """The educator as the pages show them to this viewer: the full PIN and birth date only
    to those who keep their registry (privacy.py), else masked."""
    birth = educator.birth_date.isoformat() if visible else mask_birth_date(educator.birth_date)
    return EducatorOut(
        id=educator.pk, pin=shown_pin(educator.pin, visible), surname=educator.surname,
        first_name=educator.first_name, patronymic=educator.patronymic, sex=educator.sex,
        birth_date=birth, category=educator.category,
        jobs=[_job(job) for job in educator.active_jobs],
    )  # fmt: skip


class EducatorFilter(Schema):
    q: str | None = None
    organization: str | None = None
    district: int | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("/educators", response={200: Page[EducatorOut], **ERRORS})
def educator_list(request, filters: Query[EducatorFilter]):
    """The educators the caller sees, with their active jobs. Every page read is written to
    the personal-data access log, as an export is."""
    form = EducatorFilterForm({"q": filters.q or "", "organization": filters.organization or ""})
    if not form.is_valid():
        raise ApiError(422, "invalid_input", form.errors.as_text(), form.errors.get_json_data())
    educators = filtered_educators(request.user, form)
    if filters.district:
        educators = educators.working_in_districts([filters.district])
    educators = with_personal_data_flag(educators.prefetch_related(active_jobs()), request.user)
    rows, after = page(educators, cursor=filters.cursor, limit=filters.limit)
    log_export(request.user, what="api:educator_list", rows=len(rows),
               filters=filters.model_dump(exclude={"limit"}))  # fmt: skip
    return {"items": [educator_out(e, e.personal_data_visible) for e in rows], "next_cursor": after}


@router.get("/educators/{int:pk}", response={200: EducatorOut, **ERRORS})
def educator_detail(request, pk: int):
    educator = get_educator_for_user(request.user, pk)
    educator.active_jobs = list(
        educator.employments.active().select_related("organization", "position")
    )
    own = educator.pk in access_for(request.user).educator_ids
    log_record(request.user, educator, what="api:educator_detail", own=own)
    return educator_out(educator, sees_personal_data(request.user, educator))


class TrainingOut(Schema):
    id: int
    educator_id: int
    title: str
    title_ru: str
    provider_id: int | None
    provider_name: str
    hours: int
    start_date: dt.date
    end_date: dt.date
    form: str
    kind: str
    source: str
    verification: str
    certificate_number: str


class TrainingIn(Schema):
    title: str
    title_ru: str = ""
    provider_id: int | None = None
    provider_name: str = ""
    hours: int
    start_date: dt.date
    end_date: dt.date
    form: TrainingRecord.Form
    certificate_number: str = ""


@router.get("/educators/{int:pk}/trainings", response={200: list[TrainingOut], **ERRORS})
def training_list(request, pk: int):
    return list(
        get_educator_for_user(request.user, pk).training_records.order_by("-end_date", "-pk")
    )


def _form_errors(form) -> ApiError:
    fields = {name: [e["message"] for e in errors]
              for name, errors in form.errors.get_json_data().items()}  # fmt: skip
    return ApiError(422, "invalid_input", " ".join(m for ms in fields.values() for m in ms), fields)


@router.post("/educators/{int:pk}/trainings", response={201: TrainingOut, **ERRORS})
@idempotent
def training_create(request, pk: int, data: TrainingIn):
    """A training completed outside Cheber, entered by a keeper of the educator's registry
    (the page's form and action: `registry.actions.record_training`)."""
    if not can_edit_registry(request.user):
        raise PermissionDenied
    educator = get_educator_for_user(request.user, pk)
    values = data.model_dump()
    values["provider"] = values.pop("provider_id") or ""
    form = TrainingRecordForm(values, instance=TrainingRecord(educator=educator))
    if not form.is_valid():
        raise _form_errors(form)
    training = actions.record_training(actor=request.user, training=form.save(commit=False))
    return created(request, TrainingOut, training)


class TrainingPatch(Schema):
    """The facts to correct; those left out stay as they are."""

    title: str | None = None
    title_ru: str | None = None
    provider_id: int | None = None
    provider_name: str | None = None
    hours: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    form: TrainingRecord.Form | None = None
    certificate_number: str | None = None


def _form_values(training: TrainingRecord) -> dict:
    """The record as its form's data, for a correction that names only some fields."""
    values = {name: getattr(training, name) for name in TrainingRecordForm._meta.fields}
    values["provider"] = training.provider_id or ""
    return values


@router.patch("/educators/{int:pk}/trainings/{int:training_id}",
              response={200: TrainingOut, **ERRORS})  # fmt: skip
def training_correct(request, pk: int, training_id: int, data: TrainingPatch):
    """A keeper's correction of a training entered from outside (the page's form and action:
    `registry.actions.correct_training`); trainings completed in Cheber or declared by the
    educator are not found here."""
    if not can_edit_registry(request.user):
        raise PermissionDenied
    training = get_correctable_training_for_user(request.user, training_id)
    if training.educator_id != pk:
        raise Http404
    changes = data.model_dump(exclude_unset=True)
    if "provider_id" in changes:
        changes["provider"] = changes.pop("provider_id") or ""
    form = TrainingRecordForm({**_form_values(training), **changes}, instance=training)
    if not form.is_valid():
        raise _form_errors(form)
    return actions.correct_training(actor=request.user, training=form.save(commit=False))


class LeaveOut(Schema):
    id: int
    educator_id: int
    kind: str
    start_date: dt.date
    end_date: dt.date


class LeaveIn(Schema):
    kind: Leave.Kind
    start_date: dt.date
    end_date: dt.date


@router.get("/educators/{int:pk}/leaves", response={200: list[LeaveOut], **ERRORS})
def leave_list(request, pk: int):
    return list(get_educator_for_user(request.user, pk).leaves.order_by("-start_date", "-pk"))


@router.post("/educators/{int:pk}/leaves", response={201: LeaveOut, **ERRORS})
@idempotent
def leave_create(request, pk: int, data: LeaveIn):
    educator = get_educator_for_user(request.user, pk)
    leave = record_leave(actor=request.user, educator=educator, kind=data.kind,
                         start_date=data.start_date, end_date=data.end_date)  # fmt: skip
    return created(request, LeaveOut, leave)
