"""Pages of providers: their sessions, a session's roster, attendance sheet and results.

Every page fetches the session through `get_managed_session_for_user` (404 outside the user's
provider) and each enrolment through `Enrolment.objects.visible_to` within that session.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cheber.catalog.models import Form
from cheber.core import dates
from cheber.core.access import access_for
from cheber.core.access_log import counted, log_export
from cheber.core.excel import xlsx_response
from cheber.core.forms import add_action_errors
from cheber.delivery import actions
from cheber.delivery.access import can_run_session
from cheber.delivery.actions import running
from cheber.delivery.forms import (
    AttendanceForm,
    PaymentForm,
    RejectForm,
    ResultForm,
    SessionFilterForm,
)
from cheber.delivery.models import Attendance, Enrolment, ModuleProgress
from cheber.registry.privacy import shown_pin, with_personal_data_flag
from cheber.schedule.access import get_managed_session_for_user
from cheber.schedule.models import Session

PAGE_SIZE = 25
State = Enrolment.State
PHASES = {
    0: gettext_lazy("Upcoming"),
    1: gettext_lazy("In progress"),
    2: gettext_lazy("Ended, not completed yet"),
    3: gettext_lazy("Completed"),
}
ACCEPTED_STATES = (State.ENROLLED, State.COMPLETED, State.NOT_COMPLETED)


def _managed_enrolment(user, pk: int) -> Enrolment:
    """An enrolment the user sees, of a session the user's provider runs; else 404."""
    enrolments = Enrolment.objects.visible_to(user).select_related("session", "educator")
    enrolment = get_object_or_404(enrolments, pk=pk)
    if not Session.objects.managed_by(user).filter(pk=enrolment.session_id).exists():
        raise Http404
    return enrolment


def _may_act(request, session: Session) -> dict:
    """The national institute may look at a provider's pages; only its staff act on them."""
    return {"can_act": can_run_session(request.user, session)}


def _session_enrolment(user, session: Session, pk: int | None) -> Enrolment | None:
    enrolments = Enrolment.objects.visible_to(user).filter(session=session)
    return enrolments.select_related("session", "educator").filter(pk=pk).first()


# The provider's sessions -----------------------------------------------------------------


def _count(condition: Q) -> Count:
    return Count("enrolments", filter=condition)


