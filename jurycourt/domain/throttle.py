"""Sign-in throttling: slow down guessing without letting an attacker lock a real user out.

Two counters: one per login name and one per client address. The per-login counter only
ever delays for up to a minute (so someone hammering a victim's login from elsewhere keeps
them out for at most a minute at a time); the per-address counter blocks one address for
longer. Both windows restart after a quiet period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
LOGIN_FREE_FAILURES = 5
LOGIN_MAX_DELAY = timedelta(seconds=60)
ADDRESS_FREE_FAILURES = 30
ADDRESS_BLOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class Counter:
    failures: int
    window_start: datetime
    blocked_until: datetime | None


def after_failure(counter: Counter | None, now: datetime, per_address: bool) -> Counter:
    """The counter after one more failed sign-in at ``now``."""
    if counter is None or now - counter.window_start > WINDOW:
        counter = Counter(0, now, None)
    failures = counter.failures + 1
    blocked_until = None
    if per_address and failures >= ADDRESS_FREE_FAILURES:
        blocked_until = now + ADDRESS_BLOCK
    elif not per_address and failures >= LOGIN_FREE_FAILURES:
        # Capping the exponent keeps timedelta from overflowing when racing requests
        # pile up failures; 2**10 s is already far beyond the cap.
        delay = timedelta(seconds=2 ** min(failures - LOGIN_FREE_FAILURES, 10))
        blocked_until = now + min(delay, LOGIN_MAX_DELAY)
    return Counter(failures, counter.window_start, blocked_until)


def wait_seconds(counter: Counter | None, now: datetime) -> int:
    """How long before another attempt is heard (0: go ahead)."""
    if counter is None or counter.blocked_until is None or counter.blocked_until <= now:
        return 0
    return max(1, int((counter.blocked_until - now).total_seconds() + 0.999))
