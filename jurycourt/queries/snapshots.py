"""Snapshots of program-wide aggregates: computed once, reused for a while, refreshed in the background.

The impact figures and the hours given per month read a program's whole history (a million ledger
entries take seconds to add up). Computing them on every request would make those pages as slow as
the history is long, so each worker process keeps the latest result per key and:

- serves it while it is younger than ``max_age`` seconds (the ``summary_max_age`` setting);
- once older, still serves it, and recomputes it in a background task (one at a time per key), so
  no visitor waits for the sum (stale-while-revalidate);
- computes in the request only when it has none yet, once however many requests ask at the same
  moment (they all wait for that one computation: a cold worker under load would otherwise sum
  the history once per waiting visitor).

``max_age`` 0 turns the cache off (tests: every request sees what was just written). Every result
carries the time it was computed, which pages show ("figures as of …"), and a fingerprint of its
value, which public pages use as their ETag. Only aggregates that are already safe to show go in.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from jurycourt import clock

log = logging.getLogger("jurycourt.snapshots")

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    value: T
    computed_at: datetime  # UTC, to the second: the figures are as of then
    fingerprint: str  # changes when the value does
    monotonic: float  # when it was computed, by this process's clock
    changed_at: datetime  # when this process first computed this value (Last-Modified)


def fingerprint(value: object) -> str:
    """A digest of ``value``'s repr: equal values give the same ETag in every worker process."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


class Snapshots:
    """The latest snapshot per key, at most ``size`` keys (least recently used dropped first)."""

    def __init__(self, max_age: float, size: int = 64) -> None:
        self.max_age, self.size = max_age, size
        self._items: OrderedDict[Hashable, Snapshot] = OrderedDict()
        self._refreshing: dict[Hashable, asyncio.Task] = {}
        self._first: dict[Hashable, asyncio.Task] = {}  # computations of keys none is kept for yet

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        """The snapshot for ``key``: the kept one (refreshed behind the scenes once stale), else a new one."""
        if self.max_age <= 0:
            return await self._compute(key, compute)
        kept = self._items.get(key)
        if kept is None:
            return await self._first_of(key, compute)
        self._items.move_to_end(key)
        if time.monotonic() - kept.monotonic >= self.max_age and key not in self._refreshing:
            task = asyncio.create_task(self._refresh(key, compute))
            self._refreshing[key] = task
        return kept

    async def _first_of(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        """The first snapshot of ``key``, computed once for every request waiting for it (a request
        that goes away does not stop the computation the others wait for)."""
        task = self._first.get(key)
        if task is None:
            task = self._first[key] = asyncio.ensure_future(self._compute(key, compute))
            task.add_done_callback(lambda _: self._first.pop(key, None))
        return await asyncio.shield(task)

    async def _compute(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        started = time.monotonic()
        value = await compute()
        now, digest = clock.now().replace(microsecond=0), fingerprint(value)
        kept = self._items.get(key)
        changed_at = kept.changed_at if kept is not None and kept.fingerprint == digest else now
        snapshot = Snapshot(value, now, digest, started, changed_at)
        self._items[key] = snapshot
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return snapshot

    async def _refresh(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> None:
        try:
            await self._compute(key, compute)
        except Exception:  # the kept snapshot stays; the next request past max_age tries again
            log.exception("refreshing a snapshot failed; the previous one is still served")
        finally:
            self._refreshing.pop(key, None)

    async def close(self) -> None:
        """Cancel refreshes still running (the server is stopping)."""
        tasks = [*self._refreshing.values(), *self._first.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._refreshing.clear()
        self._first.clear()
