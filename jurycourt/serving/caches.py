"""The caches: content that is the same for every viewer allowed to see it, kept by version.

One cache type, cachetools' ``LRUCache`` (``VersionCache``): a key names a version of what is
kept (a published report's PDF, a public page's rendered blocks at one version of the public
site, a feed), so what is found under it is never out of date, and the least recently used keys
are dropped beyond the size. Nothing kept here belongs to one viewer: no page, fragment or read
of anything confidential (a jury room, a case) is cached, whatever its key.

``Snapshots`` keeps program-wide aggregates that are not versioned (the impact figures, the hours
given per month: a million ledger entries take seconds to add up), stale-while-revalidate:

- it serves the latest result per key while it is younger than ``max_age`` seconds (the
  ``summary_max_age`` setting);
- once older, still serves it, and recomputes it in a background task (one at a time per key), so
  no visitor waits for the sum;
- computes in the request only when it has none yet, once however many requests ask at the same
  moment (they all wait for that one computation: a cold worker under load would otherwise sum
  the history once per waiting visitor).

``max_age`` 0 turns it off (tests: every request sees what was just written). Every result carries
the time it was computed, which pages show ("figures as of …"), and a fingerprint of its value,
which public pages use as their ETag. Its clock is injected (``clock``: the current UTC time).
Only aggregates that are already safe to show go in.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from cachetools import LRUCache

from jurycourt import clock

log = logging.getLogger("jurycourt.snapshots")

T = TypeVar("T")

#: The one cache type: least recently used dropped beyond ``maxsize`` keys.
VersionCache = LRUCache


def utc_now() -> datetime:
    return clock.now()


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    value: T
    computed_at: datetime  # UTC, to the second: the figures are as of then
    fingerprint: str  # changes when the value does
    taken: datetime  # when its computation began, by the cache's clock (its age)
    changed_at: datetime  # when this process first computed this value (Last-Modified)


def fingerprint(value: object) -> str:
    """A digest of ``value``'s repr: equal values give the same ETag in every worker process."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


class Snapshots:
    """The latest snapshot per key, at most ``size`` keys (least recently used dropped first)."""

    def __init__(self, max_age: float, size: int = 64, clock: Callable[[], datetime] = utc_now) -> None:
        self.max_age, self.clock = max_age, clock
        self.items: VersionCache = VersionCache(maxsize=size)
        self.refreshing: dict[Hashable, asyncio.Task] = {}
        self.first: dict[Hashable, asyncio.Task] = {}  # computations of keys none is kept for yet

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        """The snapshot for ``key``: the one kept (refreshed behind the scenes once stale), else a new one."""
        if self.max_age <= 0:
            return await self._compute(key, compute)
        snapshot = self.items.get(key)
        if snapshot is None:
            return await self._first_of(key, compute)
        stale = (self.clock() - snapshot.taken).total_seconds() >= self.max_age
        if stale and key not in self.refreshing:
            self.refreshing[key] = asyncio.create_task(self._refresh(key, compute))
        return snapshot

    async def _first_of(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        """The first snapshot of ``key``, computed once for every request waiting for it (a request
        that goes away does not stop the computation the others wait for)."""
        task = self.first.get(key)
        if task is None:
            task = self.first[key] = asyncio.ensure_future(self._compute(key, compute))
            task.add_done_callback(lambda _: self.first.pop(key, None))
        return await asyncio.shield(task)

    async def _compute(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        taken = self.clock()
        value = await compute()
        now, digest = self.clock().replace(microsecond=0), fingerprint(value)
        snapshot = self.items.get(key)
        changed_at = snapshot.changed_at if snapshot is not None and snapshot.fingerprint == digest else now
        snapshot = Snapshot(value, now, digest, taken, changed_at)
        self.items[key] = snapshot
        return snapshot

    async def _refresh(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> None:
        try:
            await self._compute(key, compute)
        except Exception:  # the snapshot snapshot stays; the next request past max_age tries again
            log.exception("refreshing a snapshot failed; the previous one is still served")
        finally:
            self.refreshing.pop(key, None)

    async def close(self) -> None:
        """Cancel refreshes still running (the server is stopping)."""
        tasks = [*self.refreshing.values(), *self.first.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.refreshing.clear()
        self.first.clear()
