"""The periodic job behind the housekeeping, the outbox and the maintenance watch: rounds on time
(woken here rather than waited for), handed the program clock's now, failures logged and retried."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from jurycourt.jobs.periodic import periodic

log = logging.getLogger("jurycourt.test-periodic")
AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def test_rounds_run_at_start_then_when_woken_with_the_programs_now(fixed_clock):
    fixed_clock.set(AT)
    seen: list[datetime] = []

    async def round(now: datetime) -> None:
        seen.append(now)

    async with periodic("test", 3600, round, log=log) as job:
        await asyncio.wait_for(job.rounds_done(1), 30)
        fixed_clock.advance(3600)
        job.wake()
        await asyncio.wait_for(job.rounds_done(2), 30)
    assert seen == [AT, datetime(2026, 3, 2, 13, 0, tzinfo=UTC)]


async def test_first_now_off_waits_for_the_interval(fixed_clock):
    seen: list[datetime] = []

    async def round(now: datetime) -> None:
        seen.append(now)

    async with periodic("test", 3600, round, log=log, first_now=False) as job:
        await asyncio.sleep(0)  # the job has started and is waiting
        assert job.rounds == 0
        job.wake()
        await asyncio.wait_for(job.rounds_done(1), 30)
    assert len(seen) == 1


async def test_a_failing_round_is_logged_once_per_outage_and_tried_again(caplog):
    answers = iter([OSError("away"), OSError("still away"), None, OSError("away again")])

    async def round(now: datetime) -> None:
        problem = next(answers)
        if problem is not None:
            raise problem

    with caplog.at_level(logging.WARNING, logger=log.name):
        async with periodic("test", 3600, round, log=log) as job:
            for n in range(2, 5):
                await asyncio.wait_for(job.rounds_done(n - 1), 30)
                job.wake()
            await asyncio.wait_for(job.rounds_done(4), 30)
    failures = [r.getMessage() for r in caplog.records if r.name == log.name]
    assert failures == ["test round failed: OSError", "test round failed: OSError"]
    assert "away" not in " ".join(failures)  # the error's text may carry data: only its kind is logged


async def test_leaving_lets_the_round_in_hand_finish_within_the_grace():
    started, finished = asyncio.Event(), []

    async def round(now: datetime) -> None:
        started.set()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        finished.append(now)

    async with periodic("test", 3600, round, log=log, grace=30):
        await asyncio.wait_for(started.wait(), 30)
    assert len(finished) == 1
