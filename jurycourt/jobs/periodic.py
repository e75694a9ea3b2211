"""A round of work every interval while the server runs: the one loop behind the housekeeping, the
outbox and the maintenance switch's watch.

``async with periodic("housekeeping", 3600, round, log=log) as job:`` runs ``round(now)`` in the
background, ``now`` read from the program clock (``jurycourt.clock``, which tests fix), first at
once (or after one interval with ``first_now=False``), then every ``interval`` seconds. A round that
fails is logged by the name of its error only (once per run of failures, so an outage does not fill
the log; ``detail=True`` logs every failure with its traceback) and the next one tries again. Leaving the
block lets a round in hand finish within ``grace`` seconds (the outbox marks the message it is
sending), then cancels it.

Tests never wait for the interval: ``job.wake()`` starts the next round now, and
``await job.rounds_done(n)`` returns once ``n`` rounds have run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

from jurycourt import clock

Round = Callable[[datetime], Awaitable[object]]


class Periodic:
    """One background job: its rounds, its wake-up and stop signals, and how many rounds it ran."""

    def __init__(self, name: str, interval: float, round: Round, *, log: logging.Logger,
                 first_now: bool = True, detail: bool = False) -> None:
        self.name, self.interval, self.round, self.log, self.first_now = name, interval, round, log, first_now
        self.detail = detail
        self.rounds = 0
        self.stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._ran = asyncio.Condition()

    def stopping(self) -> bool:
        """Whether the server is shutting down (a long round ends after the item in hand)."""
        return self.stop.is_set()

    def wake(self) -> None:
        """Run the next round now rather than after the interval."""
        self._wake.set()

    async def rounds_done(self, count: int) -> int:
        """Wait until at least ``count`` rounds have run (failed ones too); how many have."""
        async with self._ran:
            await self._ran.wait_for(lambda: self.rounds >= count)
        return self.rounds

    async def _wait(self) -> None:
        waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(self.stop.wait())]
        try:
            await asyncio.wait(waits, timeout=self.interval, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
        self._wake.clear()

    async def run(self) -> None:
        failing = False
        if not self.first_now:
            await self._wait()
        while not self.stop.is_set():
            try:
                await self.round(clock.now())
                failing = False
            except Exception as problem:  # noqa: BLE001 - the database or mail server away for a while: try again
                if self.detail:
                    self.log.exception("%s round failed", self.name)
                elif not failing:
                    self.log.warning("%s round failed: %s", self.name, type(problem).__name__)
                failing = True
            async with self._ran:
                self.rounds += 1
                self._ran.notify_all()
            await self._wait()


@contextlib.asynccontextmanager
async def periodic(name: str, interval: float, round: Round, *, log: logging.Logger, first_now: bool = True,
                   grace: float = 0, detail: bool = False) -> AsyncIterator[Periodic]:
    """Run ``round`` every ``interval`` seconds for the duration of the block (see the module)."""
    job = Periodic(name, interval, round, log=log, first_now=first_now, detail=detail)
    task = asyncio.create_task(job.run(), name=f"jurycourt-{name}")
    try:
        yield job
    finally:
        job.stop.set()
        if grace > 0:
            await asyncio.wait([task], timeout=grace)
        if not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
