"""The password-hashing gate: no more hashes at once than the memory budget allows; the rest wait their
turn or are turned away as busy (no database)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from jurycourt.auth import passwords
from jurycourt.auth.passwords import HASH_MEMORY_BUDGET, HashingBusy, hashes_at_once, make_hasher


def test_three_default_hashes_fit_the_200_mib_budget_and_four_would_not():
    memory = make_hasher("default").memory_cost * 1024
    assert hashes_at_once(memory // 1024) == 3
    assert 3 * memory <= HASH_MEMORY_BUDGET < 4 * memory


async def test_a_hash_beyond_the_limit_waits_for_a_free_turn_and_then_runs():
    hasher = make_hasher("cheapest")
    hasher.at_once = 1
    release, started = threading.Event(), threading.Event()

    def held() -> str:
        started.set()
        release.wait(30)
        return "first"

    first = asyncio.create_task(hasher.run(held))
    await asyncio.to_thread(started.wait, 30)
    second = asyncio.create_task(hasher.run(lambda: "second"))
    await asyncio.sleep(0)
    assert not second.done(), "a second hash ran while the only turn was taken"
    release.set()
    assert await first == "first" and await second == "second"


async def test_a_hash_that_cannot_get_a_turn_in_time_is_turned_away(monkeypatch):
    monkeypatch.setattr(passwords, "BUSY_WAIT_SECONDS", 0)
    hasher = make_hasher("cheapest")
    hasher.at_once = 1
    release, started = threading.Event(), threading.Event()

    def held() -> None:
        started.set()
        release.wait(30)

    first = asyncio.create_task(hasher.run(held))
    await asyncio.to_thread(started.wait, 30)
    with pytest.raises(HashingBusy):
        await passwords.verify_password(hasher, hasher.hash("x"), "x")
    release.set()
    await first
    assert await passwords.verify_password(hasher, hasher.hash("x"), "x"), "the gate did not open again"
