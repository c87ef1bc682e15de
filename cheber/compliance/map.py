"""The choropleth map of Kyrgyzstan by district, drawn on the server as inline SVG.

No JavaScript and no vendored map library: the same drawing goes into a web page (where each
shape is a link that drills down) and into the PDF report (fpdf2 reads SVG).

Geometry: `data/kg_admin2_simplified.geojson`, 53 features keyed by СОАТЕ — the 40 districts
and 13 towns of oblast significance. Bishkek and Osh are holes in that layer (they are
top-level units, not districts), and Kara-Kul's simplified geometry is empty; these three are
drawn as circles at the unit's coordinates. The features are projected once per process
(equirectangular, longitude scaled by cos of the middle latitude) and their path strings
cached; a view of one oblast reuses the same paths with a narrower `viewBox`.

Which shape a status belongs to: an educator's unit is a district, a town, a city district
(Bishkek's four) or a city (Osh). A district or town is its own shape; a city district is drawn
as its parent city's circle (`AdminUnit.parent`); a city is its own circle. `map_unit_ids()`
gives that folding, and `cheber.compliance.dashboard.map_shares` uses it to count.
"""

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from cheber.compliance import charts
from cheber.core.i18n import current_language

GEOJSON = "kg_admin2_simplified.geojson"
SCALE = 100.0  # SVG units per degree of latitude
MIDDLE_LATITUDE = 41.3
WEST, NORTH = 69.0, 43.5  # the map's origin: a little west and north of the country
MARKER_RADIUS = 11.0
# Share compliant in five classes, Color Brewer RdYlBu (colour-blind safe): low shares red.
BINS = (0.2, 0.4, 0.6, 0.8)
COLOURS = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
NO_DATA = "#e0e0e0"
HIGHLIGHT = "#000000"


@dataclass(frozen=True)
class Shape:
    """One drawable unit: a projected district or town, or a circle for a city."""

    soate: str
    region_soate: str
    names: dict[str, str]
    path: str  # empty for a circle
    centre: tuple[float, float]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class MapUnit:
    """An administrative unit as the map knows it; passed to the `link` callable."""

    id: int
    soate: str
    region_id: int
    level: str


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - WEST) * math.cos(math.radians(MIDDLE_LATITUDE)) * SCALE
    return round(x, 1), round((NORTH - lat) * SCALE, 1)


def _ring_path(ring: list[list[float]]) -> tuple[str, list[tuple[float, float]]]:
    points = [project(lon, lat) for lon, lat in ring]
    text = "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"
    return text, points


def _feature_shape(feature: dict) -> Shape:
    props, parts, points = feature["properties"], [], []
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            text, ring_points = _ring_path(ring)
            parts.append(text)
            points += ring_points
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    names = {code: props[f"name_{code}"] for code in ("ky", "ru", "en")}
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    return Shape(props["soate"], props["region_soate"], names, "".join(parts), centre, box)


@functools.cache
def shapes() -> dict[str, Shape]:
    """Every district and town with a drawable geometry, by СОАТЕ; read once per process."""
    path = Path(settings.REFERENCE_DATA_DIR) / GEOJSON
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    drawn = (
        f for f in features if any(ring for poly in f["geometry"]["coordinates"] for ring in poly)
    )
    return {shape.soate: shape for shape in map(_feature_shape, drawn)}


def circle(soate: str, region_soate: str, names: dict, lon: float, lat: float) -> Shape:
    x, y = project(lon, lat)
    r = MARKER_RADIUS
    return Shape(soate, region_soate, names, "", (x, y), (x - r, y - r, x + r, y + r))


def fill_for(share: float | None) -> tuple[str, str]:
    """(CSS class, colour) of a share compliant; the class names the bin, for tests and CSS."""
    if share is None:
        return "m-none", NO_DATA
    index = sum(share >= edge for edge in BINS)
    return f"m-q{index}", COLOURS[index]


def legend_labels() -> list[tuple[str, str]]:
    edges = (0.0, *BINS, 1.0)
    labels = [f"{edges[i]:.0%}–{edges[i + 1]:.0%}" for i in range(len(COLOURS))]
    return [*zip(labels, COLOURS, strict=True), (_("no data"), NO_DATA)]


# The database edge: which unit is which shape --------------------------------------------

DRAWN_LEVELS = ("district", "town", "city")


@dataclass(frozen=True)
class _Unit:
    unit: MapUnit
    parent_id: int | None
    shape: Shape | None
    names: dict[str, str]  # the registry's names, as the tables beside the map say them


def _units() -> dict[int, _Unit]:
    """Every administrative unit, with its shape when it is drawn (one query)."""
    from cheber.registry.models import AdminUnit

    rows = AdminUnit.objects.values_list(
        "pk", "soate", "level", "parent_id", "region_id", "region__soate",
        "name_ky", "name_ru", "name_en", "longitude", "latitude",
    )  # fmt: skip
    units, drawn = {}, shapes()
    for pk, soate, level, parent, region, region_soate, ky, ru, en, lon, lat in rows:
        shape, names = None, {"ky": ky, "ru": ru, "en": en}
        if level in DRAWN_LEVELS:
            shape = drawn.get(soate)
            if shape is None and lon is not None and lat is not None:
                shape = circle(soate, region_soate, names, float(lon), float(lat))
        units[pk] = _Unit(MapUnit(pk, soate, region or pk, level), parent, shape, names)
    return units


