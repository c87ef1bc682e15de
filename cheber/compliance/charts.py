"""Small accessible SVG charts drawn on the server: bars of the statuses and the trend line.

Drawn 360 px wide (`width`/`height` in pixels, the same as the `viewBox`), so the text is
`FONT` pixels high at any width of the page: a wide column does not stretch it, and on a
phone narrower than the chart the style sheet lets it shrink a little (`max-width: 100%`).
Labels sit above the bars (not beside them), so long Kyrgyz and Russian names need no room on
the left. Each chart carries
`<title>` and `<desc>` for screen readers, and the page shows the same numbers in a table.
Used by the dashboards and, unchanged, by the PDF report (fpdf2 reads SVG).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 360
FONT = 13
TEXT = "#333"
STATUS_COLOURS = {
    "compliant": "#2c7bb6",
    "due": "#fdae61",
    "overdue": "#d7191c",
    "never_trained": "#7b3294",
    "needs_retraining": "#8c6d31",
}
LINE_COLOUR = "#2c7bb6"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    key: str = ""  # a status: its colour and the class `c-<key>`
    url: str = ""


def number(value: int) -> str:
    """Digits grouped by a narrow space, as Kyrgyz and Russian write them."""
    return f"{value:,}".replace(",", "\u202f")


def svg(height: float, title: str, desc: str, body: str, css: str) -> str:
    """A drawing of `WIDTH` × `height` pixels, text `FONT` pixels high, described for screen
    readers by `title` and `desc`. A chart whose parts are links is a group of them (an image
    hides what it contains, and links inside it could not be reached)."""
    role = "group" if "<a " in body else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="{role}" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" '
        f'font-family="sans-serif" font-size="{FONT}"><title>{escape(title)}</title>'
        f"<desc>{escape(desc)}</desc>{body}</svg>"
    )


def _bar_row(bar: Bar, top: float, largest: int, total: int) -> str:
    colour = STATUS_COLOURS.get(bar.key, LINE_COLOUR)
    width = (WIDTH - 70) * bar.value / largest if largest else 0
    share = f" ({bar.value / total:.0%})" if total else ""
    text = (
        f'<text class="c-text" x="0" y="{top + FONT:g}" fill="{TEXT}">{escape(bar.label)}</text>'
        f'<rect class="c-bar c-{escape(bar.key)}" x="0" y="{top + FONT + 4:g}" '
        f'width="{max(width, 1):.1f}" height="14" fill="{colour}"/>'
        f'<text class="c-text" x="{width + 4:.1f}" y="{top + FONT + 16:g}" '
        f'fill="{TEXT}">{number(bar.value)}{share}</text>'
    )
    if bar.url:
        return f'<a href="{escape(bar.url)}">{text}</a>'
    return text


def bar_chart_svg(bars: Sequence[Bar], *, title: str, total: int | None = None) -> str:
    """Horizontal bars, one per item, each labelled above with its count (and its share of
    `total` when given); a bar with a `url` is a link to the list behind it."""
    largest = max((b.value for b in bars), default=0)
    total = sum(b.value for b in bars) if total is None else total
    row = FONT + 24
    body = "".join(_bar_row(bar, i * row, largest, total) for i, bar in enumerate(bars))
    desc = "; ".join(f"{b.label}: {b.value}" for b in bars)
    return svg(max(row * len(bars), row), title, desc, body, "chart-bars")


def _trend_axes(left: float, top: float, plot_w: float, plot_h: float) -> str:
    lines = []
    for percent in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - percent / 100)
        lines.append(
            f'<line x1="{left:g}" x2="{left + plot_w:g}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc" stroke-width="1"/><text class="c-text" x="{left - 4:g}" '
            f'y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{percent}%</text>'
        )
    return "".join(lines)


def trend_chart_svg(points: Sequence[tuple[int, float | None]], *, title: str) -> str:
    """The share compliant (0..1) by year as a line with a dot per year; a year without data
    breaks the line. At most about six year labels, so they fit a phone."""
    left, top, plot_w, plot_h = 40, 12, WIDTH - 56, 150
    step = plot_w / max(len(points) - 1, 1)
    label_every = max(1, round(len(points) / 6))
    lines, dots, labels, segment = [], [], [], []
    for index, (year, share) in enumerate(points):
        x = left + index * step if len(points) > 1 else left + plot_w / 2
        last = len(points) - 1
        # every few years, and the last; a label too close before the last is left out
        if index == last or (index % label_every == 0 and last - index >= label_every):
            labels.append(f'<text class="c-text" x="{x:.1f}" y="{top + plot_h + 18:g}" '
                          f'text-anchor="middle" fill="{TEXT}">{year}</text>')  # fmt: skip
        if share is None:
            lines.append(_polyline(segment))
            segment = []
            continue
        y = top + plot_h * (1 - share)
        segment.append((x, y))
        dots.append(
            f'<circle class="c-point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
            f'fill="{LINE_COLOUR}"><title>{year}: {share:.0%}</title></circle>'
        )
    lines.append(_polyline(segment))
    body = _trend_axes(left, top, plot_w, plot_h) + "".join(lines + dots + labels)
    desc = "; ".join(f"{y}: {s:.0%}" if s is not None else f"{y}: —" for y, s in points)
    return svg(top + plot_h + 26, title, desc, body, "chart-trend")


def _polyline(points: list[tuple[float, float]]) -> str:
    if len(points) < 2:
        return ""
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (f'<polyline class="c-line" points="{coordinates}" fill="none" '
            f'stroke="{LINE_COLOUR}" stroke-width="2.5"/>')  # fmt: skip
