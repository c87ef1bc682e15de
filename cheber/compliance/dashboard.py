"""The figures of a compliance dashboard at one level (national, oblast, district,
organization), built from the maintained status table with a few GROUP BY queries.

Every figure carries the filter of the list behind it (`list_params`), so a template only
renders: each number is a link to `compliance:educator_list?<level>&<dimension>&status=…`.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from cheber.compliance.freshness import fresh
from cheber.compliance.models import Refresh, Status, YearShare
from cheber.compliance.querysets import MEETING_RULE, STATUS_KEYS, share
from cheber.core.access import access_for
from cheber.core.i18n import current_language, localized
from cheber.registry.models import AdminUnit, Organization, Specialization

CACHE_SECONDS = 3600  # bounds any staleness a refresh of the trend alone could leave
NONE_KEY = "none"  # the filter value of "no specialization recorded"
BREAKDOWNS = ("specialization", "organization_type", "locality", "language")
DIMENSION_COLUMNS = {
    "specialization": "specialization_id", "organization_type": "organization_type",
    "locality": "locality", "language": "language",
}  # fmt: skip


def grouped_digits(value: int) -> str:
    """12 345: digits grouped by a narrow no-break space (as Kyrgyz and Russian write them,
    and unambiguous in English); cheaper than `intcomma` over hundreds of cells."""
    return f"{value:,}".replace(",", "\u202f")


def percent_text(share: float) -> str:
    """42,9 % in Kyrgyz and Russian, 42.9% in English."""
    text = f"{share * 100:.1f}"
    return f"{text}%" if current_language() == "en" else text.replace(".", ",") + "\u00a0%"


@dataclass(frozen=True)
class Level:
    """Where a dashboard stands: its kind, unit or organization, and the list filter of it."""

    kind: str  # national | region | district | organization | mine (all the user sees)
    pk: int | None = None
    name: str = ""
    region_id: int | None = None
    unit_id: int | None = None  # an organization's district
    params: dict[str, str] = field(default_factory=dict)

    def filter(self, statuses):
        column = {"region": "region_id", "district": "unit_id", "organization": "organization_id"}
        if self.kind in ("national", "mine"):
            return statuses
        return statuses.filter(**{column[self.kind]: self.pk})


@dataclass(frozen=True)
class Cell:
    value: int
    url: str
    key: str = ""  # the status counted, if one
    label: str = ""

    @property
    def text(self) -> str:
        return grouped_digits(self.value)


@dataclass(frozen=True)
class Figures:
    """The five counts of one group, their total and the share meeting the rule."""

    counts: dict[str, int]
    total: int
    share: float

    @classmethod
    def of(cls, counts: dict[str, int]) -> "Figures":
        total = sum(counts[k] for k in STATUS_KEYS)
        met = sum(counts[k] for k in MEETING_RULE)
        return cls({k: counts[k] for k in STATUS_KEYS}, total, share(met, total))

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def percent_text(self) -> str:
        return percent_text(self.share)

    @classmethod
    def summed(cls, rows: list["Figures"]) -> "Figures":
        return cls.of({k: sum(r.counts[k] for r in rows) for k in STATUS_KEYS})


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: Figures
    total: Cell
    cells: tuple[Cell, ...]  # one per status, in STATUS_KEYS order
    url: str = ""  # the dashboard one level down


@dataclass(frozen=True)
class Table:
    name: str  # children | specialization | organization_type | locality | language
    title: str
    heading: str  # the first column
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    educators: int
    compliant: int
    share: float | None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else self.share * 100

    @property
    def percent_text(self) -> str:
        return "—" if self.share is None else percent_text(self.share)


def list_url(level: Level, status: str = "", **dimension: str) -> str:
    params = {**level.params, **dimension}
    if status:
        params["status"] = status
    return reverse("compliance:educator_list") + ("?" + urlencode(params) if params else "")


def make_row(level: Level, key, label: str, figures: Figures, dimension: str, url: str = ""):
    filters = {dimension: str(NONE_KEY if key is None else key)} if dimension else {}
    cells = tuple(
        Cell(figures.counts[key], list_url(level, key, **filters), key, label)
        for key, label in status_labels()
    )
    total = Cell(figures.total, list_url(level, **filters))
    return Row(NONE_KEY if key is None else str(key), label, figures, total, cells, url)


def status_labels() -> list[tuple[str, str]]:
    return [(key, str(Status(key).label)) for key in STATUS_KEYS]


# Levels: what a user may open (404 otherwise) --------------------------------------------


@fresh
def cached(user, level: Level, build) -> dict:
    """`build()`, kept in the cache until the statuses are next refreshed.

    The statuses are made current first. Figures change only when they are recomputed (a
    full refresh recreates the `Refresh` row, an incremental one moves its watermark and
    finish time), so the key holds that row's state; with the level, what the user may see,
    and the language of the labels.
    On SQLite a national dashboard's GROUP BYs over 130,000 rows take several hundred ms;
    from the cache it is a few ms.
    """
    stamp = Refresh.objects.values_list(
        "pk", "computed_on", "watermark", "finished_at", "seconds"
    ).first()
    scope = access_for(user)
    seen = (scope.national, sorted(scope.region_ids), sorted(scope.unit_ids),
            sorted(scope.organization_ids))  # fmt: skip
    raw = repr((level.kind, level.pk, seen, current_language(), stamp))
    key = "compliance:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=CACHE_SECONDS)
    return dict(value)


def has_dashboard(user) -> bool:
    scope = access_for(user)
    return bool(scope.national or scope.region_ids or scope.unit_ids or scope.organization_ids)


def national_level(user) -> Level:
    if not access_for(user).national:
        raise Http404
    return Level("national", name=_("Kyrgyz Republic"))


def region_level(user, pk: int) -> Level:
    scope = access_for(user)
    if not (scope.national or pk in scope.region_ids):
        raise Http404
    region = get_object_or_404(AdminUnit, pk=pk, level__in=AdminUnit.TOP_LEVELS)
    return Level("region", pk, region.name, region.pk, params={"region": str(pk)})


def district_level(user, pk: int) -> Level:
    scope = access_for(user)
    unit = get_object_or_404(AdminUnit.objects.exclude(level__in=AdminUnit.TOP_LEVELS), pk=pk)
    if not (scope.national or pk in scope.unit_ids or unit.region_id in scope.region_ids):
        raise Http404
    return Level("district", pk, unit.name, unit.region_id, params={"unit": str(pk)})


def organization_level(user, pk: int) -> Level:
    scope = access_for(user)
    organization = get_object_or_404(Organization, pk=pk)
    if not (
        scope.national
        or pk in scope.organization_ids
        or organization.unit_id in scope.unit_ids
        or organization.region_id in scope.region_ids
    ):
        raise Http404
    params = {"organization": str(pk)}
    return Level(
        "organization", pk, organization.name, organization.region_id, organization.unit_id, params
    )


def home_url(user) -> str | None:
    """Where `dashboard` takes a user: the national one, or their one oblast, district or
    organization; None when they have none (a teacher) or several (they choose)."""
    scope = access_for(user)
    if scope.national:
        return reverse("compliance:dashboard")
    places = [("region_dashboard", pk) for pk in scope.region_ids]
    places += [("district_dashboard", pk) for pk in scope.unit_ids]
    places += [("organization_dashboard", pk) for pk in scope.organization_ids]
    if len(places) == 1:
        name, pk = places[0]
        return reverse(f"compliance:{name}", args=[pk])
    return None


def breadcrumbs(user, level: Level) -> list[tuple[str, str]]:
    """(name, url) of the levels above this one the user may open."""
    scope, crumbs = access_for(user), []
    if level.kind == "national":
        return crumbs
    if scope.national:
        crumbs.append((_("Kyrgyz Republic"), reverse("compliance:dashboard")))
    if level.kind in ("district", "organization") and (
        scope.national or level.region_id in scope.region_ids
    ):
        region = AdminUnit.objects.get(pk=level.region_id)
        crumbs.append((region.name, reverse("compliance:region_dashboard", args=[region.pk])))
    if level.kind == "organization":
        unit = AdminUnit.objects.get(pk=level.unit_id)
        if not unit.is_top_level and (scope.national or unit.region_id in scope.region_ids
                                      or unit.pk in scope.unit_ids):  # fmt: skip
            crumbs.append((unit.name, reverse("compliance:district_dashboard", args=[unit.pk])))
    return crumbs


# Tables ------------------------------------------------------------------------------------


def _name(row: dict) -> str:
    return localized(_Names(row), "name")


class _Names:
    """Lets `localized` read a values() row."""

    def __init__(self, row: dict):
        self.__dict__.update(row)


def grouped(statuses, *columns: str) -> dict[tuple, dict[str, int]]:
    """The five counts per combination of `columns`, in one GROUP BY (columns, status) with a
    plain COUNT(*): on the (unit|region|organization, status) indexes SQLite answers it from
    the index alone, several times faster than five filtered counts per group."""
    result: dict[tuple, dict[str, int]] = {}
    rows = statuses.order_by().values_list(*columns, "status").annotate(n=Count("*"))
    for *key, status, n in rows:
        counts = result.setdefault(tuple(key), dict.fromkeys(STATUS_KEYS, 0))
        counts[status] += n
    return result


def rows_by(statuses, column: str) -> list[dict]:
    """Like `EducatorStatusQuerySet.by`: one dict per value (key and the five counts)."""
    return [{"key": key[0], **counts} for key, counts in grouped(statuses, column).items()]


def breakdown_counts(statuses) -> dict[str, list[dict]]:
    """The rows of every breakdown from one GROUP BY over the four dimensions together."""
    combos = grouped(statuses, *(DIMENSION_COLUMNS[d] for d in BREAKDOWNS))
    result = {}
    for index, dimension in enumerate(BREAKDOWNS):
        folded: dict = {}
        for key, counts in combos.items():
            total = folded.setdefault(key[index], dict.fromkeys(STATUS_KEYS, 0))
            for status, n in counts.items():
                total[status] += n
        result[dimension] = [{"key": key, **counts} for key, counts in folded.items()]
    return result


def _units_by_pk(pks) -> dict[int, dict]:
    rows = AdminUnit.objects.filter(pk__in=pks).values(
        "pk", "level", "region_id", "name_ky", "name_ru", "name_en"
    )
    return {row["pk"]: row for row in rows}


def _region_rows(level: Level, by_unit: list[dict]) -> list[Row]:
    units = _units_by_pk({r["key"] for r in by_unit})
    grouped: dict[int, list[Figures]] = {}
    for row in by_unit:
        grouped.setdefault(units[row["key"]]["region_id"], []).append(Figures.of(row))
    regions = _units_by_pk(grouped)
    return [
        make_row(
            level,
            pk,
            _name(regions[pk]),
            Figures.summed(figures),
            "region",
            reverse("compliance:region_dashboard", args=[pk]),
        )  # fmt: skip
        for pk, figures in grouped.items()
    ]


def _district_rows(level: Level, by_unit: list[dict]) -> list[Row]:
    units = _units_by_pk({r["key"] for r in by_unit})
    rows = []
    for row in by_unit:
        unit = units[row["key"]]
        # The city's own organizations (no city district) have no page below the city's.
        top = unit["level"] in AdminUnit.TOP_LEVELS
        url = "" if top else reverse("compliance:district_dashboard", args=[unit["pk"]])
        rows.append(make_row(level, unit["pk"], _name(unit), Figures.of(row), "unit", url))
    return rows


def _organization_rows(level: Level, statuses) -> list[Row]:
    by_organization = rows_by(statuses, "organization_id")
    names = Organization.objects.filter(pk__in=[r["key"] for r in by_organization]).values(
        "pk", "name_ky", "name_ru", "name_en"
    )
    names = {row["pk"]: _name(row) for row in names}
    return [
        make_row(
            level,
            r["key"],
            names[r["key"]],
            Figures.of(r),
            "organization",
            reverse("compliance:organization_dashboard", args=[r["key"]]),
        )  # fmt: skip
        for r in by_organization
    ]


def children_table(level: Level, statuses, by_unit: list[dict] | None = None) -> Table | None:
    """The level below: oblasts and cities; districts and towns (organizations of a city with
    no districts); organizations. None for an organization (its list is the people)."""
    if level.kind == "organization":
        return None
    if level.kind == "district" or (
        level.kind == "region" and {r["key"] for r in by_unit} <= {level.pk}
    ):
        rows = _organization_rows(level, statuses)
        title, heading = _("Organizations"), _("Organization")
    elif level.kind == "region":
        rows, title, heading = (
            _district_rows(level, by_unit),
            _("Districts and towns"),
            _("District"),
        )
    else:
        rows, title, heading = _region_rows(level, by_unit), _("Oblasts and cities"), _("Oblast")
    rows.sort(key=lambda r: r.label)
    return Table("children", title, heading, tuple(rows))


def _choice_label(choices, key) -> str:
    return str(dict(choices.choices).get(key, key or "—"))


def breakdown_titles() -> dict[str, tuple[str, str]]:
    return {
        "specialization": (_("By specialization"), _("Specialization")),
        "organization_type": (_("By type of institution"), _("Type of institution")),
        "locality": (_("Urban and rural"), _("Urban or rural")),
        "language": (_("By language of instruction"), _("Language of instruction")),
    }


def _labeller(dimension: str, keys: list):
    if dimension == "specialization":
        rows = Specialization.objects.filter(pk__in=[k for k in keys if k is not None])
        names = {
            row["pk"]: _name(row) for row in rows.values("pk", "name_ky", "name_ru", "name_en")
        }
        return lambda key: names.get(key, _("not recorded"))
    choices = {"organization_type": Organization.Type, "locality": Organization.Locality,
               "language": Organization.Language}[dimension]  # fmt: skip
    return lambda key: _choice_label(choices, key)


def breakdown_table(level: Level, by: list[dict], dimension: str) -> Table:
    """One row per value of a dimension (`breakdown_counts`), largest group first."""
    label = _labeller(dimension, [r["key"] for r in by])
    rows = [make_row(level, r["key"], label(r["key"]), Figures.of(r), dimension) for r in by]
    rows.sort(key=lambda r: (-r.figures.total, r.label))
    title, heading = breakdown_titles()[dimension]
    return Table(dimension, title, heading, tuple(rows))


@fresh
def trend(level: Level) -> list[TrendPoint]:
    """The share compliant at the end of each past year (YearShare), then today's; empty for
    an organization (the trend is kept by district)."""
    if level.kind == "organization":
        return []
    shares = YearShare.objects.all()
    if level.kind == "region":
        shares = shares.filter(region_id=level.pk)
    elif level.kind == "district":
        shares = shares.filter(unit_id=level.pk)
    years = shares.values("year").annotate(e=Sum("educators"), c=Sum("compliant")).order_by("year")
    return [TrendPoint(y["year"], y["e"], y["c"], share(y["c"], y["e"]) if y["e"] else None)
            for y in years]  # fmt: skip


def map_shares(by_unit: list[dict]) -> dict[int, float]:
    """Share meeting the rule per map shape (a city district counted in its city)."""
    from cheber.compliance.map import map_unit_ids

    folded, grouped = map_unit_ids(), {}
    for row in by_unit:
        target = folded.get(row["key"])
        if target is not None:
            grouped.setdefault(target, []).append(Figures.of(row))
    return {pk: Figures.summed(figures).share for pk, figures in grouped.items()}
