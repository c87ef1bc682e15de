"""Pages of the territory: the methodical cabinet's quotas and confirmations, the principal's
staff away on courses."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.accounts.roles import roles_for
from cheber.delivery import actions
from cheber.delivery.access import get_quota_for_user, quota_release_problem
from cheber.delivery.forms import ReasonForm
from cheber.delivery.models import Enrolment
from cheber.delivery.views import (
    ACTIVE,
    LIST_CAP,
    PAGE_SIZE,
    WEEKS_AHEAD,
    _require_methodist,
    _today,
)
from cheber.registry.models import AdminUnit
from cheber.schedule.models import DistrictQuota, Session

State, Funding = Enrolment.State, Enrolment.Funding


# The methodical cabinet --------------------------------------------------------------------


@dataclass
class QuotaRow:
    session: Session
    unit: AdminUnit
    quota: DistrictQuota | None = None
    used: int = 0
    waiting: int = 0

    @property
    def can_release(self) -> bool:
        return bool(self.quota) and quota_release_problem(self.quota, self.session) is None


def _quota_rows(sessions: list[Session], district_ids) -> list[QuotaRow]:
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in=district_ids)}
    quotas = DistrictQuota.objects.filter(session__in=sessions, unit_id__in=district_ids)
    counts = (
        Enrolment.objects.filter(session__in=sessions, unit_id__in=district_ids, state__in=ACTIVE)
        .values("session_id", "unit_id")
        .annotate(
            used=Count("pk", filter=Q(state=State.ENROLLED, funding=Funding.BUDGET)),
            waiting=Count("pk", filter=Q(state=State.WAITLISTED)),
        )
    )
    rows: dict[tuple[int, int], QuotaRow] = {}
    by_pk = {s.pk: s for s in sessions}

    def row(session_id, unit_id):
        key = (session_id, unit_id)
        return rows.setdefault(key, QuotaRow(by_pk[session_id], units[unit_id]))

    for quota in quotas:
        row(quota.session_id, quota.unit_id).quota = quota
    for count in counts:
        found = row(count["session_id"], count["unit_id"])
        found.used, found.waiting = count["used"], count["waiting"]
    order = {s.pk: n for n, s in enumerate(sessions)}
    return sorted(rows.values(), key=lambda r: (order[r.session.pk], r.unit.soate))


@login_required
def cabinet(request):
    roles = _require_methodist(request.user)
    ids = roles.district_ids
    year = _today().year
    concerned = Q(pk__in=DistrictQuota.objects.filter(unit_id__in=ids).values("session_id")) | Q(
        pk__in=Enrolment.objects.filter(unit_id__in=ids).values("session_id")
    )
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(concerned, plan__year__in=[year, year + 1])
        .select_related("plan", "programme", "provider")
        .order_by("start_date", "pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = (
        Enrolment.objects.visible_to(request.user)
        .filter(unit_id__in=ids, funding=Funding.BUDGET, district_confirmed_at=None)
        .filter(state__in=ACTIVE)
        .select_related("educator", "organization", "session__programme")
        .order_by("session__start_date", "requested_at", "pk")
    )
    context = {
        "page": page,
        "rows": _quota_rows(list(page), ids),
        "awaiting": awaiting[:LIST_CAP],
        "reject_form": ReasonForm(reason_required=True),
    }
    return render(request, "delivery/cabinet.html", context)


@login_required
@require_POST
def release_quota(request, pk: int):
    quota = get_quota_for_user(request.user, pk)
    try:
        actions.release_quota(actor=request.user, quota=quota)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The unused places of %(unit)s are released.") % {"unit": quota.unit.name}
        )
    return redirect("delivery:cabinet")


# The principal -----------------------------------------------------------------------------


def _weeks(today: dt.date) -> list[dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(weeks=n) for n in range(WEEKS_AHEAD)]


def _away_table(enrolments, weeks: list[dt.date]) -> list[dict]:
    """One row a person, one cell a week: the sessions that take them away that week."""
    people: dict[int, dict] = {}
    for enrolment in enrolments:
        row = people.setdefault(
            enrolment.educator_id,
            {"educator": enrolment.educator, "cells": [[] for _week in weeks]},
        )
        session = enrolment.session
        for n, monday in enumerate(weeks):
            if session.start_date <= monday + dt.timedelta(days=6) and session.end_date >= monday:
                row["cells"][n].append(enrolment)
    return list(people.values())


@login_required
def staff_away(request):
    roles = roles_for(request.user)
    if not roles.is_principal:
        raise PermissionDenied
    schools = roles.principal_of
    weeks = _weeks(_today())
    staff = Enrolment.objects.visible_to(request.user).filter(organization_id__in=schools)
    away = (
        staff.filter(state=State.ENROLLED)
        .filter(session__start_date__lte=weeks[-1] + dt.timedelta(days=6))
        .filter(session__end_date__gte=weeks[0])
        .select_related("educator", "session__programme")
        .order_by("educator__surname", "educator__first_name", "educator_id", "session__start_date")
    )
    awaiting = (
        staff.filter(state__in=ACTIVE, release_confirmed_at=None)
        .select_related("educator", "session__programme")
        .order_by("session__start_date", "pk")
    )
    context = {
        "weeks": weeks,
        "table": _away_table(away, weeks),
        "awaiting": awaiting[:LIST_CAP],
        "reject_form": ReasonForm(reason_required=True),
    }
    return render(request, "delivery/staff_away.html", context)
