"""Throttles: slow down guessing and flooding without letting an attacker lock a real user out.

An attempt is counted *before* it is heard (the password checked, the form taken), and counting
and deciding are one step, so racing requests each take their own place in the count: of N
parallel attempts exactly the allowed number are heard. A refused attempt is not counted.

Each counter follows a ``Rule``: so many attempts heard per window, then a wait after each further
one. Sign-in has two counters: one per login name, which only ever delays for up to a minute (so
someone hammering a victim's login from elsewhere keeps them out for at most a minute at a time),
and one per client address, which blocks one address for longer. A successful sign-in clears its
login's counter and gives its address its attempt back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from jurycourt.i18n import ngettext

WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Rule:
    """How many attempts a counter hears per window before each further one must wait."""

    free: int
    waits: tuple[timedelta, ...]  # after attempt ``free``, ``free + 1``, …; the last one repeats
    window: timedelta = WINDOW  # a count older than this starts again (once no wait is running)

    def wait_after(self, attempts: int) -> timedelta | None:
        if attempts < self.free:
            return None
        return self.waits[min(attempts - self.free, len(self.waits) - 1)]


#: Per login name: five tries, then 1, 2, 4 … seconds between tries, never more than a minute.
SIGN_IN_LOGIN = Rule(5, tuple(timedelta(seconds=s) for s in (1, 2, 4, 8, 16, 32, 60)))
#: Per client address, for signing in (passwords and two-step codes) and for using links.
SIGN_IN_ADDRESS = Rule(30, (timedelta(minutes=15),))
#: Per client address, for each public form (the citizens' panel volunteer form): 30 in a window.
PUBLIC_FORM = Rule(30, (timedelta(minutes=15),))

LOGIN_FREE_FAILURES = SIGN_IN_LOGIN.free
LOGIN_MAX_DELAY = max(SIGN_IN_LOGIN.waits)
ADDRESS_FREE_FAILURES = SIGN_IN_ADDRESS.free
ADDRESS_BLOCK = SIGN_IN_ADDRESS.waits[-1]


@dataclass(frozen=True)
class Counter:
    attempts: int
    window_start: datetime
    blocked_until: datetime | None


def wait_seconds(counter: Counter | None, now: datetime) -> int:
    """How long before another attempt is heard (0: go ahead)."""
    if counter is None or counter.blocked_until is None or counter.blocked_until <= now:
        return 0
    return max(1, int((counter.blocked_until - now).total_seconds() + 0.999))


def claim(counter: Counter | None, now: datetime, rule: Rule) -> tuple[Counter | None, int]:
    """One more attempt at ``now``: the counter after it, and 0 when it is heard, else the seconds
    to wait (the counter then unchanged: a refused attempt is not counted)."""
    wait = wait_seconds(counter, now)
    if wait:
        return counter, wait
    if counter is None or now - counter.window_start >= rule.window:
        counter = Counter(0, now, None)
    attempts = counter.attempts + 1
    delay = rule.wait_after(attempts)
    return Counter(attempts, counter.window_start, now + delay if delay else None), 0


def refund(counter: Counter | None, rule: Rule) -> Counter | None:
    """The counter once a heard attempt turned out well (it no longer counts)."""
    if counter is None or counter.attempts == 0:
        return counter
    attempts = counter.attempts - 1
    blocked_until = counter.blocked_until if rule.wait_after(attempts) else None
    return Counter(attempts, counter.window_start, blocked_until)


def wait_message(wait: int) -> str:
    """What a refused attempt is told."""
    return ngettext("Too many attempts. Try again in %(num)d second.",
                    "Too many attempts. Try again in %(num)d seconds.", wait) % {"num": wait}
