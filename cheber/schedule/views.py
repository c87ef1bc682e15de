"""Plan-schedule pages: the course search everyone uses (list, calendar, Excel, iCalendar), and
the providers' plan-schedules with their sessions and district quotas."""

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.accounts.roles import roles_for
from cheber.accounts.scope import scope_for
from cheber.catalog.models import Form, Programme
from cheber.core.excel import xlsx_response
from cheber.core.forms import add_action_errors
from cheber.core.htmx import is_htmx
from cheber.registry.models import Organization
from cheber.schedule import actions, ical
from cheber.schedule.access import (
    can_approve_plan,
    can_plan_for,
    get_managed_session_for_user,
    get_plan_for_user,
)
from cheber.schedule.forms import (
    PlanFilterForm,
    PlanForm,
    QuotaFormSet,
    ReturnPlanForm,
    SessionFilterForm,
    SessionForm,
    quota_initial,
)
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session

PAGE_SIZE = 50


def _in_district(district) -> Q:
    travelling = DistrictQuota.objects.filter(unit=district).values("session_id")
    return (
        Q(unit=district)
        | Q(unit__parent=district)  # a city district of Bishkek or Osh
        | Q(form=Form.MOBILE, pk__in=travelling)
    )


def _when(sessions, data: dict, today: dt.date):
    if month := data.get("month"):
        last = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
        return sessions.overlapping(month, last)
    return sessions.filter(start_date__gte=today)


def filter_sessions(sessions, form: SessionFilterForm, today: dt.date, *, dates=True):
    """The sessions the search form selects; a field with an error is left out of the search."""
    form.is_valid()
    data = form.cleaned_data
    if text := (data.get("q") or "").strip():
        sessions = sessions.filter(programme__in=Programme.objects.search(text).values("pk"))
    if specialization := data.get("specialization"):
        targeted = Programme.objects.filter(specializations=specialization).values("pk")
        sessions = sessions.filter(programme__in=targeted)
    if oblast := data.get("oblast"):
        sessions = sessions.filter(region=oblast)
    if district := data.get("district"):
        sessions = sessions.filter(_in_district(district))
    for field in ("form", "language", "provider"):
        if value := data.get(field):
            sessions = sessions.filter(**{field: value})
    if dates:
        sessions = _when(sessions, data, today)
    sessions = sessions.with_places()
    if data.get("free"):
        sessions = sessions.filter(free_places__gt=0)
    return sessions.select_related("programme", "provider", "unit").order_by("start_date", "pk")


def _visible_sessions(request, *, dates=True):
    form = SessionFilterForm(request.GET)
    sessions = Session.objects.visible_to(request.user)
    return form, filter_sessions(sessions, form, timezone.localdate(), dates=dates)


@login_required
def session_list(request):
    form, sessions = _visible_sessions(request)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _labelled(page.object_list)
    template = "schedule/session_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, {"form": form, "page": page})


def _labelled(sessions) -> list[Session]:
    """The sessions with the name of their language (a code on the model, without choices)."""
    labels = dict(Organization.Language.choices)
    sessions = list(sessions)
    for session in sessions:
        session.language_label = str(labels.get(session.language, session.language))
    return sessions


def session_row(session: Session) -> list:
    """One session as the list shows it, and as the Excel export writes it."""
    place = ", ".join(p for p in (session.unit.name if session.unit else "", session.venue) if p)
    return [
        session.start_date.strftime("%d.%m.%Y"),
        session.end_date.strftime("%d.%m.%Y"),
        session.programme.title,
        session.provider.name,
        place or _("online"),
        session.get_form_display(),
        session.language_label,
        session.free_places,
        session.capacity,
    ]


@login_required
def session_export(request):
    _form, sessions = _visible_sessions(request)
    headers = [
        _("start date"), _("end date"), _("programme"), _("provider"), _("place"), _("form"),
        _("language"), _("free places"), _("places"),
    ]  # fmt: skip
    stamp = timezone.localdate().isoformat()
    rows = (session_row(s) for s in _labelled(sessions))
    return xlsx_response(f"sessions-{stamp}.xlsx", _("Sessions"), headers, rows)


