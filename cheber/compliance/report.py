"""The printable report of a district or an oblast for the August conference, in Kyrgyz or
Russian: headline figures, statuses, the trend, the breakdowns, the forecast, the map and the
charts, in one A4 PDF with the embedded DejaVu font.

`report_figures` gathers the numbers (the dashboards' own queries, `dashboard.py`);
`build_pdf` lays them out. The language is switched for the whole build, so the gettext
strings and the names of units, organizations and specializations come out in it.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from cheber.compliance import charts, dashboard
from cheber.compliance import forecast as forecasting
from cheber.compliance.charts import Bar, bar_chart_svg, number, trend_chart_svg
from cheber.compliance.freshness import fresh
from cheber.compliance.map import district_map_svg, legend_svg
from cheber.compliance.models import EducatorStatus, Policy, Status
from cheber.compliance.querysets import STATUS_KEYS
from cheber.core import dates
from cheber.core.pdf import FONT, new_document
from cheber.registry.models import AdminUnit

BREAKDOWN_ROWS = 25  # a long list of schools is cut: the report is read, not searched
WIDTH = 180  # mm between the margins of an A4 page
# Charts drawn so that their text prints at the body text's 10 points (a point is 0.3528 mm).
CHART_WIDTH = charts.WIDTH * 10 * 0.3528 / charts.FONT


@dataclass(frozen=True)
class ReportFigures:
    unit: AdminUnit
    level: dashboard.Level
    today: dt.date
    policy: Policy | None
    figures: dashboard.Figures
    trend: tuple[dashboard.TrendPoint, ...]
    children: dashboard.Table | None
    specializations: dashboard.Table
    forecast: forecasting.Forecast
    map_svg: str


def level_of(unit: AdminUnit) -> dashboard.Level:
    if unit.is_top_level:
        return dashboard.Level(
            "region", unit.pk, unit.name, unit.pk, params={"region": str(unit.pk)}
        )
    return dashboard.Level(
        "district", unit.pk, unit.name, unit.region_id, params={"unit": str(unit.pk)}
    )


@fresh
def report_figures(user, unit: AdminUnit, today: dt.date) -> ReportFigures:
    """Everything the report shows, in the active language, from the statuses the user sees
    (the view has checked that the unit is one the user plans for; on the map, the neighbours
    of a methodist's district stay grey, as on the dashboard)."""
    level = level_of(unit)
    visible = EducatorStatus.objects.visible_to(user)
    statuses = level.filter(visible)
    region_id = unit.pk if unit.is_top_level else unit.region_id
    by_unit = dashboard.rows_by(visible.filter(region_id=region_id), "unit_id")
    units = set(AdminUnit.objects.filter(_units_of(unit)).values_list("pk", flat=True))
    by_specialization = dashboard.rows_by(statuses, "specialization_id")
    return ReportFigures(
        unit=unit,
        level=level,
        today=today,
        policy=Policy.objects.in_force(today),
        figures=dashboard.Figures.of(statuses.counts()),
        trend=tuple(dashboard.trend(level)),
        children=dashboard.children_table(
            level, statuses, [r for r in by_unit if r["key"] in units]
        ),
        specializations=dashboard.breakdown_table(level, by_specialization, "specialization"),
        forecast=forecasting.cached_build(today).only(units),
        map_svg=district_map_svg(
            dashboard.map_shares(by_unit), region_id=region_id, highlight_unit_id=unit.pk
        ),
    )


def _units_of(unit: AdminUnit) -> Q:
    if unit.is_top_level:
        return Q(region_id=unit.pk)
    return Q(pk=unit.pk) | Q(parent_id=unit.pk)


@fresh
def build_pdf(user, unit: AdminUnit, *, language: str, today: dt.date) -> bytes:
    with translation.override(language):
        figures = report_figures(user, unit, today)
        title = _("Qualification improvement of pedagogues: %(unit)s") % {"unit": unit.name}
        pdf = new_document(title=title)
        title = unit.name
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        _heading(pdf, figures, title)
        _headline(pdf, figures)
        _statuses(pdf, figures)
        _trend(pdf, figures)
        _breakdowns(pdf, figures)
        _forecast(pdf, figures)
        _map(pdf, figures)
        return bytes(pdf.output())


# Layout ----------------------------------------------------------------------------------


def _h1(pdf, text: str) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(WIDTH, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)


def _h2(pdf, text: str) -> None:
    if pdf.get_y() > 250:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(WIDTH, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)


def _text(pdf, text: str) -> None:
    pdf.multi_cell(WIDTH, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def _table(pdf, headers: list[str], rows: list[list], widths: tuple | None = None) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=True) as table:
        table.row([str(h) for h in headers])
        for row in rows:
            table.row([str(cell) for cell in row])
    pdf.set_font(FONT, "", 10)


def _svg(pdf, svg: str, width: float) -> None:
    """An SVG drawing of ours, made readable for fpdf2: our font, no title or description
    elements (which it does not draw), no links."""
    svg = re.sub(r"<title>.*?</title>|<desc>.*?</desc>", "", svg, flags=re.S)
    svg = re.sub(r"<a [^>]*>|</a>", "", svg)
    svg = svg.replace('font-family="sans-serif"', f'font-family="{FONT}"')
    pdf.image(io.BytesIO(svg.encode()), w=width, x=pdf.l_margin + (WIDTH - width) / 2)
    pdf.ln(2)


def _share(part: int, total: int) -> float | None:
    return part / total if total else None


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f} %"


