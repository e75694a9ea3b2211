"""The spread of past dispositions juries see: only for a category of at least 20 cases, every
count of 1 to 4 hidden (with what would reveal it), sizes in bands. Worked out by hand."""

from __future__ import annotations

from jurycourt.domain.disposition_spread import PastCase, band_labels, spread


def test_a_category_under_20_cases_is_not_shown_and_small_counts_are_hidden():
    theft = [PastCase("theft", (("community_service", 10), ("essay", None)))] * 12 + \
            [PastCase("theft", (("community_service", 25),))] * 6 + \
            [PastCase("theft", (("apology_letter", None), ("community_service", 45)))] * 2
    vandalism = [PastCase("vandalism", (("essay", None),))] * 19
    table = spread(theft + vandalism)
    assert set(table) == {"theft"}  # 20 theft cases; vandalism has 19
    rows = {row["kind"]: row for row in table["theft"]["kinds"]}
    assert table["theft"]["cases"] == 20
    assert rows["community_service"]["cases"] == 20 and rows["essay"]["cases"] == 12
    assert rows["apology_letter"]["cases"] is None  # 2 cases
    # Hours bands 1–10: 12, 11–20: 0, 21–40: 6, 41+: 2: the 2 is hidden, and so is the 6, or the
    # 2 could be worked out from the 20 cases shown.
    assert rows["community_service"]["bands"] == [12, 0, None, None]
    assert band_labels("community_service") == ["1–10", "11–20", "21–40", "41+"]