def map_unit_ids() -> dict[int, int]:
    """Unit id → id of the unit whose shape shows it (a city district → its city)."""
    units = _units()
    folded = {}
    for pk, entry in units.items():
        target = entry if entry.shape else units.get(entry.parent_id)
        if target is not None and target.shape is not None:
            folded[pk] = target.unit.id
    return folded


def _view_box(entries: list[_Unit]) -> tuple[float, float, float, float]:
    boxes = [e.shape.box for e in entries]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(x1 - x0, y1 - y0) * 0.02
    return x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad


def _shape_svg(entry: _Unit, share: float | None, url: str | None, highlighted: bool) -> str:
    css, colour = fill_for(share)
    name = entry.names.get(current_language()) or entry.names["ky"]
    label = f"{name}: {share:.0%}" if share is not None else f"{name}: {_('no data')}"
    if highlighted:
        stroke = 'stroke="#000" stroke-width="3"'
    elif entry.shape.path:
        stroke = 'stroke="#fff" stroke-width="1"'
    else:  # a city's circle stands out from the district around it
        stroke = 'stroke="#333" stroke-width="1.5"'
    classes = f"m-shape {css}" + (" m-highlight" if highlighted else "")
    common = (f'class="{classes}" fill="{colour}" {stroke} vector-effect="non-scaling-stroke" '
              f'data-soate="{entry.unit.soate}"')  # fmt: skip
    if entry.shape.path:
        body = f'<path {common} fill-rule="evenodd" d="{entry.shape.path}">'
    else:
        x, y = entry.shape.centre
        body = f'<circle {common} cx="{x:g}" cy="{y:g}" r="{MARKER_RADIUS:g}">'
    element = "path" if entry.shape.path else "circle"
    body += f"<title>{escape(label)}</title></{element}>"
    if url:
        return f'<a href="{escape(url)}" aria-label="{escape(label)}">{body}</a>'
    return body


def legend_svg() -> str:
    """The map's legend, drawn apart from the map as a chart of fixed size: the map stretches
    to its column, and text inside it would grow with it."""
    font, column = charts.FONT, charts.WIDTH / 3
    title = _("Share of educators compliant")
    parts = [f'<text class="m-text" x="0" y="{font}" fill="{charts.TEXT}">{escape(title)}</text>']
    for index, (label, colour) in enumerate(legend_labels()):
        row, col = divmod(index, 3)
        x, y = col * column, (row + 1) * font * 1.7
        parts.append(
            f'<rect x="{x:.1f}" y="{y + font * 0.2:.1f}" width="{font * 1.4:.1f}" '
            f'height="{font}" fill="{colour}" stroke="#666" stroke-width="0.5"/>'
            f'<text class="m-text" x="{x + font * 1.8:.1f}" y="{y + font:.1f}" '
            f'fill="{charts.TEXT}">{escape(label)}</text>'
        )
    desc = "; ".join(label for label, _colour in legend_labels())
    height = 3 * font * 1.7 + font * 0.5
    return charts.svg(height, title, desc, "".join(parts), "m-legend")


def district_map_svg(
    shares: dict[int, float],
    *,
    region_id: int | None = None,
    highlight_unit_id: int | None = None,
    link: Callable[[MapUnit], str | None] | None = None,
) -> str:
    """The map as an `<svg>` string: every district, town and city filled by its share
    compliant (0..1, keyed by the unit id of `map_unit_ids()`; missing → "no data").

    `region_id`: draw only that oblast (a city, having no districts, shows the whole country
    with the city highlighted). `highlight_unit_id`: outline that unit (a city district → its
    city). `link(unit)`: the drill-down URL of each shape, or None for no link (the PDF).
    """
    units = _units()
    drawn = [e for e in units.values() if e.shape is not None]
    entries = [e for e in drawn if region_id is None or e.unit.region_id == region_id]
    if not any(e.shape.path for e in entries):  # a city: no districts to draw
        entries, highlight_unit_id = drawn, highlight_unit_id or region_id
    highlight = units.get(highlight_unit_id) if highlight_unit_id else None
    if highlight is not None and highlight.shape is None:
        highlight = units.get(highlight.parent_id)
    # Circles above the districts they sit in; the highlighted unit last, so its outline shows.
    entries.sort(key=lambda e: (e is highlight, not e.shape.path, e.unit.soate))
    x, y, width, height = _view_box(entries)
    body = "".join(
        _shape_svg(e, shares.get(e.unit.id), link(e.unit) if link else None, e is highlight)
        for e in entries
    )
    label = escape(_("Map: share of educators compliant by district"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="compliance-map" role="group" '
        f'aria-label="{label}" viewBox="{x:.1f} {y:.1f} {width:.1f} {height:.1f}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet">{body}</svg>'
    )
