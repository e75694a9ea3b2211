"""The one set of parsers for ids, numbers, dates, times, amounts and cursors from a request."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.routing import Route

from jurycourt.web.params import (
    BIGINT_MAX,
    INT_MAX,
    BadValue,
    digits_up_to,
    parse_cents,
    parse_date,
    parse_id,
    parse_ids,
    parse_keyset,
    parse_minutes,
    parse_moment,
    parse_number,
    parse_page,
    parse_time,
    search_term,
)
from jurycourt.web.routes import routes

NEW_YORK = ZoneInfo("America/New_York")


@given(st.integers(min_value=-10, max_value=10**20), st.sampled_from([9, 10, 99, 1234, INT_MAX, BIGINT_MAX]))
def test_the_id_pattern_matches_exactly_the_numbers_from_one_to_the_maximum(number, maximum):
    assert bool(re.fullmatch(digits_up_to(maximum), str(number))) == (1 <= number <= maximum)


def test_the_id_pattern_holds_at_its_edges():
    pattern = re.compile(digits_up_to(INT_MAX))
    assert pattern.fullmatch(str(INT_MAX)) and not pattern.fullmatch(str(INT_MAX + 1))
    assert not pattern.fullmatch("0") and not pattern.fullmatch("007")


@pytest.mark.parametrize("raw", ["9" * 25, str(INT_MAX + 1), "0", "-1", "١٢", "۳", "１２", "²", "1.0", "1e3", "",
                                 None, "x"])
def test_an_id_that_could_name_no_row_is_none(raw):
    assert parse_id(raw) is None


def test_an_id_within_its_column_is_read():
    assert parse_id(" 42 ") == 42
    assert parse_id(str(INT_MAX)) == INT_MAX
    assert parse_id(str(INT_MAX + 1), big=True) == INT_MAX + 1
    assert parse_id(str(BIGINT_MAX + 1), big=True) is None
    assert parse_ids(["1", "١", "9" * 25, "3"]) == [1, 3]


def test_whole_numbers_keep_to_their_range_and_ascii_digits():
    assert parse_number("12", 0, 150) == 12
    assert parse_number("151", 0, 150) is None
    assert parse_number("١٢", 0, 150) is None
    assert parse_number("9" * 5000, 0, 150) is None


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_a_date_outside_1900_to_2200_is_refused_with_the_range(raw):
    with pytest.raises(BadValue, match="1900 and 2200"):
        parse_date(raw)


@pytest.mark.parametrize("raw", ["٢٠٢٦-٠١-٠١", "20260101", "2026-W01-1", "2026-1-1", "10000-01-01", "", "x"])
def test_a_date_not_typed_as_yyyy_mm_dd_is_refused(raw):
    with pytest.raises(BadValue, match="YYYY-MM-DD"):
        parse_date(raw)


def test_a_date_that_does_not_exist_is_refused_and_a_real_one_read():
    with pytest.raises(BadValue, match="does not exist"):
        parse_date("2026-02-30")
    assert parse_date("1900-01-01") == date(1900, 1, 1) and parse_date("2200-12-31") == date(2200, 12, 31)


@pytest.mark.parametrize("raw", ["24:00", "23:59:60", "٠٩:٠٠", "9", "T12", "12:00+14:00", ""])
def test_a_time_not_typed_as_hh_mm_is_refused(raw):
    with pytest.raises(BadValue, match="16:30"):
        parse_time(raw)


def test_a_time_is_read():
    assert parse_time("16:30") == time(16, 30)


@pytest.mark.parametrize("raw", ["9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31T23:59:59+14:00",
                                 "٢٠٢٦-٠١-٠١T09:00", "2026-01-01", ""])
def test_a_moment_out_of_range_or_mistyped_is_refused(raw):
    with pytest.raises(BadValue):
        parse_moment(raw, NEW_YORK)


def test_a_moment_is_read_in_the_programs_zone_and_kept_in_utc():
    assert parse_moment("2026-12-05T10:00", NEW_YORK) == datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    assert parse_moment("2026-12-05 10:00+00:00", NEW_YORK) == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert parse_moment("2200-12-31T23:59", NEW_YORK).year == 2201  # near the edge: no overflow


def test_amounts_are_read_as_cents_within_what_a_form_records():
    assert parse_cents("12.5") == 1250
    assert parse_cents("$40") == 4000
    for raw in ("1.234", "abc", "٥٫٠٠", "1e6", "-1", "99999999999999999999.99", "1,000"):
        assert parse_cents(raw) is None


@pytest.mark.parametrize("raw", [f"2026-01-01T00:00:00+00:00_{'9' * 25}", "0001-01-01T00:00:00+14:00_1",
                                 "9999-12-31T23:59:59-14:00_1", "2026-01-01T00:00:00_1", "_", "x_1",
                                 "2026-01-01T00:00:00+00:00_١", None])
def test_a_keyset_cursor_out_of_range_means_the_first_page(raw):
    assert parse_keyset(raw) is None


def test_a_keyset_cursor_is_read():
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_keyset(f"{at.isoformat()}_7") == (at, 7)


def test_page_numbers_from_the_query_string():
    assert parse_page("3") == 3
    assert parse_page("٣") == 1
    assert parse_page("9" * 25) == 1
    assert parse_page("5" * 18) == 1_000_000
    assert parse_page("0") == 1


def test_no_route_uses_starlettes_unbounded_integer_or_string_parameters():
    """An id path parameter beyond its column would reach the database; a free-text one could carry
    NUL or a megabyte. Every parameter uses one of the bounded converters."""
    for route in routes():
        if isinstance(route, Route):
            kinds = {type(c).__name__ for c in route.param_convertors.values()}
            assert kinds <= {"IdConvertor", "BigIdConvertor", "SlugConvertor", "TokenConvertor"}, route.path


def test_a_path_id_beyond_its_column_matches_no_route():
    person = next(r for r in routes() if getattr(r, "name", "") == "person")
    assert person.path_regex.match("/people/" + str(INT_MAX))
    for raw in ("9" * 25, str(INT_MAX + 1), "١٢", "0"):
        assert not person.path_regex.match("/people/" + raw)


def test_a_search_term_loses_control_characters_and_keeps_to_its_length():
    assert search_term("a\x00b\u0007c ", 80) == "abc"
    assert search_term("x" * 500, 80) == "x" * 80
    assert search_term(None, 80) == ""


def test_hours_and_minutes_boxes_make_minutes_and_refuse_nonsense():
    assert parse_minutes("2", "30") == 150
    assert parse_minutes("", "45") == 45
    for hours, minutes in [("", ""), ("-1", "0"), ("two", ""), ("0", "0"), ("١٢", ""), ("²", ""), ("9" * 25, ""),
                           ("200", "0")]:
        with pytest.raises(BadValue):
            parse_minutes(hours, minutes)
