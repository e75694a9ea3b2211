"""Every volunteer's chance of selection as a server-drawn SVG bar chart (sorted, one thin bar each).

The page shows the same numbers as a summary sentence and a table, the chart's text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from jurycourt.i18n import gettext
from jurycourt.web.charts import Bar

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 44, 28, 12


@dataclass(frozen=True)
class ProbabilityChart:
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    count: int
    lowest: float
    middle: float
    highest: float
    expected: float  # the panel size divided by the pool size: everyone's chance with no quotas


def probability_chart(probabilities: dict[str, float], selected: set[str], size: int) -> ProbabilityChart:
    """Bars sorted by probability; selected volunteers' bars are marked (series "chosen")."""
    items = sorted(probabilities.items(), key=lambda kv: (kv[1], kv[0]))
    values = [p for _, p in items] or [0.0]
    top = max(0.05, min(1.0, (int(max(values) * 20) + 1) / 20))
    plot_h, baseline = HEIGHT - BOTTOM - TOP, HEIGHT - BOTTOM
    slot = (WIDTH - LEFT) / max(1, len(items))
    bars = []
    for n, (vid, p) in enumerate(items):
        h = plot_h * p / top
        series = "chosen" if vid in selected else "pool"
        bars.append(Bar(round(LEFT + n * slot, 2), round(baseline - h, 1), round(max(slot * 0.8, 0.5), 2),
                        round(h, 1), series, gettext("Volunteer %(vid)s: %(p)s") % {"vid": vid, "p": format(p, '.1%')}))
    ticks = [(round(baseline - plot_h * i / 4, 1), f"{top * i / 4:.0%}") for i in range(5)]
    return ProbabilityChart(WIDTH, HEIGHT, LEFT, baseline, bars, ticks, len(items), min(values), median(values),
                            max(values), size / max(1, len(items)))
