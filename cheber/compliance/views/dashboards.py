"""Compliance dashboards (national → oblast → district → organization), the list of people
behind every number, and their Excel exports. Figures: `dashboard.py`; map: `map.py`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cheber.compliance import actions, charts, lists
from cheber.compliance import dashboard as figures
from cheber.compliance.map import district_map_svg, legend_svg
from cheber.compliance.models import EducatorStatus
from cheber.core.access import access_for
from cheber.core.access_log import log_export
from cheber.core.excel import xlsx_response
from cheber.registry.models import AdminUnit

PAGE_SIZE = 50
TABLES = ("children", *figures.BREAKDOWNS, "trend")


@login_required
def dashboard(request):
    """The national dashboard, or the user's own level; a teacher has their own status."""
    user = request.user
    if not figures.has_dashboard(user):
        if access_for(user).is_teacher:
            return redirect("compliance:my_status")
        raise Http404
    if access_for(user).national:
        return _render(request, figures.national_level(user))
    if url := figures.home_url(user):
        return redirect(url)
    return render(request, "compliance/dashboard.html", {"places": _places(user)})


@login_required
def region_dashboard(request, pk: int):
    return _render(request, figures.region_level(request.user, pk))


@login_required
def district_dashboard(request, pk: int):
    return _render(request, figures.district_level(request.user, pk))


@login_required
def organization_dashboard(request, pk: int):
    return _render(request, figures.organization_level(request.user, pk))


def _places(user) -> list[tuple[str, str]]:
    """(name, url) of each oblast, district and organization a user with several holds."""
    from cheber.registry.models import Organization

    scope, places = access_for(user), []
    units = AdminUnit.objects.filter(pk__in=scope.region_ids | scope.unit_ids)
    for unit in units.order_by("soate"):
        name = "region_dashboard" if unit.pk in scope.region_ids else "district_dashboard"
        places.append((unit.name, reverse(f"compliance:{name}", args=[unit.pk])))
    organizations = Organization.objects.visible_to(user).filter(pk__in=scope.organization_ids)
    for organization in organizations:
        url = reverse("compliance:organization_dashboard", args=[organization.pk])
        places.append((organization.name, url))
    return places


def _render(request, level: figures.Level):
    context = figures.cached(request.user, level, lambda: _figures(request.user, level))
    context.update(
        level=level,
        crumbs=figures.breadcrumbs(request.user, level),
        statuses=figures.status_labels(),
        export_query="&".join(f"{k}={v}" for k, v in level.params.items()),
    )
    return render(request, "compliance/dashboard.html", context)


def _figures(user, level: figures.Level) -> dict:
    """Everything on a dashboard that comes from the statuses: a handful of GROUP BYs."""
    statuses = level.filter(EducatorStatus.objects.visible_to(user))
    by_unit = figures.rows_by(statuses, "unit_id") if level.kind in ("national", "region") else None
    children = figures.children_table(level, statuses, by_unit)
    if children is not None:
        headline = figures.Figures.summed([row.figures for row in children.rows])
    else:
        headline = figures.Figures.of(statuses.counts())
    head = figures.make_row(level, None, level.name, headline, "")
    trend = _trend_with_today(figures.trend(level), headline)
    title = _("Share compliant by year")
    return {
        "head": head,
        "children": children,
        "breakdowns": [
            figures.breakdown_table(level, rows, dimension)
            for dimension, rows in figures.breakdown_counts(statuses).items()
        ],
        "trend": trend,
        "map_svg": _map(user, level, by_unit),
        "map_legend": legend_svg(),
        "status_chart": _status_chart(head),
        "trend_chart": charts.trend_chart_svg([(p.year, p.share) for p in trend], title=title)
        if trend
        else "",
    }


def _trend_with_today(points: list, headline: figures.Figures) -> list:
    today = timezone.localdate()
    if not points or points[-1].year >= today.year or not headline.total:
        return points
    met = round(headline.share * headline.total)
    return [*points, figures.TrendPoint(today.year, headline.total, met, headline.share)]


def _status_chart(head: figures.Row) -> str:
    bars = [
        charts.Bar(label, cell.value, key, cell.url)
        for (key, label), cell in zip(figures.status_labels(), head.cells, strict=True)
    ]
    return charts.bar_chart_svg(bars, title=_("Educators by status"), total=head.total.value)


def _district_link(scope):
    """The drill-down of a shape on an oblast's map, when the user may open it."""

    def link(unit) -> str | None:
        if unit.level == AdminUnit.Level.CITY:
            if scope.national or unit.id in scope.region_ids:
                return reverse("compliance:region_dashboard", args=[unit.id])
            return None
        if scope.national or unit.id in scope.unit_ids or unit.region_id in scope.region_ids:
            return reverse("compliance:district_dashboard", args=[unit.id])
        return None

    return link