def _month(form: SessionFilterForm, today: dt.date) -> dt.date:
    form.is_valid()
    return form.cleaned_data.get("month") or today.replace(day=1)


def _weeks(month: dt.date, sessions: list[Session]) -> list[dict]:
    weeks = []
    for days in month_calendar.Calendar().monthdatescalendar(month.year, month.month):
        overlapping = [s for s in sessions if s.start_date <= days[-1] and s.end_date >= days[0]]
        cells = [
            {"day": d, "in_month": d.month == month.month,
             "sessions": [s for s in overlapping if max(s.start_date, days[0]) == d]}
            for d in days
        ]  # fmt: skip
        weeks.append({"days": cells, "sessions": overlapping, "start": days[0], "end": days[-1]})
    return weeks


@login_required
def session_calendar(request):
    form, sessions = _visible_sessions(request, dates=False)
    month = _month(form, timezone.localdate())
    last = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
    shown = list(sessions.overlapping(month, last))
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "form": form,
        "month": month,
        "weeks": _weeks(month, shown),
        "previous": (month - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + dt.timedelta(days=1)).strftime("%Y-%m"),
        "query": query.urlencode(),
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "schedule/session_calendar.html", context)


def ical_feed(request):
    """Public: published sessions only, whoever asks; the same filters as the search page."""
    form = SessionFilterForm(request.GET)
    sessions = filter_sessions(Session.objects.published(), form, timezone.localdate())
    domain = request.get_host().split(":")[0] or "cheber"
    body = ical.calendar(
        sessions.iterator(chunk_size=1000),
        name=_("Cheber: courses"),
        domain=domain,
        url_for=lambda s: request.build_absolute_uri(
            reverse("delivery:session_detail", args=[s.pk])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    return response


# --- plan-schedules: providers plan their year, the institute approves ---


def _is_manager(user, plan: PlanSchedule) -> bool:
    return can_plan_for(user, plan.provider_id)


@login_required
def plan_list(request):
    roles, national = roles_for(request.user), scope_for(request.user).national
    if not (national or roles.is_provider):
        raise PermissionDenied
    plans = PlanSchedule.objects.visible_to(request.user)
    if not national:
        plans = plans.filter(provider_id__in=roles.provider_ids)
    form = PlanFilterForm(request.GET)
    form.is_valid()
    for field in ("year", "status"):
        if value := form.cleaned_data.get(field):
            plans = plans.filter(**{field: value})
    plans = (
        plans.select_related("provider")
        .annotate(
            session_count=Count("sessions"),
            budget=Sum("sessions__budget_places"),
            contract=Sum("sessions__contract_places"),
        )
        .order_by("-year", "provider__code")
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_open": roles.is_institute or roles.is_provider}
    return render(request, "schedule/plan_list.html", context)


@login_required
def plan_create(request):
    providers = Organization.objects.providers_run_by(request.user)
    if not providers.exists():
        raise PermissionDenied
    initial = {"year": timezone.localdate().year, "provider": providers.first()}
    form = PlanForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = actions.open_plan_schedule(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The plan-schedule is open."))
        return redirect("schedule:plan_detail", pk=plan.pk)
    return render(request, "schedule/plan_form.html", {"form": form})


def _quota_total() -> Subquery:
    quotas = DistrictQuota.objects.filter(session=OuterRef("pk")).order_by()
    return Subquery(quotas.values("session").annotate(total=Sum("places")).values("total"))


def _plan_context(request, plan: PlanSchedule, return_form=None) -> dict:
    sessions = list(
        plan.sessions.with_places()
        .select_related("programme", "unit")
        .annotate(quota_total=Coalesce(_quota_total(), 0))
        .order_by("start_date", "pk")
    )
    manager, institute = _is_manager(request.user, plan), can_approve_plan(request.user)
    submitted = plan.status == PlanSchedule.Status.SUBMITTED
    return {
        "plan": plan,
        "sessions": sessions,
        "totals": {
            key: sum(getattr(s, key) for s in sessions)
            for key in ("budget_places", "contract_places", "quota_total", "taken")
        },
        "can_manage": manager,
        "can_add": manager and plan.is_editable,
        "can_review": institute and submitted,
        "return_form": return_form or ReturnPlanForm(),
    }


@login_required
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "schedule/plan_detail.html", _plan_context(request, plan))


def _plan_step(request, pk: int, action, success: str, **extra):
    plan = get_plan_for_user(request.user, pk)
    try:
        action(actor=request.user, plan=plan, **extra)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("schedule:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_submit(request, pk: int):
    success = _("The plan-schedule is submitted to the national institute.")
    return _plan_step(request, pk, actions.submit_plan_schedule, success)


@login_required
@require_POST
def plan_approve(request, pk: int):
    success = _("The plan-schedule is approved; its sessions are published.")
    return _plan_step(request, pk, actions.approve_plan_schedule, success)


@login_required
@require_POST
def plan_return(request, pk: int):
    form = ReturnPlanForm(request.POST)
    if not form.is_valid():
        plan = get_plan_for_user(request.user, pk)
        if not can_approve_plan(request.user):
            raise PermissionDenied
        context = _plan_context(request, plan, return_form=form)
        return render(request, "schedule/plan_detail.html", context)
    success = _("The plan-schedule is returned to the provider.")
    return _plan_step(
        request, pk, actions.return_plan_schedule, success, note=form.cleaned_data["note"]
    )


# --- sessions of a plan ---


def _add_errors(error: ValidationError, form, quotas) -> None:
    """An action's errors beside their fields; those about the quotas above the quota rows."""
    if hasattr(error, "error_dict") and "quotas" in error.error_dict:
        quotas.non_form_errors().extend(error.message_dict["quotas"])
        rest = {k: v for k, v in error.error_dict.items() if k != "quotas"}
        if not rest:
            return
        error = ValidationError(rest)
    if form is None:
        quotas.non_form_errors().extend(error.messages)
    else:
        add_action_errors(error, form)


@login_required
def session_create(request, plan_pk: int):
    plan = get_plan_for_user(request.user, plan_pk)
    if not _is_manager(request.user, plan):
        raise PermissionDenied
    if not plan.is_editable:
        messages.error(request, _("Sessions are added while the plan-schedule is a draft."))
        return redirect("schedule:plan_detail", pk=plan.pk)
    form = SessionForm(request.POST or None, instance=Session(plan=plan, provider=plan.provider))
    quotas = QuotaFormSet(request.POST or None, prefix="quotas")
    if request.method == "POST" and all([form.is_valid(), quotas.is_valid()]):
        try:
            actions.add_session(
                actor=request.user,
                session=form.save(commit=False),
                trainers=list(form.cleaned_data["trainers"]),
                quotas=quotas.quotas(),
            )
        except ValidationError as error:
            _add_errors(error, form, quotas)
        else:
            messages.success(request, _("The session is added."))
            return redirect("schedule:plan_detail", pk=plan.pk)
    context = {"form": form, "quotas": quotas, "plan": plan}
    return render(request, "schedule/session_form.html", context)


@login_required
def session_edit(request, pk: int):
    session = get_managed_session_for_user(request.user, pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_session(
                actor=request.user,
                session=form.save(commit=False),
                trainers=list(form.cleaned_data["trainers"]),
                changed=form.changed_data,
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("schedule:plan_detail", pk=session.plan_id)
    context = {"form": form, "plan": session.plan, "session": session}
    return render(request, "schedule/session_form.html", context)


@login_required
def session_quotas(request, pk: int):
    session = get_managed_session_for_user(request.user, pk)
    initial = None if request.method == "POST" else quota_initial(session)
    quotas = QuotaFormSet(request.POST or None, prefix="quotas", initial=initial)
    if request.method == "POST" and quotas.is_valid():
        try:
            actions.set_quotas(actor=request.user, session=session, quotas=quotas.quotas())
        except ValidationError as error:
            _add_errors(error, None, quotas)
        else:
            messages.success(request, _("The district quotas are saved."))
            return redirect("schedule:plan_detail", pk=session.plan_id)
    context = {"quotas": quotas, "session": session, "plan": session.plan}
    return render(request, "schedule/session_quotas.html", context)
