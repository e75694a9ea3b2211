"""The draw worker: a separate process (`jurycourt draw-worker DRAW_ID`) that runs one queued draw.

The web server only queues a Draw row and starts this process; the solver never runs on the event loop.
Inside the worker the library runs in a thread while the event loop writes its latest progress to the
database (at once, then at most every half second, and its last report before the result), so any page
(and any server worker) can follow it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

from jurycourt.actions import citizens_draws
from jurycourt.i18n import N_
from jurycourt.sortition.software import library_versions

log = logging.getLogger("jurycourt.draws")
FLUSH_SECONDS = 0.5


def spawn(database_url: str, draw_id: int) -> subprocess.Popen:
    """Start the worker process for a queued draw. PYTHONHASHSEED is fixed so every run of the same
    inputs and seed iterates sets in the same order, and so gives the same panel."""
    env = {**os.environ, "JURYCOURT_DATABASE_URL": database_url, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module, an integer argument
        [sys.executable, "-m", "jurycourt", "draw-worker", str(int(draw_id))],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True,
    )


class _Progress:
    """The newest progress the library reported (from its thread), written to the draw by the event loop.

    The first report is written at once and the following ones at most every ``FLUSH_SECONDS``; the last
    one is written when the run ends, before its result, so even a run quicker than a flush leaves its
    progress in the database while it is still running.
    """

    def __init__(self, draw_id: int) -> None:
        self.draw_id = draw_id
        self.value: tuple[int, str] | None = None  # a tuple swap is atomic: the library's thread sets it
        self.written: tuple[int, str] | None = None
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()

    def __call__(self, percent: int, message: str) -> None:
        self.value = (percent, message)
        if not self._changed.is_set():  # wake the writer once, not at every report
            self._loop.call_soon_threadsafe(self._changed.set)

    async def _write(self) -> None:
        value = self.value
        if value is not None and value != self.written:
            await citizens_draws.report_progress(self.draw_id, *value)
            self.written = value

    async def run(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            await self._write()
            await asyncio.sleep(FLUSH_SECONDS)

    async def close(self, writer: asyncio.Task, *, last: bool = True) -> None:
        """Stop writing as the run ends, then (``last``) write its last report if it is not stored yet."""
        writer.cancel()
        await asyncio.gather(writer, return_exceptions=True)  # its cancellation, not ours, is swallowed
        if last:
            await self._write()


async def work(draw_id: int) -> bool:
    """Run one queued draw to the end: done with its result, or failed with the library's diagnosis."""
    from jurycourt.sortition import draw as sortition_draw  # the heavy library loads only in the worker

    draw = await citizens_draws.claim(draw_id)
    if draw is None:
        return False
    if draw.purpose == "draw" and draw.inputs.get("software") != library_versions():
        # The commitment promised a draw with the software it names; another version may draw another panel.
        await citizens_draws.fail(draw_id, "The selection software changed since the commitment was published. "
                                  "Reopen recruitment and publish the commitment again.")
        return False
    progress = _Progress(draw_id)
    writer = asyncio.create_task(progress.run())
    try:
        if draw.purpose == "check":
            result = await asyncio.to_thread(sortition_draw.check_feasible, draw.inputs, progress)
        else:
            result = await asyncio.to_thread(sortition_draw.run_draw, draw.inputs, int(draw.seed), progress)
    except sortition_draw.Infeasible as infeasible:
        await progress.close(writer)
        await citizens_draws.fail(draw_id, N_("The quotas cannot be met with this pool."), infeasible.lines)
        return False
    except Exception:  # a library or solver crash must not leave the draw "running"
        log.exception("draw %s crashed", draw_id)
        await progress.close(writer, last=False)
        await citizens_draws.fail(draw_id, N_("The draw stopped with an error. Run it again."))
        return False
    await progress.close(writer)
    return await citizens_draws.finish(draw_id, result)
