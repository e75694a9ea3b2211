"""'Every week until': the dates one declaration covers."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import MAX_WEEKS, weekly_days


def test_every_week_from_the_first_date_up_to_and_including_the_last():
    assert weekly_days(date(2027, 1, 5), date(2027, 1, 26)) == [date(2027, 1, 5), date(2027, 1, 12),
                                                                date(2027, 1, 19), date(2027, 1, 26)]
    assert weekly_days(date(2027, 1, 5), date(2027, 1, 11)) == [date(2027, 1, 5)]


def test_a_last_date_before_the_first_or_more_than_a_year_on_is_refused():
    with pytest.raises(Refused, match="on or after the first"):
        weekly_days(date(2027, 1, 5), date(2027, 1, 4))
    with pytest.raises(Refused, match="at most a year"):
        weekly_days(date(2027, 1, 5), date(2028, 2, 5))
    assert len(weekly_days(date(2027, 1, 5), date(2027, 12, 28))) <= MAX_WEEKS
