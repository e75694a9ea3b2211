"""Throttling public forms (the citizens' panel volunteer form) per client address, kept in the database.

Each submission counts like a failed sign-in from that address (``domain.throttle``): after 30 in a quarter
of an hour the address waits a quarter of an hour.
"""

from __future__ import annotations

from datetime import datetime

from jurycourt.domain import throttle
from jurycourt.models import LoginThrottle


def _key(form: str, address: str) -> str:
    return f"form:{form}:{address}"[:200]


async def wait_seconds(form: str, address: str, now: datetime) -> int:
    """Seconds before this address may send this form again (0: now)."""
    row = await LoginThrottle.get_or_none(key=_key(form, address))
    counter = throttle.Counter(row.failures, row.window_start, row.blocked_until) if row else None
    return throttle.wait_seconds(counter, now)


async def count_submission(form: str, address: str, now: datetime) -> None:
    row = await LoginThrottle.get_or_none(key=_key(form, address))
    before = throttle.Counter(row.failures, row.window_start, row.blocked_until) if row else None
    counter = throttle.after_failure(before, now, per_address=True)
    await LoginThrottle.update_or_create(key=_key(form, address), defaults={
        "failures": counter.failures, "window_start": counter.window_start, "blocked_until": counter.blocked_until})
