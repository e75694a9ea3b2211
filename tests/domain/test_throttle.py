"""Sign-in throttling rules, with explicit times (no database, no clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.throttle import (
    ADDRESS_BLOCK,
    LOGIN_MAX_DELAY,
    WINDOW,
    Counter,
    after_failure,
    wait_seconds,
)

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def failures(count: int, *, per_address: bool, start: datetime = T0,
             step: timedelta = timedelta(seconds=1)) -> tuple[Counter | None, datetime]:
    counter, now = None, start
    for n in range(count):
        now = start + n * step
        counter = after_failure(counter, now, per_address)
    return counter, now


def test_four_failed_sign_ins_for_a_login_cost_no_wait():
    counter, now = failures(4, per_address=False)
    assert wait_seconds(counter, now) == 0


def test_the_fifth_failure_for_a_login_makes_the_next_attempt_wait():
    counter, now = failures(5, per_address=False)
    assert wait_seconds(counter, now) >= 1


def test_the_wait_after_the_fifth_failure_is_over_in_a_minute_at_most():
    counter, now = failures(5, per_address=False)
    assert wait_seconds(counter, now + LOGIN_MAX_DELAY) == 0


def test_the_per_login_wait_grows_with_more_failures():
    # Each failure comes just after the previous wait ran out, as a patient attacker's would.
    counter, now, waits = None, T0, []
    for _ in range(8):
        counter = after_failure(counter, now, per_address=False)
        waits.append(wait_seconds(counter, now))
        now += timedelta(seconds=max(waits[-1], 1))
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:] == sorted(waits[4:]) and waits[-1] > waits[4]


def test_an_attacker_hammering_a_victims_login_delays_it_a_minute_at_most():
    counter, now = None, T0
    for _ in range(200):  # far more failures than anyone types, inside one window
        counter = after_failure(counter, now, per_address=False)
        now += timedelta(seconds=1)
    assert counter.failures == 200
    assert 0 < wait_seconds(counter, now) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=60)) == 0


def test_twenty_nine_failures_from_one_address_do_not_block_it():
    counter, now = failures(29, per_address=True)
    assert wait_seconds(counter, now) == 0


def test_an_address_is_blocked_after_thirty_failures():
    counter, now = failures(30, per_address=True)
    assert wait_seconds(counter, now) == int(ADDRESS_BLOCK.total_seconds())
    assert wait_seconds(counter, now + ADDRESS_BLOCK) == 0


def test_the_address_block_is_longer_than_the_longest_login_delay():
    counter, now = failures(30, per_address=True)
    assert wait_seconds(counter, now + LOGIN_MAX_DELAY + timedelta(seconds=1)) > 0


def test_failures_spread_beyond_the_window_start_counting_again():
    counter, now = failures(4, per_address=False)
    later = now + WINDOW + timedelta(seconds=1)
    counter = after_failure(counter, later, per_address=False)
    assert counter.failures == 1
    assert wait_seconds(counter, later) == 0


def test_no_counter_means_no_wait():
    assert wait_seconds(None, T0) == 0


# A failure sequence: bursts of failures (scripts, racing requests) a fixed gap apart.
BURSTS = st.lists(st.tuples(st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=3600)),
                  min_size=1, max_size=8)


@given(BURSTS, st.integers(min_value=0, max_value=120))
def test_the_per_login_wait_never_exceeds_a_minute_whatever_the_failures(bursts, probe):
    counter, now = None, T0
    for repeat, gap in bursts:
        for _ in range(repeat):
            now += timedelta(seconds=gap)
            counter = after_failure(counter, now, per_address=False)
            assert wait_seconds(counter, now) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=probe)) <= 60
    assert wait_seconds(counter, now + timedelta(seconds=60)) == 0
