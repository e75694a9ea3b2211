"""Throttles kept in the database, so every worker process agrees, and atomic, so racing requests
each count: an attempt is claimed (counted and decided in one transaction, its rows locked) before
it is heard. Counters live in the ``throttle`` table, one row per key."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt.domain import throttle
from jurycourt.domain.throttle import Rule
from jurycourt.models import Throttle

KEY_LENGTH = 200


def key(kind: str, value: str) -> str:
    return f"{kind}:{value}"[:KEY_LENGTH]


def sign_in_keys(login: str, address: str) -> list[tuple[str, Rule]]:
    """The counters of a sign-in attempt (a password or a two-step code): its login and its address."""
    return [(key("signin-login", login), throttle.SIGN_IN_LOGIN),
            (key("signin-address", address), throttle.SIGN_IN_ADDRESS)]


def _counter(row: Throttle | None) -> throttle.Counter | None:
    return None if row is None else throttle.Counter(row.attempts, row.window_start, row.blocked_until)


async def claim(counters: list[tuple[str, Rule]], now: datetime) -> int:
    """Count one attempt against every counter, or against none when one of them makes it wait.

    Returns the seconds to wait (0: the attempt may be heard). The rows are created if missing and
    locked in key order (no deadlock between two claims), so parallel claims queue on them.
    """
    rules = dict(sorted(counters))
    async with in_transaction() as connection:
        await Throttle.bulk_create([Throttle(key=k, attempts=0, window_start=now) for k in rules],
                                   ignore_conflicts=True, using_db=connection)
        rows = {row.key: row for row in await Throttle.filter(key__in=list(rules)).order_by("key")
                .select_for_update().using_db(connection)}
        after = {}
        for name, rule in rules.items():
            counter, wait = throttle.claim(_counter(rows.get(name)), now, rule)
            if wait:
                return wait
            after[name] = counter
        for name, counter in after.items():
            await Throttle.filter(key=name).using_db(connection).update(
                attempts=counter.attempts, window_start=counter.window_start, blocked_until=counter.blocked_until)
    return 0


async def refund(counters: list[tuple[str, Rule]]) -> None:
    """Give a heard attempt back (it went well): it no longer counts against these counters."""
    rules = dict(sorted(counters))
    async with in_transaction() as connection:
        rows = await Throttle.filter(key__in=list(rules)).order_by("key").select_for_update().using_db(connection)
        for row in rows:
            counter = throttle.refund(_counter(row), rules[row.key])
            await Throttle.filter(key=row.key).using_db(connection).update(
                attempts=counter.attempts, blocked_until=counter.blocked_until)


async def clear(counter_key: str) -> None:
    """Forget a counter (a login that signed in: its earlier failures no longer count)."""
    await Throttle.filter(key=counter_key).delete()
