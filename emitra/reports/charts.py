"""Small charts drawn on the server as inline SVG (issue 13 req. 5): no JavaScript, no style
attributes (the CSP allows no inline style; SVG presentation attributes are not style),
dark bars that print, and a sentence that says what the chart shows for screen readers.

A chart is data for the template reports/_chart.svg.html: bars with their coordinates in a
fixed viewBox, the axis labels and the description.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from emitra.reports.exports import screen_text

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 600, 150, 14, 22, 4
MAX_BARS = 62


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Picture:
    title: str
    description: str
    bars: list
    first: str
    last: str
    top: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM


def bars(report, result):
    """The report's chart over the whole filtered set (at most MAX_BARS bars, in x order)."""
    x, y = report.column(report.chart.x), report.column(report.chart.y)
    rows = list(result.ordered.order_by(x.key)[:MAX_BARS])
    return picture(str(report.title), [(screen_text(x, r[x.key]), r[y.key] or 0) for r in rows],
                   lambda v: screen_text(y, v), str(y.label))


def picture(title, points, text=str, measure=""):
    """A bar chart of (label, value) points; text(value) writes a value."""
    if not points:
        return None
    most = max(max(v for _label, v in points), 1)
    room = (WIDTH - LEFT * 2) / len(points)
    plot = HEIGHT - TOP - BOTTOM
    shown = []
    for n, (label, value) in enumerate(points):
        h = max(plot * max(value, 0) / most, 0)
        shown.append(Bar(round(LEFT + n * room + room * 0.1, 1), round(TOP + plot - h, 1), round(room * 0.8, 1),
                         round(h, 1), label, text(value)))
    high = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    description = _("%(measure)s for %(n)s items from %(first)s to %(last)s: highest %(high)s (%(high_label)s), "
                    "lowest %(low)s (%(low_label)s).") % {
        "measure": measure, "n": len(points), "first": points[0][0], "last": points[-1][0], "high": text(high[1]),
        "high_label": high[0], "low": text(low[1]), "low_label": low[0]}
    return Picture(title=title, description=description, bars=shown, first=points[0][0], last=points[-1][0],
                   top=text(most))


@dataclass(frozen=True)
class Line:
    title: str
    description: str
    points: str  # the polyline's "x,y x,y ..."
    first: str
    last: str
    top: str
    bottom: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM


def line(title, points, text=str, measure=""):
    """A line through (label, value) points between their lowest and highest value (a balance may
    be below zero); the description names the first, the last, the highest and the lowest."""
    if not points:
        return None
    values = [v for _label, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1
    plot = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT * 2) / max(len(points) - 1, 1)
    coords = " ".join(f"{round(LEFT + n * step, 1)},{round(TOP + plot - plot * (v - low) / span, 1)}"
                      for n, v in enumerate(values))
    description = _("%(measure)s from %(first)s (%(first_value)s) to %(last)s (%(last_value)s): highest %(high)s, "
                    "lowest %(low)s.") % {
        "measure": measure, "first": points[0][0], "first_value": text(values[0]), "last": points[-1][0],
        "last_value": text(values[-1]), "high": text(high), "low": text(low)}
    return Line(title=title, description=description, points=coords, first=points[0][0], last=points[-1][0],
                top=text(high), bottom=text(low))
