"""Declared availability and conflict rules, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import affiliation_key, availability_span, check_conflict, merged_span

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # 12:00 in New York


def test_a_span_is_stored_in_utc_from_the_programs_wall_clock_across_daylight_time():
    assert availability_span(date(2027, 7, 15), time(16), time(19), NEW_YORK, NOW) == (
        datetime(2027, 7, 15, 20, tzinfo=UTC), datetime(2027, 7, 15, 23, tzinfo=UTC))
    assert availability_span(date(2027, 1, 15), time(16), time(19), NEW_YORK, NOW) == (
        datetime(2027, 1, 15, 21, tzinfo=UTC), datetime(2027, 1, 16, 0, tzinfo=UTC))


def test_a_span_later_today_is_accepted_even_if_it_began_this_morning():
    starts, ends = availability_span(date(2026, 11, 25), time(9), time(15), NEW_YORK, NOW)
    assert starts < NOW < ends


@pytest.mark.parametrize(("day", "start", "end", "field"), [
    (date(2026, 11, 25), time(9), time(11), "end"),        # over by 11:00 today, New York time
    (date(2026, 11, 24), time(9), time(11), "day"),
    (date(2026, 12, 1), time(11), time(9), "end"),
    (date(2026, 12, 1), time(6), time(20, 1), "end"),      # 14 h 01 min
    (date(2027, 11, 27), time(9), time(11), "day"),        # more than a year ahead
])
def test_a_span_that_breaks_a_rule_is_refused_naming_the_field(day, start, end, field):
    with pytest.raises(Refused) as refusal:
        availability_span(day, start, end, NEW_YORK, NOW)
    assert refusal.value.field == field


def test_fourteen_hours_exactly_is_allowed():
    starts, ends = availability_span(date(2026, 12, 1), time(6), time(20), NEW_YORK, NOW)
    assert (ends - starts).total_seconds() == 14 * 3600


def test_touching_and_overlapping_spans_merge_into_one():
    h = [datetime(2026, 12, 1, n, tzinfo=UTC) for n in range(24)]
    assert merged_span(h[12], h[15], [(h[9], h[12]), (h[14], h[18])]) == (h[9], h[18])
    assert merged_span(h[12], h[15], []) == (h[12], h[15])


def test_a_conflict_needs_two_people_and_a_known_relation():
    check_conflict(1, 2, "knows")
    with pytest.raises(Refused, match="themselves"):
        check_conflict(1, 1, "relative")
    with pytest.raises(Refused) as refusal:
        check_conflict(1, 2, "rival")
    assert refusal.value.field == "relation"


def test_an_affiliation_key_is_tidied_and_bounded():
    assert affiliation_key("school", "  Eastern \t High ") == "Eastern High"
    for kind, key in (("school", "   "), ("school", "x" * 121), ("club", "Chess")):
        with pytest.raises(Refused):
            affiliation_key(kind, key)
