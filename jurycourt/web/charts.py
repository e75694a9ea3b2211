"""Server-drawn charts: inline SVG geometry, no JavaScript. Pages also show the numbers as a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jurycourt.i18n import gettext
from jurycourt.i18n.formatting import duration

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 44, 36, 12
HIDDEN_HEIGHT = 0.15  # of the plot: the one height of every value not shown


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str  # a CSS class
    title: str  # what a pointer over the bar says


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # (x, month) under each pair of bars
    ticks: list[tuple[float, str]]  # (y, hours) on the left axis
    baseline: float
    left: int


def _nice_top(hours: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if hours <= step * 4:
            return step * 4
    return int(hours) + 1


@dataclass(frozen=True)
class Series:
    css: str  # a CSS class
    name: str  # who or what, in words
    values: list[int | None]  # one per slot, None where the value is not shown


def grouped_chart(names: list[str], series: list[Series], scale: int = 1,
                  say: Callable[[int], str] = str) -> Chart:
    """Bars side by side in each slot (e.g. a month), one per series. ``scale`` turns values into
    axis units (60 for minutes shown as hours), ``say`` words a value for the bar's title.

    A value that is not shown is drawn as a short hatched bar of the same size everywhere, so
    its height tells nothing."""
    top = _nice_top(max([0, *(v / scale for s in series for v in s.values if v is not None)]))
    plot_h, slot = HEIGHT - BOTTOM - TOP, (WIDTH - LEFT) / max(1, len(names))
    bar_w, bars, labels = slot * 0.72 / max(1, len(series)), [], []
    baseline = HEIGHT - BOTTOM
    for n, name in enumerate(names):
        x = LEFT + n * slot + slot * 0.12
        for k, s in enumerate(series):
            value = s.values[n]
            if value is None:
                h, css = plot_h * HIDDEN_HEIGHT, "hidden"
                title = gettext("%(slot)s, %(series)s: not shown") % {"slot": name, "series": s.name}
            else:
                h, css = plot_h * (value / scale) / top if top else 0, s.css
                title = gettext("%(slot)s, %(series)s: %(value)s") % {"slot": name, "series": s.name,
                                                                      "value": say(value)}
            bars.append(Bar(round(x + k * bar_w, 1), round(baseline - h, 1), round(bar_w, 1), round(h, 1), css,
                            title))
        labels.append((round(x + bar_w * len(series) / 2, 1), name.split()[0]))
    ticks = [(round(baseline - plot_h * i / 4, 1), str(top * i // 4)) for i in range(5)]
    return Chart(WIDTH, HEIGHT, bars, labels, ticks, baseline, LEFT)


def bar_chart(months) -> Chart:
    """Paired bars per month, hours given by former respondents and by other members, in the
    reader's language."""
    return grouped_chart([m.label for m in months], [
        Series("former", gettext("former respondents"), [m.former_respondents for m in months]),
        Series("others", gettext("other members"), [m.others for m in months]),
    ], scale=60, say=duration)
