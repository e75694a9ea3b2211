"""The program's clock: the one place jurycourt reads the current time.

Code asks ``clock.now()`` for the instant (aware, UTC) and ``clock.today(zone)`` for the program's
day: the date in the program's time zone (the site's zone, ``JURYCOURT_TIME_ZONE``, when no program
is at hand). Nothing else reads the wall clock (``tests/test_clock.py`` fails when something does);
``domain/`` rules take ``today`` or ``now`` as arguments.

Tests replace the clock in-process with ``clock.use(FixedClock(...))``. A server running in another
process (the browser tests') takes the test-only setting ``JURYCOURT_TEST_CLOCK_FILE``: a file
holding an ISO instant that is the server's now, re-read at every reading, so a test fixes or steps
the server's time by writing it (empty or missing: the real clock). Production refuses the setting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from jurycourt.settings import Settings


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...


class WallClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still at ``at`` until the test moves it (``set``, ``advance``)."""

    def __init__(self, at: datetime) -> None:
        self.at = _aware(at)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = _aware(at)

    def advance(self, seconds: float = 0.0, **parts: float) -> datetime:
        """Step the clock forward (``advance(60)``, ``advance(days=1)``); the new instant."""
        self.at += timedelta(seconds=seconds, **parts)
        return self.at


class FileClock:
    """A test server's clock: the instant written in ``path``, or the machine's when there is none."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def now(self) -> datetime:
        try:
            text = self.path.read_text().strip()
        except FileNotFoundError:
            text = ""
        return _aware(datetime.fromisoformat(text)) if text else datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


_clock: Clock = WallClock()
_site_zone = ZoneInfo(Settings.time_zone)


def now() -> datetime:
    """The program's now: an aware instant in UTC."""
    return _clock.now()


def today(zone: str | ZoneInfo | None = None) -> date:
    """The program's today: the date in ``zone`` (a program's time zone), the site's zone by default."""
    if zone is None:
        tz = _site_zone
    else:
        tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    return _clock.now().astimezone(tz).date()


def current() -> Clock:
    return _clock


def configure(settings: Settings) -> None:
    """Take the site's time zone, and a test server's clock file, from the settings."""
    global _clock, _site_zone
    _site_zone = ZoneInfo(settings.time_zone)
    if settings.test_clock_file:
        _clock = FileClock(settings.test_clock_file)


@contextlib.contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """Run the block on ``clock`` (tests), then go back to the clock before."""
    global _clock
    before, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = before
