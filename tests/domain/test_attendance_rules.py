"""Attendance and refilling rules, without a database: when taps are allowed, the minutes a
seat earns, and which declined seats still wait for someone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus, check_attendance_open, check_mark_held, served_minutes
from jurycourt.domain.seating import SeatRole, unfilled_declines

NOW = datetime(2031, 7, 12, 14, 0, tzinfo=UTC)
JURY_PLAN = ((SeatRole.FOREPERSON, 1), (SeatRole.JUROR, 7), (SeatRole.BAILIFF, 1), (SeatRole.CLERK, 1))


@pytest.mark.parametrize(("minutes", "rounding", "credited"), [
    (172, 15, 165), (173, 15, 180), (7, 15, 0), (8, 15, 15), (172, 5, 170), (172, 1, 172), (172, 0, 172),
])
def test_served_minutes_round_to_the_nearest_step(minutes, rounding, credited):
    assert served_minutes(NOW, NOW + timedelta(minutes=minutes), rounding) == credited


def test_a_check_out_before_the_check_in_earns_nothing():
    assert served_minutes(NOW, NOW - timedelta(hours=2)) == 0


@given(st.integers(min_value=0, max_value=12 * 60), st.sampled_from([1, 5, 10, 15, 30]))
def test_credited_minutes_are_a_multiple_of_the_step_within_half_a_step(minutes, rounding):
    credited = served_minutes(NOW, NOW + timedelta(minutes=minutes), rounding)
    assert credited % rounding == 0
    assert abs(credited - minutes) <= rounding / 2


@pytest.mark.parametrize(("status", "starts_in", "message"), [
    (HearingStatus.CANCELLED, timedelta(hours=-1), "cancelled"),
    (HearingStatus.HELD, timedelta(hours=-1), "final"),
    (HearingStatus.CONFIRMED, timedelta(hours=17, minutes=20), "opens shortly before"),
    (HearingStatus.PLANNED, timedelta(days=3), "opens shortly before"),
    (HearingStatus.CONFIRMED, timedelta(hours=-16), "is over"),
])
def test_attendance_is_refused_at_cancelled_held_and_far_off_hearings(status, starts_in, message):
    with pytest.raises(Refused, match=message):
        check_attendance_open(status, NOW + starts_in, NOW, ends_at=NOW + starts_in + timedelta(hours=3))


@pytest.mark.parametrize("starts_in", [timedelta(hours=2), timedelta(minutes=5), timedelta(hours=-3),
                                       timedelta(hours=-15)])
def test_attendance_is_open_from_shortly_before_the_start_until_hours_after_the_end(starts_in):
    for status in (HearingStatus.CONFIRMED, HearingStatus.PLANNED):
        assert check_attendance_open(status, NOW + starts_in, NOW, ends_at=NOW + starts_in + timedelta(hours=3)) == ""


def test_outside_the_window_a_reason_lets_the_coordinator_act_and_is_returned_for_the_audit():
    assert check_attendance_open(HearingStatus.CONFIRMED, NOW + timedelta(days=1), NOW,
                                 override="  Paper sheet  ") == "Paper sheet"
    with pytest.raises(Refused, match="final"):
        check_attendance_open(HearingStatus.HELD, NOW, NOW, override="Anyway")


def test_a_hearing_is_marked_held_from_its_start_or_earlier_with_a_reason():
    assert check_mark_held(NOW, NOW) == ""
    with pytest.raises(Refused, match="not started yet"):
        check_mark_held(NOW + timedelta(hours=17), NOW)
    assert check_mark_held(NOW + timedelta(hours=17), NOW, "Ran early") == "Ran early"


def test_a_declined_seat_waits_until_someone_else_holds_its_role():
    holding = [SeatRole.FOREPERSON, *[SeatRole.JUROR] * 6, SeatRole.BAILIFF, SeatRole.CLERK]
    assert unfilled_declines(JURY_PLAN, holding, [(41, SeatRole.JUROR)]) == [41]
    assert unfilled_declines(JURY_PLAN, [*holding, SeatRole.JUROR], [(41, SeatRole.JUROR)]) == []


def test_a_role_has_only_as_many_waiting_declines_as_empty_seats():
    holding = [SeatRole.FOREPERSON, *[SeatRole.JUROR] * 6, SeatRole.BAILIFF]
    declined = [(52, SeatRole.CLERK), (50, SeatRole.JUROR), (51, SeatRole.JUROR)]
    assert unfilled_declines(JURY_PLAN, holding, declined) == [50, 52]