# Sections --------------------------------------------------------------------------------


def _heading(pdf, figures: ReportFigures, title: str) -> None:
    _h1(pdf, title)
    _text(pdf, _("Qualification improvement of pedagogues"))
    kind = _("oblast or city") if figures.unit.is_top_level else _("district")
    _text(pdf, _("Report for the August conference, %(date)s (%(kind)s).")
          % {"date": dates.day(figures.today), "kind": kind})  # fmt: skip
    if figures.policy:
        since = dates.day(figures.policy.effective_from)
        line = _("Rule in force: %(name)s, from %(date)s.")
        _text(pdf, line % {"name": figures.policy.name, "date": since})


def _headline(pdf, figures: ReportFigures) -> None:
    _h2(pdf, _("Headline figures"))
    f = figures.figures
    rows = [
        [_("Educators"), number(f.total)],
        [_("Meet the rule (compliant or due later this year)"), _percent(f.share)],
        [_("Overdue"), number(f.counts["overdue"])],
        [_("Never trained"), number(f.counts["never_trained"])],
    ]
    upcoming = figures.forecast.totals[0] if figures.forecast.years else None
    if upcoming:
        rows.append(
            [_("Fall due in %(year)s") % {"year": upcoming["year"]}, number(upcoming["due"])]
        )
    _table(pdf, [_("Figure"), _("Value")], rows, (130, 50))


def _statuses(pdf, figures: ReportFigures) -> None:
    _h2(pdf, _("Statuses"))
    f = figures.figures
    labels = dict(Status.choices)
    rows = [
        [str(labels[k]).capitalize(), number(f.counts[k]), _percent(_share(f.counts[k], f.total))]
        for k in STATUS_KEYS
    ]
    _table(pdf, [_("Status"), _("Educators"), _("Share")], rows, (100, 40, 40))
    bars = [Bar(str(labels[k]).capitalize(), f.counts[k], k) for k in STATUS_KEYS]
    _svg(pdf, bar_chart_svg(bars, title=_("Statuses")), CHART_WIDTH)


def _trend(pdf, figures: ReportFigures) -> None:
    _h2(pdf, _("The trend by year"))
    if not figures.trend:
        _text(pdf, _("No past years recorded yet."))
        return
    rows = [
        [p.year, number(p.educators), number(p.compliant), _percent(p.share)] for p in figures.trend
    ]
    _table(pdf, [_("Year"), _("Educators"), _("Compliant"), _("Share")], rows)
    points = [(p.year, p.share) for p in figures.trend]
    _svg(pdf, trend_chart_svg(points, title=_("The trend by year")), CHART_WIDTH)


def _breakdown(pdf, table: dashboard.Table) -> None:
    _h2(pdf, table.title)
    shown = table.rows[:BREAKDOWN_ROWS]
    rows = [[r.label, number(r.figures.total), number(r.figures.counts["overdue"]),
             number(r.figures.counts["never_trained"]), _percent(r.figures.share)]
            for r in shown]  # fmt: skip
    headers = [table.heading, _("Educators"), _("Overdue"), _("Never trained"), _("Share")]
    _table(pdf, headers, rows, (80, 25, 25, 25, 25))
    if len(table.rows) > len(shown):
        _text(pdf, _("… and %(count)s more.") % {"count": len(table.rows) - len(shown)})


def _breakdowns(pdf, figures: ReportFigures) -> None:
    if figures.children is not None and figures.children.rows:
        _breakdown(pdf, figures.children)
    _breakdown(pdf, figures.specializations)


def _forecast(pdf, figures: ReportFigures) -> None:
    _h2(pdf, _("Forecast for five years"))
    rows = [
        [
            t["year"],
            number(t["due"]),
            number(t["places"]),
            number(t["gap"]),
            number(int(t["budget"])),
        ]
        for t in figures.forecast.totals
    ]
    headers = [
        _("Year"),
        _("Fall due"),
        _("Budget places"),
        _("Gap"),
        _("Budget to close it (som)"),
    ]
    _table(pdf, headers, rows, (25, 35, 35, 35, 50))


def _map(pdf, figures: ReportFigures) -> None:
    pdf.add_page()
    _h2(pdf, _("Share compliant by district"))
    _svg(pdf, figures.map_svg, WIDTH)
    _svg(pdf, legend_svg(), CHART_WIDTH)
