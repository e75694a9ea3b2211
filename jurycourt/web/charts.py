"""Server-drawn charts: inline SVG geometry, no JavaScript. Pages also show the numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 44, 36, 12


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


def bar_chart(months) -> Chart:
    """Paired bars per month, hours given by former respondents and by other members."""
    top = _nice_top(max([0, *(max(m.former_respondents, m.others) / 60 for m in months)]))
    plot_h, slot = HEIGHT - BOTTOM - TOP, (WIDTH - LEFT) / max(1, len(months))
    bar_w, bars, labels = slot * 0.36, [], []
    baseline = HEIGHT - BOTTOM
    for n, month in enumerate(months):
        x = LEFT + n * slot + slot * 0.12
        for k, (minutes, series, who) in enumerate([(month.former_respondents, "former", "former respondents"),
                                                     (month.others, "others", "other members")]):
            h = plot_h * (minutes / 60) / top if top else 0
            bars.append(Bar(round(x + k * bar_w, 1), round(baseline - h, 1), round(bar_w, 1), round(h, 1), series,
                            f"{month.label}, {who}: {minutes // 60} h {minutes % 60:02d} min"))
        labels.append((round(x + bar_w, 1), month.label.split()[0]))
    ticks = [(round(baseline - plot_h * i / 4, 1), str(top * i // 4)) for i in range(5)]
    return Chart(WIDTH, HEIGHT, bars, labels, ticks, baseline, LEFT)
