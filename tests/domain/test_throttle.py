"""Throttle rules, with explicit times (no database, no clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.throttle import (
    ADDRESS_BLOCK,
    LOGIN_MAX_DELAY,
    PUBLIC_FORM,
    SIGN_IN_ADDRESS,
    SIGN_IN_LOGIN,
    WINDOW,
    Counter,
    Rule,
    claim,
    refund,
    wait_seconds,
)

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def attempts(count: int, rule: Rule, *, start: datetime = T0,
             step: timedelta = timedelta(0)) -> tuple[Counter | None, datetime, list[int]]:
    """``count`` attempts ``step`` apart; the counter after them, the last moment, and each one's wait."""
    counter, now, waits = None, start, []
    for n in range(count):
        now = start + n * step
        counter, wait = claim(counter, now, rule)
        waits.append(wait)
    return counter, now, waits


def test_five_attempts_at_one_login_at_the_same_moment_are_heard_and_the_sixth_waits():
    counter, now, waits = attempts(6, SIGN_IN_LOGIN)
    assert waits == [0, 0, 0, 0, 0, 1]
    assert counter.attempts == 5, "a refused attempt is not counted"


def test_the_wait_after_the_fifth_attempt_is_over_in_a_minute_at_most():
    counter, now, _ = attempts(5, SIGN_IN_LOGIN)
    assert wait_seconds(counter, now) >= 1
    assert wait_seconds(counter, now + LOGIN_MAX_DELAY) == 0


def test_the_per_login_wait_grows_with_more_attempts():
    # Each attempt comes just as the previous wait runs out, as a patient attacker's would.
    counter, now, waits = None, T0, []
    for _ in range(8):
        counter, refused = claim(counter, now, SIGN_IN_LOGIN)
        assert refused == 0
        waits.append(wait_seconds(counter, now))
        now += timedelta(seconds=max(waits[-1], 1))
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:] == sorted(waits[4:]) and waits[-1] > waits[4]


def test_an_attacker_hammering_a_victims_login_delays_it_a_minute_at_most():
    counter, now = None, T0
    for _ in range(200):  # far more attempts than anyone types, inside one window
        counter, _wait = claim(counter, now, SIGN_IN_LOGIN)
        now += timedelta(seconds=1)
    assert 0 < wait_seconds(counter, now) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=60)) == 0


def test_thirty_attempts_from_one_address_are_heard_and_then_it_is_blocked():
    counter, now, waits = attempts(31, SIGN_IN_ADDRESS)
    assert waits[:30] == [0] * 30 and waits[30] == int(ADDRESS_BLOCK.total_seconds())
    assert wait_seconds(counter, now + ADDRESS_BLOCK) == 0


def test_the_address_block_outlasts_the_window_it_began_in():
    counter, now, _ = attempts(30, SIGN_IN_ADDRESS, step=timedelta(seconds=20))  # the window nearly over
    later = T0 + WINDOW + timedelta(seconds=1)
    _, wait = claim(counter, later, SIGN_IN_ADDRESS)
    assert wait > 0


def test_the_public_form_takes_thirty_from_one_address():
    _, _, waits = attempts(50, PUBLIC_FORM)
    assert waits.count(0) == 30


def test_attempts_spread_beyond_the_window_start_counting_again():
    counter, now, _ = attempts(4, SIGN_IN_LOGIN)
    later = now + WINDOW + timedelta(seconds=1)
    counter, wait = claim(counter, later, SIGN_IN_LOGIN)
    assert counter.attempts == 1 and wait == 0


def test_an_attempt_given_back_lifts_the_wait_it_started():
    counter, now, _ = attempts(5, SIGN_IN_LOGIN)
    assert wait_seconds(counter, now) > 0
    counter = refund(counter, SIGN_IN_LOGIN)
    assert counter.attempts == 4 and wait_seconds(counter, now) == 0


def test_no_counter_means_no_wait():
    assert wait_seconds(None, T0) == 0
    assert refund(None, SIGN_IN_LOGIN) is None


# An attempt sequence: bursts of attempts (scripts, racing requests) a fixed gap apart.
BURSTS = st.lists(st.tuples(st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=3600)),
                  min_size=1, max_size=8)


@given(BURSTS, st.integers(min_value=0, max_value=120))
def test_the_per_login_wait_never_exceeds_a_minute_whatever_the_attempts(bursts, probe):
    counter, now = None, T0
    for repeat, gap in bursts:
        for _ in range(repeat):
            now += timedelta(seconds=gap)
            counter, wait = claim(counter, now, SIGN_IN_LOGIN)
            assert wait <= 60 and wait_seconds(counter, now) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=probe)) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=60)) == 0


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=120))
def test_within_one_window_no_more_attempts_are_heard_than_the_rule_allows(gaps):
    counter, now, heard = None, T0, 0
    for gap in gaps:
        now += timedelta(seconds=gap)
        if now - T0 >= WINDOW:
            break
        counter, wait = claim(counter, now, SIGN_IN_ADDRESS)
        heard += wait == 0
    assert heard <= SIGN_IN_ADDRESS.free