def _provider_sessions(user, form: SessionFilterForm, today: dt.date):
    sessions = Session.objects.readable_by(user).select_related("programme", "unit", "provider")
    if form.is_valid():
        if year := form.cleaned_data["year"]:
            sessions = sessions.filter(start_date__year=year)
        if month := form.cleaned_data["month"]:
            sessions = sessions.filter(start_date__month=month)
    enrolled = Q(enrolments__state=State.ENROLLED)
    sessions = sessions.with_places().annotate(
        left=F("places_left"),
        awaiting=_count(enrolled & Q(enrolments__accepted_at=None)),
        running=_count(enrolled & Q(enrolments__accepted_at__isnull=False)),
        closed=_count(Q(enrolments__state__in=[State.COMPLETED, State.NOT_COMPLETED])),
    )
    phase = Case(
        When(start_date__gt=today, then=Value(0)),
        When(end_date__gte=today, then=Value(1)),
        When(Q(closed__gt=0, running=0), then=Value(3)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return sessions.annotate(phase=phase).order_by("phase", "start_date", "pk")


@login_required
def provider_sessions(request):
    roles = access_for(request.user)
    if not (roles.provider_ids or roles.national or roles.superuser):
        raise Http404  # the page of those who run sessions, or read them nationally
    form = SessionFilterForm(request.GET)
    today = timezone.localdate()
    page = Paginator(_provider_sessions(request.user, form, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for session in page:
        session.phase_label = PHASES[session.phase]
    return render(request, "delivery/provider_sessions.html", {"form": form, "page": page})


# The roster ------------------------------------------------------------------------------

ROSTER_ORDER = Case(
    When(state=State.ENROLLED, then=Value(0)),
    When(state=State.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _roster(session: Session, user):
    """Enrolled first, then the waitlist in its order, then the requests that ended; each
    marked with whether the user sees the participant's full PIN."""
    enrolments = (
        session.enrolments.select_related("educator", "organization", "unit")
        .annotate(state_order=ROSTER_ORDER)
        .order_by("state_order", "waitlist_position", "educator__surname", "pk")
    )
    return with_personal_data_flag(enrolments, user, educator_field="educator_id")


def _render_roster(request, session, *, form=None, failed=None):
    context = {
        "session": session,
        "enrolments": list(_roster(session, request.user)),
        "action_form": form,
        "failed": failed,
        "today": timezone.localdate(),
    }
    return render(request, "delivery/roster.html", context | _may_act(request, session))


@login_required
def roster(request, pk: int):
    """The roster; a POST here rejects one request, with its reason."""
    session = get_managed_session_for_user(request.user, pk, read=request.method == "GET")
    if request.method != "POST":
        return _render_roster(request, session)
    form = RejectForm(request.POST)
    enrolment = None
    if form.is_valid():
        enrolment = _session_enrolment(request.user, session, form.cleaned_data["enrolment"])
        if enrolment is None:
            raise Http404
        try:
            actions.reject_enrolment(
                actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The request is declined."))
            return redirect("delivery:roster", pk=session.pk)
    return _render_roster(request, session, form=form, failed=enrolment)


def _roster_step(request, enrolment, form, call):
    """Run one roster step; back to the roster, or the roster with the error beside the name."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return None
    session = get_managed_session_for_user(request.user, enrolment.session_id)
    return _render_roster(request, session, form=form, failed=enrolment)


@login_required
@require_POST
def accept(request, pk: int):
    enrolment = _managed_enrolment(request.user, pk)
    form = forms.Form(request.POST)
    error_page = _roster_step(
        request, enrolment, form,
        lambda data: actions.accept_enrolment(actor=request.user, enrolment=enrolment),
    )  # fmt: skip
    if error_page:
        return error_page
    messages.success(request, _("%(name)s is accepted.") % {"name": enrolment.educator.full_name})
    return redirect("delivery:roster", pk=enrolment.session_id)


@login_required
@require_POST
def record_payment(request, pk: int):
    enrolment = _managed_enrolment(request.user, pk)
    form = PaymentForm(request.POST)
    error_page = _roster_step(
        request, enrolment, form,
        lambda data: actions.record_payment(
            actor=request.user, enrolment=enrolment, reference=data["reference"]
        ),
    )  # fmt: skip
    if error_page:
        return error_page
    messages.success(request, _("The payment is recorded."))
    return redirect("delivery:roster", pk=enrolment.session_id)


def _stamp(moment) -> str:
    return dates.day(timezone.localtime(moment)) if moment else ""


@login_required
def roster_export(request, pk: int):
    session = get_managed_session_for_user(request.user, pk, read=True)
    headers = [
        _("No."), _("Name"), _("PIN"), _("Workplace"), _("District"), _("Funding"),
        _("State"), _("Place in the waitlist"), _("Confirmed by the cabinet"),
        _("Payment document"), _("Release from work"), _("Accepted"),
    ]  # fmt: skip
    rows = (
        [
            number,
            e.educator.full_name,
            shown_pin(e.educator.pin, e.personal_data_visible),
            e.organization.name,
            e.unit.name,
            e.get_funding_display(),
            e.get_state_display(),
            e.waitlist_position,
            _stamp(e.district_confirmed_at),
            e.payment_reference,
            _stamp(e.release_confirmed_at),
            _stamp(e.accepted_at),
        ]  # fmt: skip
        for number, e in enumerate(_roster(session, request.user).iterator(), start=1)
    )
    filename = f"roster-{session.pk}-{session.start_date:%Y%m%d}.xlsx"

    def logged(count: int) -> None:
        log_export(request.user, what="delivery:roster_export", filters={"session": session.pk},
                   rows=count)  # fmt: skip

    return xlsx_response(filename, _("Roster"), headers, counted(rows, logged))


# Attendance ------------------------------------------------------------------------------


def _default_day(session: Session, today: dt.date) -> dt.date:
    """Today during the session (the last day before it on a Sunday), else the first day."""
    days = session.days or [session.start_date]  # a one-day session on a Sunday
    if session.start_date <= today <= session.end_date:
        return max(day for day in days if day <= today)
    return days[0]


def _day_from_query(session: Session, raw: str | None, today: dt.date):
    """The day asked for in ?day=, else the default; and the error if it was not usable."""
    if not raw:
        return _default_day(session, today), None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return _default_day(session, today), _("Write the day as YYYY-MM-DD.")
    if day not in session.days:
        message = _("%(day)s is not a day of this session.") % {"day": dates.day(day)}
        return _default_day(session, today), message
    return day, None


@dataclass
class GridRow:
    enrolment: Enrolment
    marks: dict[dt.date, bool] = field(default_factory=dict)
    cells: list = field(default_factory=list)
    percent: float = 0


def _grid(session: Session) -> list[GridRow]:
    """Accepted participants with their marks of each day: two queries for any size."""
    enrolments = (
        session.enrolments.filter(state__in=ACCEPTED_STATES, accepted_at__isnull=False)
        .select_related("educator", "organization")
        .order_by("educator__surname", "educator__first_name", "pk")
    )
    rows = {e.pk: GridRow(e) for e in enrolments}
    marks = Attendance.objects.of_session(session)
    for enrolment_id, day, present in marks.values_list("enrolment_id", "day", "present"):
        if enrolment_id in rows:
            rows[enrolment_id].marks[day] = present
    days = session.days
    for row in rows.values():
        row.cells = [row.marks.get(day) for day in days]
        row.percent = 100 * sum(1 for p in row.marks.values() if p) / max(1, len(days))
    return list(rows.values())


def _attendance_context(session: Session, day: dt.date, today: dt.date) -> dict:
    days = session.days
    index = days.index(day) if day in days else 0
    grid = _grid(session)
    return {
        "session": session,
        "day": day,
        "days": days,
        "previous_day": days[index - 1] if index else None,
        "next_day": days[index + 1] if index + 1 < len(days) else None,
        "is_future": day > today,
        "sheet": [
            (row.enrolment, row.marks.get(day))
            for row in grid
            if row.enrolment.state == State.ENROLLED
        ],  # fmt: skip
        "grid": grid,
    }


@login_required
def attendance(request, pk: int):
    session = get_managed_session_for_user(request.user, pk, read=request.method == "GET")
    today = timezone.localdate()
    form, day_error = None, None
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid():
            try:
                count = running.record_attendance(
                    actor=request.user, session=session, marks=form.marks()
                )
            except ValidationError as error:
                add_action_errors(error, form)
            else:
                messages.success(
                    request, _("Attendance saved: %(count)s marks.") % {"count": count}
                )
                url = reverse("delivery:attendance", args=[session.pk])
                return redirect(f"{url}?day={form.cleaned_data['day']:%Y-%m-%d}")
        day = _default_day(session, today)
        if form.is_valid() and form.cleaned_data["day"] in session.days:
            day = form.cleaned_data["day"]
    else:
        day, day_error = _day_from_query(session, request.GET.get("day"), today)
    context = _attendance_context(session, day, today)
    context.update({"form": form, "day_error": day_error})
    return render(request, "delivery/attendance.html", context | _may_act(request, session))


# Results and completion ------------------------------------------------------------------


@dataclass
class ResultRow:
    enrolment: Enrolment
    percent: float
    modules_done: set[int]


def _results_context(session: Session, *, form=None, failed_id=None, complete_error=None):
    modules = []
    if session.programme.form in (Form.BLENDED, Form.ONLINE):
        modules = list(session.programme.modules.all())
    grid = {row.enrolment.pk: row for row in _grid(session)}
    done: dict[int, set[int]] = {pk: set() for pk in grid}
    progress = ModuleProgress.objects.of_session(session)
    for enrolment_id, module_id in progress.values_list("enrolment_id", "module_id"):
        done.setdefault(enrolment_id, set()).add(module_id)
    rows = [ResultRow(r.enrolment, r.percent, done[pk]) for pk, r in grid.items()]
    states = [row.enrolment.state for row in rows]
    return {
        "session": session,
        "modules": modules,
        "rows": rows,
        "form": form,
        "failed": next((r.enrolment for r in rows if r.enrolment.pk == failed_id), None),
        "complete_error": complete_error,
        "has_ended": session.end_date <= timezone.localdate(),
        "open_count": states.count(State.ENROLLED),
        "completed_count": states.count(State.COMPLETED),
        "not_completed_count": states.count(State.NOT_COMPLETED),
    }


@login_required
def results(request, pk: int):
    session = get_managed_session_for_user(request.user, pk, read=request.method == "GET")
    if request.method != "POST":
        context = _results_context(session) | _may_act(request, session)
        return render(request, "delivery/results.html", context | _may_act(request, session))
    form = ResultForm(request.POST, modules=session.programme.modules.all())
    if form.is_valid():
        enrolment = _session_enrolment(request.user, session, form.cleaned_data["enrolment"])
        if enrolment is None:
            form.add_error("enrolment", _("This person is not a participant."))
        else:
            try:
                data = form.cleaned_data
                running.record_result(
                    actor=request.user, enrolment=enrolment, modules=data["modules"],
                    passed=data["outcome"] == ResultForm.PASSED, score=data["score"],
                )  # fmt: skip
            except ValidationError as error:
                add_action_errors(error, form)
            else:
                messages.success(
                    request, _("Saved: %(name)s.") % {"name": enrolment.educator.full_name}
                )
                return redirect("delivery:results", pk=session.pk)
    context = _results_context(session, form=form, failed_id=form.cleaned_data.get("enrolment"))
    return render(request, "delivery/results.html", context | _may_act(request, session))


@login_required
@require_POST
def complete(request, pk: int):
    session = get_managed_session_for_user(request.user, pk)
    try:
        counts = running.complete_session(actor=request.user, session=session)
    except ValidationError as error:
        context = _results_context(session, complete_error=" ".join(error.messages))
        return render(request, "delivery/results.html", context | _may_act(request, session))
    messages.success(
        request,
        _("The session is completed: %(completed)s completed it, %(not_completed)s did not.")
        % counts,
    )
    return redirect("delivery:results", pk=session.pk)
