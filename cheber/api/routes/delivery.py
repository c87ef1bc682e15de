"""Getting a place and running a session, through delivery's actions (the pages' rules and
notifications): apply, nominate, withdraw, confirm the release, accept, attendance, results,
complete."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from cheber.api.idempotency import idempotent
from cheber.api.pagination import answer, page
from cheber.api.routes.common import ERRORS, Page, answered, created
from cheber.core.access import access_for
from cheber.delivery import actions
from cheber.delivery.access import get_enrolment_for_user
from cheber.delivery.models import Enrolment
from cheber.registry.access import get_educator_for_user
from cheber.schedule.access import get_managed_session_for_user, get_session_for_user

router = Router()


class EnrolmentOut(Schema):
    id: int
    session_id: int
    educator_id: int
    organization_id: int
    unit_id: int
    funding: str
    origin: str
    state: str
    waitlist_position: int | None
    requested_at: dt.datetime
    district_confirmed_at: dt.datetime | None
    release_confirmed_at: dt.datetime | None
    accepted_at: dt.datetime | None
    assessment_passed: bool | None
    assessment_score: int | None


class EnrolmentFilter(Schema):
    session: int | None = None
    educator: int | None = None
    state: Enrolment.State | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("/enrolments", response={200: Page[EnrolmentOut], **ERRORS})
def enrolment_list(request, filters: Query[EnrolmentFilter]):
    enrolments = Enrolment.objects.visible_to(request.user)
    for name in ("session", "educator"):
        if value := getattr(filters, name):
            enrolments = enrolments.filter(**{f"{name}_id": value})
    if filters.state:
        enrolments = enrolments.filter(state=filters.state)
    rows, after = page(enrolments, cursor=filters.cursor, limit=filters.limit, descending=True)
    return answer(rows, after, EnrolmentOut)


@router.get("/enrolments/{int:pk}", response={200: EnrolmentOut, **ERRORS})
def enrolment_detail(request, pk: int):
    return get_enrolment_for_user(request.user, pk)


class ApplicationIn(Schema):
    funding: Enrolment.Funding = Enrolment.Funding.BUDGET


@router.post("/sessions/{int:pk}/applications", response={201: EnrolmentOut, **ERRORS})
@idempotent
def enrolment_apply(request, pk: int, data: ApplicationIn):
    """The calling educator asks for a place (a teacher's token)."""
    session = get_session_for_user(request.user, pk)
    educator_id = access_for(request.user).educator_id
    if educator_id is None:
        raise PermissionDenied
    educator = get_educator_for_user(request.user, educator_id)
    enrolment = actions.apply_for_place(actor=request.user, session=session, educator=educator,
                                        funding=data.funding)  # fmt: skip
    return created(request, EnrolmentOut, enrolment)


class NominationIn(Schema):
    educator_id: int


@router.post("/sessions/{int:pk}/nominations", response={201: EnrolmentOut, **ERRORS})
@idempotent
def enrolment_nominate(request, pk: int, data: NominationIn):
    """The district's methodist nominates one of its educators for a budget place."""
    session = get_session_for_user(request.user, pk)
    educator = get_educator_for_user(request.user, data.educator_id)
    enrolment = actions.nominate_educator(actor=request.user, session=session, educator=educator)
    return created(request, EnrolmentOut, enrolment)


class ReasonIn(Schema):
    reason: str = ""


@router.post("/enrolments/{int:pk}/withdraw", response={200: EnrolmentOut, **ERRORS})
def enrolment_withdraw(request, pk: int, data: ReasonIn):
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.withdraw_enrolment(actor=request.user, enrolment=enrolment,
                                           reason=data.reason[:255])  # fmt: skip
    return answered(request, EnrolmentOut, enrolment)


@router.post("/enrolments/{int:pk}/confirm-nomination", response={200: EnrolmentOut, **ERRORS})
def enrolment_confirm_nomination(request, pk: int):
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.confirm_nomination(actor=request.user, enrolment=enrolment)
    return answered(request, EnrolmentOut, enrolment)


@router.post("/enrolments/{int:pk}/confirm-release", response={200: EnrolmentOut, **ERRORS})
def enrolment_confirm_release(request, pk: int):
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.confirm_release(actor=request.user, enrolment=enrolment)
    return answered(request, EnrolmentOut, enrolment)


@router.post("/enrolments/{int:pk}/accept", response={200: EnrolmentOut, **ERRORS})
def enrolment_accept(request, pk: int):
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.accept_enrolment(actor=request.user, enrolment=enrolment)
    return answered(request, EnrolmentOut, enrolment)


class ResultIn(Schema):
    passed: bool
    score: int | None = None


@router.post("/enrolments/{int:pk}/result", response={200: EnrolmentOut, **ERRORS})
def enrolment_result(request, pk: int, data: ResultIn):
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.record_result(actor=request.user, enrolment=enrolment,
                                      passed=data.passed, score=data.score)  # fmt: skip
    return answered(request, EnrolmentOut, enrolment)


@router.post("/enrolments/{int:pk}/complete", response={200: EnrolmentOut, **ERRORS})
def enrolment_complete(request, pk: int):
    """One learner completes (an online session's, on the day they meet its rule)."""
    enrolment = get_enrolment_for_user(request.user, pk)
    enrolment = actions.complete_enrolment(actor=request.user, enrolment=enrolment)
    return answered(request, EnrolmentOut, enrolment)


class MarkIn(Schema):
    enrolment_id: int
    day: dt.date
    present: bool


class AttendanceIn(Schema):
    marks: list[MarkIn] = []


class CountOut(Schema):
    count: int


@router.post("/sessions/{int:pk}/attendance", response={200: CountOut, **ERRORS})
def session_attendance(request, pk: int, data: AttendanceIn):
    """Marks of {enrolment, day, present}: all written, or none."""
    session = get_managed_session_for_user(request.user, pk)
    marks = {(m.enrolment_id, m.day): m.present for m in data.marks}
    return {"count": actions.record_attendance(actor=request.user, session=session, marks=marks)}


class CompletionOut(Schema):
    completed: int
    not_completed: int


@router.post("/sessions/{int:pk}/complete", response={200: CompletionOut, **ERRORS})
def session_complete(request, pk: int):
    """Close a finished session: who met the completion rule completed it."""
    session = get_managed_session_for_user(request.user, pk)
    return actions.complete_session(actor=request.user, session=session)
