"""The plan builder's pages for the national institute: build a year's plan, review it per
district, per session and per person with the reasons, move people by hand, rerun it with
what-if changes, and turn it into nominations in one step.

The national roles see every run; an oblast coordinator or a district methodist sees the runs
with only the placements of their territory; the institute alone changes anything."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cheber.core.access import access_for
from cheber.core.forms import add_action_errors
from cheber.planner import actions
from cheber.planner.access import (
    can_plan,
    get_placement_for_user,
    get_run_for_user,
    get_run_session_for_user,
)
from cheber.planner.explain import classes, explain
from cheber.planner.forms import BuildForm, MoveForm, WhatIfForm
from cheber.planner.models import Placement, PlanRun, Reason
from cheber.planner.suggestions import suggestions_for
from cheber.registry.access import get_unit_for_user
from cheber.registry.models import AdminUnit, Organization, Specialization
from cheber.schedule.models import Session

PAGE_SIZE = 50
COMPARED = ("placed", "overdue_placed", "never_trained_placed", "travel_km", "violations",
            "improving_swaps", "seconds")  # fmt: skip


def _may_see(user) -> None:
    scope = access_for(user)
    if not (scope.national or scope.region_ids or scope.unit_ids):
        raise Http404


def _require_institute(user) -> None:
    if not can_plan(user):
        raise PermissionDenied


def current(placements) -> dict:
    """The figures of the placements as they stand (after any hand edits)."""
    placed = Q(session__isnull=False) | Q(proposed__isnull=False)
    return placements.aggregate(
        demand=Count("pk"),
        placed=Count("pk", filter=placed),
        overdue_placed=Count("pk", filter=placed & Q(status="overdue")),
        never_trained_placed=Count("pk", filter=placed & Q(status="never_trained")),
        travel_km=Sum("travel_km", filter=placed, default=0.0),
    )


@login_required
def run_list(request):
    _may_see(request.user)
    runs = PlanRun.objects.visible_to(request.user).select_related("created_by", "parent")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = BuildForm(request.POST or None)
    if request.method == "POST":
        _require_institute(request.user)
        if form.is_valid():
            try:
                run = actions.build_plan(
                    actor=request.user, year=form.cleaned_data["year"], settings=form.settings()
                )
            except ValidationError as error:
                add_action_errors(error, form)
            else:
                messages.success(request, _("The plan is built: review it below."))
                return redirect("planner:run_detail", pk=run.pk)
    return render(request, "planner/run_list.html", {
        "page": page, "form": form, "may_build": can_plan(request.user),
    })  # fmt: skip


def _comparison(run: PlanRun) -> list[dict]:
    rows = []
    for key in COMPARED:
        row = {"key": key, "optimizer": run.figure("optimizer", key),
               "greedy": run.figure("greedy", key)}  # fmt: skip
        if run.parent_id:
            row["parent"] = run.parent.figure("optimizer", key)
        rows.append(row)
    return rows


def _districts(placements) -> list[dict]:
    placed = Q(session__isnull=False) | Q(proposed__isnull=False)
    rows = list(
        placements.values("unit_id")
        .annotate(
            demand=Count("pk"), placed=Count("pk", filter=placed),
            overdue=Count("pk", filter=placed & Q(status="overdue")),
            never=Count("pk", filter=placed & Q(status="never_trained")),
            km=Sum("travel_km", default=0.0),
        )
        .order_by("unit__soate")
    )  # fmt: skip
    units = AdminUnit.objects.in_bulk([row["unit_id"] for row in rows])
    for row in rows:
        row["unit"] = units[row["unit_id"]]
        row["left"] = row["demand"] - row["placed"]
    return rows


def _detail(request, run: PlanRun, whatif: WhatIfForm, status: int = 200):
    placements = Placement.objects.visible_to(request.user).filter(run=run)
    reasons = dict(placements.unplaced().values_list("reason").annotate(n=Count("pk")).order_by())
    context = {
        "run": run, "national": access_for(request.user).national,
        "comparison": _comparison(run), "classes": classes(run), "now": current(placements),
        "gap": f"{100 * (run.figure('optimizer', 'gap') or 0):.3f} %",
        "share": f"{round(100 * run.settings.get('release_share', 0.2))} %",
        "districts": _districts(placements),
        "reasons": [(label, reasons.get(value, 0)) for value, label in Reason.choices],
        "may_edit": can_plan(request.user) and run.is_editable,
        "whatif": whatif,
    }  # fmt: skip
    return render(request, "planner/run_detail.html", context, status=status)


@login_required
def run_detail(request, pk: int):
    run = get_run_for_user(request.user, pk)
    return _detail(request, run, WhatIfForm(year=run.year, initial=_initial(run)))


def _initial(run: PlanRun) -> dict:
    return {"release_percent": round(100 * run.settings.get("release_share", 0.2)),
            "max_km": round(run.settings.get("max_km", 300))}  # fmt: skip


@login_required
@require_POST
def what_if(request, pk: int):
    run = get_run_for_user(request.user, pk)
    _require_institute(request.user)
    form = WhatIfForm(request.POST, year=run.year)
    if form.is_valid():
        try:
            new = actions.build_plan(
                actor=request.user, year=run.year, settings=form.settings(),
                changes=form.changes(), parent=run,
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(
                request, _("The what-if is built; its figures are set against the plan it changed.")
            )
            return redirect("planner:run_detail", pk=new.pk)
    return _detail(request, run, form, status=400)


@login_required
@require_POST
def nominate(request, pk: int):
    run = get_run_for_user(request.user, pk)
    try:
        actions.start_nominations(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("planner:run_detail", pk=run.pk)


@never_cache
@login_required
def run_progress(request, pk: int):
    """The nominations' progress, polled by the plan's page while they are made."""
    run = get_run_for_user(request.user, pk)
    return render(request, "planner/run_detail.html#nominations", {"run": run,
                  "may_edit": can_plan(request.user)})  # fmt: skip


def _rows(page, year: int) -> list[dict]:
    return [{"placement": p, "why": explain(p, year)} for p in page]


def _placement_list(request, run, placements, title: str, **extra):
    placements = placements.select_related(
        "educator", "organization", "specialization", "session__programme", "session__unit"
    )
    if request.GET.get("show") == "left":
        placements = placements.unplaced()
    elif request.GET.get("show") == "placed":
        placements = placements.placed()
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"run": run, "page": page, "rows": _rows(page, run.year), "title": title,
               "may_edit": can_plan(request.user) and run.is_editable,
               "show": request.GET.get("show", ""), **extra}  # fmt: skip
    return render(request, "planner/placement_list.html", context)


@login_required
def district_detail(request, pk: int, unit_pk: int):
    run = get_run_for_user(request.user, pk)
    placements = Placement.objects.visible_to(request.user).filter(run=run, unit_id=unit_pk)
    unit = get_unit_for_user(request.user, unit_pk)
    if not placements.exists() and not access_for(request.user).national:
        raise Http404
    return _placement_list(request, run, placements, unit.name, unit=unit)


@login_required
def session_list(request, pk: int):
    run = get_run_for_user(request.user, pk)
    if not access_for(request.user).national:
        raise Http404
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(plan__year=run.year)
        .select_related("programme", "provider", "unit", "plan")
        .order_by("start_date", "pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        run.placements.filter(session__in=[s.pk for s in page])
        .values_list("session_id").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    rows = [{"session": s, "placed": counts.get(s.pk, 0)} for s in page]
    return render(request, "planner/session_list.html", {"run": run, "page": page, "rows": rows})


@login_required
def session_detail(request, pk: int, session_pk: int):
    run = get_run_for_user(request.user, pk)
    session = get_run_session_for_user(request.user, run, session_pk)
    placements = Placement.objects.visible_to(request.user).filter(run=run, session=session)
    return _placement_list(request, run, placements, str(session), session=session)


def _choices(user, placement: Placement):
    """Sessions of the year that could serve the educator: their language, not begun."""
    return (
        Session.objects.visible_to(user).filter(
            plan__year=placement.run.year, language=placement.language,
            start_date__gt=timezone.localdate(), budget_places__gt=0,
        )
        .filter(Q(programme__specializations=placement.specialization_id)
                | Q(programme__specializations=None))
        .select_related("programme", "unit").distinct().order_by("start_date", "pk")
    )  # fmt: skip


@login_required
def placement_edit(request, pk: int, placement_pk: int):
    run = get_run_for_user(request.user, pk)
    _require_institute(request.user)
    placement = get_placement_for_user(request.user, run, placement_pk)
    form = MoveForm(request.POST or None, sessions=_choices(request.user, placement),
                    initial={"session": placement.session_id})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_placement(
                actor=request.user, placement=placement, session=form.cleaned_data["session"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The placement is changed."))
            return redirect("planner:district_detail", pk=run.pk, unit_pk=placement.unit_id)
    context = {"run": run, "placement": placement, "form": form,
               "why": explain(placement, run.year)}  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "planner/placement_form.html", context, status=status)


@login_required
def suggestions(request, pk: int):
    run = get_run_for_user(request.user, pk)
    found = suggestions_for(Placement.objects.visible_to(request.user).filter(run=run))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    units = AdminUnit.objects.in_bulk({s.unit for s in page})
    specs = Specialization.objects.in_bulk({s.specialization for s in page} - {None})
    providers = Organization.objects.providers().in_bulk({s.provider for s in page} - {None})
    rows = [{"s": s, "unit": units.get(s.unit), "specialization": specs.get(s.specialization),
             "provider": providers.get(s.provider),
             "language": Organization.Language(s.language).label} for s in page]  # fmt: skip
    return render(request, "planner/suggestions.html", {"run": run, "page": page, "rows": rows})