def _map(user, level: figures.Level, by_unit: list[dict] | None) -> str:
    """National: every district, a click opens its oblast. Oblast: its districts, a click
    opens the district. District: its oblast, the district outlined. Shares only from the
    statuses the user sees (a methodist's neighbours stay grey)."""
    if level.kind == "national":
        shares = figures.map_shares(by_unit)

        def to_region(unit) -> str:
            return reverse("compliance:region_dashboard", args=[unit.region_id])

        return district_map_svg(shares, link=to_region)
    link = _district_link(access_for(user))
    if level.kind == "region":
        return district_map_svg(figures.map_shares(by_unit), region_id=level.pk, link=link)
    if level.kind == "district":
        rows = EducatorStatus.objects.visible_to(user).filter(region_id=level.region_id)
        shares = figures.map_shares(figures.rows_by(rows, "unit_id"))
        return district_map_svg(
            shares, region_id=level.region_id, highlight_unit_id=level.pk, link=link
        )
    return ""


# Exports of the tables ----------------------------------------------------------------------


def _level_from_query(request) -> figures.Level:
    """The level named by `region`, `unit` or `organization` (none: national), in scope."""
    form = lists.StatusListForm(request.GET)
    if not form.is_valid():
        raise Http404
    level = form.level(request.user)
    if level.kind == "mine":
        level = figures.national_level(request.user)
    return level


@login_required
def breakdown_xlsx(request):
    """One table of a dashboard (`table`: children, a breakdown, or trend) as Excel."""
    table_name = request.GET.get("table", "children")
    if table_name not in TABLES:
        raise Http404
    level = _level_from_query(request)
    if table_name == "trend":
        return _trend_xlsx(level)
    statuses = level.filter(EducatorStatus.objects.visible_to(request.user))
    if table_name == "children":
        by_unit = (
            figures.rows_by(statuses, "unit_id") if level.kind in ("national", "region") else None
        )
        table = figures.children_table(level, statuses, by_unit)
        if table is None:
            raise Http404
    else:
        by = figures.rows_by(statuses, figures.DIMENSION_COLUMNS[table_name])
        table = figures.breakdown_table(level, by, table_name)
    labels = figures.status_labels()
    headers = [table.heading, _("Educators"), *(label for _key, label in labels),
               _("Share compliant, %")]  # fmt: skip
    rows = [
        [row.label, row.figures.total, *(row.figures.counts[key] for key, _label in labels),
         round(row.figures.share * 100, 1)]
        for row in table.rows
    ]  # fmt: skip
    filename = f"compliance-{table_name}-{level.kind}{level.pk or ''}-{lists.stamp()}.xlsx"
    return xlsx_response(filename, table.title, headers, rows)


def _trend_xlsx(level: figures.Level):
    points = figures.trend(level)
    headers = [_("Year"), _("Educators"), _("Compliant"), _("Share compliant, %")]
    rows = [[p.year, p.educators, p.compliant,
             None if p.share is None else round(p.share * 100, 1)] for p in points]  # fmt: skip
    filename = f"compliance-trend-{level.kind}{level.pk or ''}-{lists.stamp()}.xlsx"
    return xlsx_response(filename, _("Share compliant by year"), headers, rows)


# The list of people ------------------------------------------------------------------------


def _list_form(request) -> lists.StatusListForm:
    if not figures.has_dashboard(request.user):
        raise Http404
    return lists.StatusListForm(request.GET)


@login_required
def educator_list(request):
    form = _list_form(request)
    today = timezone.localdate()
    if form.is_valid():
        level = form.level(request.user)
        statuses = lists.filtered_statuses(request.user, form, today)
        statuses = statuses.select_related("educator", "organization", "specialization")
    else:
        level, statuses = figures.Level("mine"), EducatorStatus.objects.none()
    page = Paginator(statuses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "level": level,
        "crumbs": figures.breadcrumbs(request.user, level) if level.kind != "mine" else [],
        "page": page,
        "today": today,
        "export_query": lists.export_query(form) if form.is_valid() else "",
        "xlsx_limit": lists.XLSX_LIMIT,
    }
    return render(request, "compliance/educator_list.html", context)


@login_required
def educator_list_xlsx(request):
    form = _list_form(request)
    if not form.is_valid():
        raise Http404
    statuses = lists.filtered_statuses(request.user, form, timezone.localdate())
    count = statuses.count()
    if count > lists.XLSX_LIMIT:
        messages.error(request, _(
            "The list has %(count)s educators; an Excel file holds at most %(limit)s. "
            "Narrow it to an oblast, a district or a status, then export again."
        ) % {"count": count, "limit": lists.XLSX_LIMIT})  # fmt: skip
        return redirect(reverse("compliance:educator_list") + "?" + lists.export_query(form))
    if count > settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS:
        job = actions.start_status_list_export(
            actor=request.user, filters=lists.active_filters(form), today=timezone.localdate(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )  # fmt: skip
        return redirect("core:job_detail", job.pk)
    log_export(request.user, what="compliance:educator_list_xlsx",
               filters=lists.active_filters(form), rows=count)  # fmt: skip
    return lists.xlsx_of(statuses, f"educators-{lists.stamp()}.xlsx", request.user)
