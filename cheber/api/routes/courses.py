"""The catalogue and the schedule. Reading is public (approved programmes, sessions of
approved plan-schedules with their free places, counted by `Session.objects.with_places()`);
a logged-in caller also reads what their scope adds (their provider's drafts). Writing is the
pages' steps: a provider proposes a programme, the institute approves it; a provider opens
its plan-schedule, adds sessions and submits it, the institute approves it."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from cheber.api.errors import ApiError
from cheber.api.idempotency import idempotent
from cheber.api.pagination import answer, page
from cheber.api.routes.common import ERRORS, Page, answered, created
from cheber.catalog import actions as catalog_actions
from cheber.catalog.access import get_programme_for_user
from cheber.catalog.models import Form, Programme
from cheber.registry.models import AdminUnit, Organization
from cheber.schedule import actions as schedule_actions
from cheber.schedule.access import get_plan_for_user
from cheber.schedule.models import PlanSchedule, Session

router = Router()
PUBLIC = None  # auth=None: anyone, with or without a token


class ProgrammeOut(Schema):
    id: int
    code: str
    provider_id: int
    title_ky: str
    title_ru: str
    kind: str
    hours: int
    form: str
    assessment: str
    languages: list[str]
    status: str


class ProgrammeFilter(Schema):
    provider: int | None = None
    form: Form | None = None
    cursor: str | None = None
    limit: int | None = None


def _programmes(request):
    user = request.user
    if getattr(user, "is_authenticated", False):
        return Programme.objects.visible_to(user)
    return Programme.objects.approved()


@router.get("/programmes", auth=PUBLIC, response={200: Page[ProgrammeOut], **ERRORS})
def programme_list(request, filters: Query[ProgrammeFilter]):
    programmes = _programmes(request)
    if filters.provider:
        programmes = programmes.filter(provider_id=filters.provider)
    if filters.form:
        programmes = programmes.filter(form=filters.form)
    rows, after = page(programmes, cursor=filters.cursor, limit=filters.limit)
    return answer(rows, after, ProgrammeOut)


@router.get("/programmes/{int:pk}", auth=PUBLIC, response={200: ProgrammeOut, **ERRORS})
def programme_detail(request, pk: int):
    return get_object_or_404(_programmes(request), pk=pk)


class ProgrammeIn(Schema):
    provider_id: int
    code: str
    title_ky: str
    title_ru: str
    description_ky: str
    description_ru: str
    kind: Programme.Kind = Programme.Kind.QUALIFICATION
    hours: int
    form: Form
    assessment: Programme.Assessment
    languages: list[Organization.Language]


@router.post("/programmes", response={201: ProgrammeOut, **ERRORS})
@idempotent
def programme_propose(request, data: ProgrammeIn):
    """A provider's programme, proposed as a draft (`catalog.actions.propose_programme`)."""
    providers = Organization.objects.providers_run_by(request.user)
    provider = get_object_or_404(providers, pk=data.provider_id)
    programme = Programme(provider=provider, **data.model_dump(exclude={"provider_id"}))
    programme = catalog_actions.propose_programme(actor=request.user, programme=programme)
    return created(request, ProgrammeOut, programme)


@router.post("/programmes/{int:pk}/approve", response={200: ProgrammeOut, **ERRORS})
def programme_approve(request, pk: int):
    programme = get_programme_for_user(request.user, pk)
    programme = catalog_actions.approve_programme(actor=request.user, programme=programme)
    return answered(request, ProgrammeOut, programme)


class SessionOut(Schema):
    id: int
    plan_id: int
    programme_id: int
    provider_id: int
    start_date: dt.date
    end_date: dt.date
    form: str
    unit_id: int | None
    region_id: int | None
    language: str
    budget_places: int
    contract_places: int
    free_places: int | None = None
    budget_left: int | None = None
    contract_left: int | None = None


