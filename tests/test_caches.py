"""The caches. Snapshots of program-wide aggregates: reused while fresh, refreshed behind the scenes
once stale, never lost to a failed refresh, and off when max_age is 0."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.serving.caches import Snapshots, VersionCache


class Source:
    """An aggregate whose value the test changes, counting how often it is computed."""

    def __init__(self) -> None:
        self.value, self.calls, self.fail = 1, 0, False

    async def compute(self) -> int:
        self.calls += 1
        if self.fail:
            raise RuntimeError("the database went away")
        return self.value


class Clock:
    """The cache's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def step(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_with_max_age_zero_every_request_computes_afresh():
    cache, source = Snapshots(max_age=0), Source()
    assert (await cache.get("k", source.compute)).value == 1
    source.value = 2
    again = await cache.get("k", source.compute)
    assert again.value == 2 and source.calls == 2


async def test_the_last_change_is_when_the_value_first_appeared_not_when_it_was_last_computed():
    clock = Clock()
    cache, source = Snapshots(max_age=0, clock=clock), Source()
    first = await cache.get("k", source.compute)
    clock.step(1)
    again = await cache.get("k", source.compute)
    assert again.changed_at == first.changed_at and again.computed_at > first.computed_at
    source.value = 2
    clock.step(1)
    changed = await cache.get("k", source.compute)
    assert changed.changed_at > first.changed_at


async def test_a_fresh_snapshot_is_reused_without_computing_again():
    cache, source = Snapshots(max_age=3600), Source()
    first = await cache.get("k", source.compute)
    source.value = 2
    again = await cache.get("k", source.compute)
    assert again.value == 1 and again.fingerprint == first.fingerprint and source.calls == 1


async def test_a_stale_snapshot_is_served_then_refreshed_in_the_background():
    clock = Clock()
    cache, source = Snapshots(max_age=60, clock=clock), Source()
    await cache.get("k", source.compute)
    source.value = 2
    clock.step(61)
    served = await cache.get("k", source.compute)
    assert served.value == 1  # nobody waits for the sum
    await _settle()
    refreshed = await cache.get("k", source.compute)
    assert refreshed.value == 2 and refreshed.fingerprint != served.fingerprint and source.calls == 2


async def test_a_failed_refresh_keeps_the_last_snapshot():
    clock = Clock()
    cache, source = Snapshots(max_age=60, clock=clock), Source()
    await cache.get("k", source.compute)
    source.fail = True
    clock.step(61)
    assert (await cache.get("k", source.compute)).value == 1
    await _settle()
    assert (await cache.get("k", source.compute)).value == 1


async def test_a_first_computation_that_fails_reaches_the_caller():
    cache, source = Snapshots(max_age=60), Source()
    source.fail = True
    with pytest.raises(RuntimeError):
        await cache.get("k", source.compute)


async def test_keys_are_kept_apart_and_the_oldest_dropped_beyond_the_size():
    cache = Snapshots(max_age=3600, size=2)
    sources = [Source() for _ in range(3)]
    for n, source in enumerate(sources):
        source.value = n
        await cache.get(n, source.compute)
    assert (await cache.get(2, sources[2].compute)).value == 2 and sources[2].calls == 1
    await cache.get(0, sources[0].compute)
    assert sources[0].calls == 2  # dropped, so computed again


async def test_requests_arriving_before_the_first_snapshot_share_one_computation():
    cache, source = Snapshots(max_age=60), Source()
    gate = asyncio.Event()

    async def slow() -> int:
        await gate.wait()
        return await source.compute()

    waiting = [asyncio.create_task(cache.get("k", slow)) for _ in range(10)]
    await _settle()
    waiting[0].cancel()  # one visitor gives up: the others still get the figures
    gate.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert {r.value for r in results[1:]} == {1} and source.calls == 1


async def test_a_failed_first_computation_is_tried_again_by_the_next_request():
    cache, source = Snapshots(max_age=60), Source()
    source.fail = True
    with pytest.raises(RuntimeError):
        await cache.get("k", source.compute)
    source.fail = False
    assert (await cache.get("k", source.compute)).value == 1 and source.calls == 2


def test_the_version_cache_keeps_the_most_recently_used_up_to_its_size():
    cache = VersionCache(maxsize=2)
    cache[("a", 1)] = b"A"
    cache[("b", 1)] = b"B"
    assert cache.get(("a", 1)) == b"A"  # now the most recent
    cache[("c", 1)] = b"C"
    assert len(cache) == 2
    assert cache.get(("b", 1)) is None
    assert cache.get(("a", 1)) == b"A" and cache.get(("c", 1)) == b"C"
