"""Server-drawn bar charts: bars scale to the axis, and a value not shown gives nothing away."""

from __future__ import annotations

from jurycourt.web.charts import HIDDEN_HEIGHT, Series, grouped_chart


def test_bars_scale_to_the_axis_and_sit_on_the_baseline():
    chart = grouped_chart(["Jan 2026", "Feb 2026"], [Series("referrals", "referrals", [20, 10])])
    first, second = chart.bars
    assert first.height == 2 * second.height
    assert all(round(bar.y + bar.height, 1) == chart.baseline for bar in chart.bars)
    assert chart.ticks[-1][1] == "20" and [label for _, label in chart.labels] == ["Jan", "Feb"]
    assert first.title == "Jan 2026, referrals: 20"


def test_a_value_not_shown_is_a_hatched_bar_of_one_height_whatever_it_hides():
    small = grouped_chart(["Jan 2026", "Feb 2026"], [Series("former", "former respondents", [None, 600])], scale=60)
    large = grouped_chart(["Jan 2026", "Feb 2026"], [Series("former", "former respondents", [None, 6000])], scale=60)
    hidden = [small.bars[0], large.bars[0]]
    assert all(bar.series == "hidden" and bar.title == "Jan 2026, former respondents: not shown" for bar in hidden)
    plot = small.baseline - small.ticks[-1][0]
    assert hidden[0].height == hidden[1].height == round(plot * HIDDEN_HEIGHT, 1)


def test_paired_series_share_each_slot_side_by_side():
    chart = grouped_chart(["Mar 2026"], [Series("former", "a", [60]), Series("others", "b", [120])], scale=60)
    left, right = chart.bars
    assert right.x == round(left.x + left.width, 1) and right.height == 2 * left.height