class SessionFilter(Schema):
    provider: int | None = None
    programme: int | None = None
    region: int | None = None
    starts_after: dt.date | None = None
    cursor: str | None = None
    limit: int | None = None


def _sessions(request):
    user = request.user
    if getattr(user, "is_authenticated", False):
        sessions = Session.objects.visible_to(user)
    else:
        sessions = Session.objects.published()
    return sessions.with_places(today=timezone.localdate())


@router.get("/sessions", auth=PUBLIC, response={200: Page[SessionOut], **ERRORS})
def session_list(request, filters: Query[SessionFilter]):
    """Sessions with their free places (the one count of places the pages show)."""
    sessions = _sessions(request)
    for name in ("provider", "programme", "region"):
        if value := getattr(filters, name):
            sessions = sessions.filter(**{f"{name}_id": value})
    if filters.starts_after:
        sessions = sessions.filter(start_date__gte=filters.starts_after)
    rows, after = page(sessions, cursor=filters.cursor, limit=filters.limit)
    return answer(rows, after, SessionOut)


@router.get("/sessions/{int:pk}", auth=PUBLIC, response={200: SessionOut, **ERRORS})
def session_detail(request, pk: int):
    return get_object_or_404(_sessions(request), pk=pk)


class PlanOut(Schema):
    id: int
    provider_id: int
    year: int
    status: str


class PlanIn(Schema):
    provider_id: int
    year: int


@router.post("/plans", response={200: PlanOut, **ERRORS})
def plan_open(request, data: PlanIn):
    """The provider's plan-schedule of the year (opened as a draft when it does not exist:
    calling again returns the same one)."""
    providers = Organization.objects.providers_run_by(request.user)
    provider = get_object_or_404(providers, pk=data.provider_id)
    if not 2000 <= data.year <= 2100:
        raise ApiError(422, "invalid_input", "year", {"year": ["2000–2100"]})
    plan = schedule_actions.open_plan_schedule(
        actor=request.user, provider=provider, year=data.year
    )
    return answered(request, PlanOut, plan)


@router.post("/plans/{int:pk}/submit", response={200: PlanOut, **ERRORS})
def plan_submit(request, pk: int):
    plan = schedule_actions.submit_plan_schedule(
        actor=request.user, plan=get_plan_for_user(request.user, pk)
    )
    return answered(request, PlanOut, plan)


@router.post("/plans/{int:pk}/approve", response={200: PlanOut, **ERRORS})
def plan_approve(request, pk: int):
    plan = schedule_actions.approve_plan_schedule(
        actor=request.user, plan=get_plan_for_user(request.user, pk)
    )
    return answered(request, PlanOut, plan)


class SessionIn(Schema):
    programme_id: int
    start_date: dt.date
    end_date: dt.date
    form: Form
    unit_id: int | None = None
    venue: str = ""
    language: Organization.Language
    budget_places: int = 0
    contract_places: int = 0
    quotas: dict[int, int] = {}


@router.post("/plans/{int:pk}/sessions", response={201: SessionOut, **ERRORS})
@idempotent
def session_add(request, pk: int, data: SessionIn):
    """A session on a draft plan-schedule (`schedule.actions.add_session`), with its district
    quotas ({unit id: places})."""
    plan: PlanSchedule = get_plan_for_user(request.user, pk)
    programme = get_programme_for_user(request.user, data.programme_id)
    unit = get_object_or_404(AdminUnit, pk=data.unit_id) if data.unit_id else None
    session = Session(plan=plan, programme=programme, unit=unit,
                      **data.model_dump(exclude={"programme_id", "unit_id", "quotas"}))  # fmt: skip
    quotas = {get_object_or_404(AdminUnit, pk=unit_id): places
              for unit_id, places in data.quotas.items()}  # fmt: skip
    session = schedule_actions.add_session(
        actor=request.user, session=session, quotas=quotas or None
    )
    return created(request, SessionOut, session)
