"""Sign-in throttling kept in the database, so every worker process agrees."""

from __future__ import annotations

from datetime import datetime

from jurycourt.domain import throttle
from jurycourt.models import LoginThrottle


def keys_for(login: str, address: str) -> tuple[str, str]:
    return f"login:{login}"[:200], f"addr:{address}"[:200]


async def _counter(key: str) -> throttle.Counter | None:
    row = await LoginThrottle.get_or_none(key=key)
    if row is None:
        return None
    return throttle.Counter(row.failures, row.window_start, row.blocked_until)


async def wait_seconds(login: str, address: str, now: datetime) -> int:
    """Seconds until this login from this address may try again (0: now)."""
    login_key, addr_key = keys_for(login, address)
    return max(
        throttle.wait_seconds(await _counter(login_key), now),
        throttle.wait_seconds(await _counter(addr_key), now),
    )


async def record_failure(login: str, address: str, now: datetime) -> None:
    for key, per_address in zip(keys_for(login, address), (False, True), strict=True):
        counter = throttle.after_failure(await _counter(key), now, per_address)
        await LoginThrottle.update_or_create(
            key=key,
            defaults={
                "failures": counter.failures,
                "window_start": counter.window_start,
                "blocked_until": counter.blocked_until,
            },
        )


async def record_success(login: str) -> None:
    await LoginThrottle.filter(key=keys_for(login, "")[0]).delete()
