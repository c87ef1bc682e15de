"""Pages of educators, methodical cabinets and principals: getting a place in a session."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Max, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cheber.catalog.models import Form
from cheber.core.access import access_for
from cheber.core.forms import add_action_errors
from cheber.core.htmx import is_htmx
from cheber.core.redirects import redirect_back
from cheber.delivery import actions
from cheber.delivery.access import get_enrolment_for_user
from cheber.delivery.forms import (
    ApplyForm,
    EducatorSearchForm,
    NextForm,
    NominateForm,
    ReasonForm,
)
from cheber.delivery.models import Enrolment, Notification
from cheber.delivery.notifications import message, place_label
from cheber.delivery.views.common import (
    ACTIVE,
    PAGE_SIZE,
    is_open,
    local_today,
    require_methodist,
)
from cheber.registry.access import get_educator_for_user
from cheber.registry.models import Educator, Employment, Organization
from cheber.schedule.access import get_session_for_user
from cheber.schedule.models import DistrictQuota, Session

State, Funding = Enrolment.State, Enrolment.Funding

STEP_LABELS = {
    "nomination": gettext_lazy("nominated by the methodical cabinet"),
    "application": gettext_lazy("applied"),
    "confirm_nomination": gettext_lazy("confirmed by the methodical cabinet"),
    "record_payment": gettext_lazy("payment recorded"),
    "confirm_release": gettext_lazy("release from work confirmed"),
    "accept_enrolment": gettext_lazy("accepted by the provider"),
    "withdraw_enrolment": gettext_lazy("withdrawn"),
    "reject_enrolment": gettext_lazy("rejected"),
    "promote_from_waitlist": gettext_lazy("promoted from the waitlist"),
}


def _outcome(enrolment: Enrolment) -> str:
    if enrolment.state == State.WAITLISTED:
        return _("waitlisted, number %(position)s") % {"position": enrolment.waitlist_position}
    return _("enrolled")


# The session ---------------------------------------------------------------------------------


@login_required
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    return _render_session(request, session)


def _render_session(request, session: Session, apply_form: ApplyForm | None = None):
    roles = access_for(request.user)
    quotas = _quota_use(session)
    context = {
        "session": session,
        "place": place_label(session),
        "language": dict(Organization.Language.choices).get(session.language, session.language),
        "places": session.place_counts(),
        "quotas": quotas,
        "trainers": session.trainers.order_by("surname", "first_name"),
        "is_open": is_open(session),
        "is_provider": roles.works_for_provider(session.provider_id),
        "my_quotas": [q for q in quotas if q.unit_id in roles.district_ids],
        "is_methodist": roles.is_methodist,
    }
    if roles.is_methodist:
        context["district_requests"] = _district_requests(session, roles.district_ids)
    if roles.is_teacher:
        own = (
            Enrolment.objects.visible_to(request.user)
            .filter(session=session, educator_id__in=roles.educator_ids)
            .order_by("-requested_at", "-pk")
            .first()
        )
        context["own"] = own
        if session.form == Form.ONLINE:  # open enrolment, on the learning pages
            context["enrol_online"] = own is None or not own.is_active
        elif context["is_open"] and (own is None or not own.is_active):
            context["apply_form"] = apply_form or ApplyForm(session=session)
    return render(request, "delivery/session_detail.html", context)


def _quota_use(session: Session) -> list[DistrictQuota]:
    return list(session.quotas.with_use().select_related("unit"))


def _district_requests(session: Session, district_ids) -> dict:
    mine = session.enrolments.filter(unit_id__in=district_ids)
    return mine.aggregate(
        enrolled=Count("pk", filter=Q(state=State.ENROLLED)),
        waiting=Count("pk", filter=Q(state=State.WAITLISTED)),
    )


@login_required
@require_POST
def apply(request, pk: int):
    session = get_session_for_user(request.user, pk)
    roles = access_for(request.user)
    if not roles.is_teacher:
        raise PermissionDenied
    educator = get_educator_for_user(request.user, roles.educator_id)
    form = ApplyForm(request.POST, session=session)
    if form.is_valid():
        try:
            enrolment = actions.apply_for_place(
                actor=request.user, session=session, educator=educator,
                funding=form.cleaned_data["funding"],
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            text = _("Your request for “%(programme)s”: %(outcome)s.")
            messages.success(
                request,
                text % {"programme": session.programme.title, "outcome": _outcome(enrolment)},
            )
            return redirect("delivery:my_courses")
    return _render_session(request, session, apply_form=form)


# Nominating (the methodical cabinet) --------------------------------------------------------


def _candidates(user, session: Session, district_ids):
    """Educators of the districts who fit the programme and hold or await no place in the
    session yet, most overdue for training first."""
    educators = Educator.objects.visible_to(user).working_in_districts(district_ids)
    targets = list(session.programme.specializations.values_list("pk", flat=True))
    if targets:
        educators = educators.specialized_in(targets)
    taken = session.enrolments.filter(state__in=ACTIVE).values("educator_id")
    return (
        educators.exclude(pk__in=taken)
        .annotate(last_training=Max("training_records__end_date"))
        .order_by(F("last_training").asc(nulls_first=True), "surname", "first_name", "pk")
    )


def _active_jobs() -> Prefetch:
    return Prefetch(
        "employments",
        queryset=Employment.objects.active().select_related("organization", "position"),
        to_attr="active_jobs",
    )


@login_required
def nominate(request, pk: int):
    roles = require_methodist(request.user)
    session = get_session_for_user(request.user, pk)
    visible = Educator.objects.visible_to(request.user)
    form = NominateForm(request.POST or None, educators=visible)
    if request.method == "POST" and form.is_valid():
        failures = _nominate_each(request, session, form.cleaned_data["educators"])
        if not failures:
            return redirect(request.get_full_path())
        for educator, error in failures:
            for text in error.messages:
                form.add_error(
                    None, _("%(name)s: %(error)s") % {"name": educator.full_name, "error": text}
                )
    search = EducatorSearchForm(request.GET)
    candidates = _candidates(request.user, session, roles.district_ids)
    if search.is_valid():
        candidates = candidates.search(search.cleaned_data["q"], viewer=request.user)
    page = Paginator(candidates.prefetch_related(_active_jobs()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = local_today()
    for educator in page:
        last = educator.last_training
        educator.years_since = (today - last).days * 100 // 36525 if last else None
    context = {"session": session, "form": form, "search": search, "page": page}
    context["is_open"] = is_open(session)
    template = "delivery/nominate.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, context)


def _nominate_each(request, session: Session, educators) -> list:
    """Each educator on their own: one refused does not undo the others."""
    failures = []
    for educator in educators:
        try:
            enrolment = actions.nominate_educator(
                actor=request.user, session=session, educator=educator
            )
        except ValidationError as error:
            failures.append((educator, error))
        else:
            text = _("%(name)s: %(outcome)s.")
            messages.success(
                request, text % {"name": educator.full_name, "outcome": _outcome(enrolment)}
            )
    return failures


# The teacher's own courses ------------------------------------------------------------------


@dataclass
class MyCourses:
    upcoming: list = field(default_factory=list)
    in_progress: list = field(default_factory=list)
    waitlisted: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    history: list = field(default_factory=list)


def _group(enrolments, today: dt.date) -> MyCourses:
    groups = MyCourses()
    for enrolment in enrolments:
        if enrolment.state == State.ENROLLED:
            begun = enrolment.session.start_date <= today
            (groups.in_progress if begun else groups.upcoming).append(enrolment)
        elif enrolment.state == State.WAITLISTED:
            groups.waitlisted.append(enrolment)
        elif enrolment.state in (State.COMPLETED, State.NOT_COMPLETED):
            groups.completed.insert(0, enrolment)
        else:
            groups.history.insert(0, enrolment)
    return groups


@login_required
def my_courses(request):
    roles = access_for(request.user)
    if not roles.is_teacher:
        raise PermissionDenied
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(educator_id__in=roles.educator_ids)
        .select_related("session__programme", "session__provider", "session__unit")
        .select_related("training_record")
        .order_by("session__start_date", "pk")
    )
    context = {
        "courses": _group(enrolments, local_today()),
        "educator_id": roles.educator_id,
    }
    return render(request, "delivery/my_courses.html", context)


# One request and its steps ------------------------------------------------------------------


def _allowed(user, enrolment: Enrolment) -> dict:
    roles = access_for(user)
    active = enrolment.state in ACTIVE
    own = enrolment.educator_id in roles.educator_ids
    cabinet = roles.governs_district(enrolment.unit_id)
    principal = roles.leads(enrolment.organization_id)
    needs_cabinet = enrolment.funding == Funding.BUDGET and not enrolment.district_confirmed_at
    return {
        "withdraw": active and (own or cabinet),
        "confirm": active and cabinet and needs_cabinet,
        "release": active and principal and not enrolment.release_confirmed_at,
        "reject": active and (cabinet or principal),
    }


@login_required
def enrolment_detail(request, pk: int):
    enrolment = get_enrolment_for_user(request.user, pk)
    return _render_enrolment(request, enrolment)


def _render_enrolment(request, enrolment: Enrolment, bound: dict | None = None):
    states = dict(State.choices)
    events = list(enrolment.events.select_related("actor"))
    for event in events:
        event.label = STEP_LABELS.get(event.verb, event.verb)
        event.from_label = states.get(event.from_state, event.from_state or "—")
        event.to_label = states.get(event.to_state, event.to_state)
    context = {
        "enrolment": enrolment,
        "events": events,
        "can": _allowed(request.user, enrolment),
        "withdraw_form": ReasonForm(),
        "reject_form": ReasonForm(reason_required=True),
        "confirm_form": NextForm(),
        **(bound or {}),
    }
    return render(request, "delivery/enrolment_detail.html", context)


@transaction.atomic
def _enrolment_step(request, pk: int, perform, *, form_name: str, done: str, **form_kwargs):
    """Fetch in scope, validate, call the action, go back (or show the error beside the form).
    The action and the answer are one transaction: a step whose page fails is not saved."""
    enrolment = get_enrolment_for_user(request.user, pk)
    form_class = NextForm if form_name == "confirm_form" else ReasonForm
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            perform(enrolment, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, done)
            default = reverse("delivery:enrolment_detail", args=[enrolment.pk])
            return redirect_back(request, default)
    return _render_enrolment(request, enrolment, {form_name: form})


@login_required
@require_POST
def withdraw(request, pk: int):
    def perform(enrolment, data):
        actions.withdraw_enrolment(actor=request.user, enrolment=enrolment, reason=data["reason"])

    return _enrolment_step(
        request, pk, perform, form_name="withdraw_form", done=_("The request is withdrawn.")
    )


@login_required
@require_POST
def reject(request, pk: int):
    def perform(enrolment, data):
        actions.reject_enrolment(actor=request.user, enrolment=enrolment, reason=data["reason"])

    return _enrolment_step(
        request, pk, perform, form_name="reject_form", done=_("The request is rejected."),
        reason_required=True,
    )  # fmt: skip


@login_required
@require_POST
def confirm(request, pk: int):
    def perform(enrolment, data):
        actions.confirm_nomination(actor=request.user, enrolment=enrolment)

    return _enrolment_step(
        request, pk, perform, form_name="confirm_form", done=_("The request is confirmed.")
    )


@login_required
@require_POST
def confirm_release(request, pk: int):
    def perform(enrolment, data):
        actions.confirm_release(actor=request.user, enrolment=enrolment)

    return _enrolment_step(
        request, pk, perform, form_name="confirm_form",
        done=_("The release from work is confirmed."),
    )  # fmt: skip


# Notifications -----------------------------------------------------------------------------


@login_required
def notifications(request):
    if not access_for(request.user).is_teacher:
        raise PermissionDenied
    mine = Notification.objects.for_user(request.user)
    listed = mine.select_related("enrolment__session__programme", "enrolment__session__unit")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(n, message(n.kind, n.enrolment, n.waitlist_position)) for n in page]
    # Opening the page is reading them; the ones shown stay marked new for this rendering.
    actions.mark_notifications_read(actor=request.user)
    return render(request, "delivery/notifications.html", {"page": page, "items": items})
