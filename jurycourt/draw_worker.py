"""The draw worker: a separate process (`jurycourt draw-worker DRAW_ID`) that runs one queued draw.

The web server only queues a Draw row and starts this process; the solver never runs on the event loop.
Inside the worker the library runs in a thread while the event loop writes its latest progress to the
database every half second, so any page (and any server worker) can follow it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

from jurycourt.actions import citizens_draws
from jurycourt.draw_software import library_versions

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


class _Latest:
    """The newest progress the library reported, read by the event loop (a tuple swap is atomic)."""

    def __init__(self) -> None:
        self.value: tuple[int, str] | None = None

    def __call__(self, percent: int, message: str) -> None:
        self.value = (percent, message)


async def _flush(draw_id: int, latest: _Latest) -> None:
    written = None
    while True:
        await asyncio.sleep(FLUSH_SECONDS)
        if latest.value is not None and latest.value != written:
            written = latest.value
            await citizens_draws.report_progress(draw_id, *written)


async def work(draw_id: int) -> bool:
    """Run one queued draw to the end: done with its result, or failed with the library's diagnosis."""
    from jurycourt import sortition_draw  # the heavy library loads only in the worker

    draw = await citizens_draws.claim(draw_id)
    if draw is None:
        return False
    if draw.purpose == "draw" and draw.inputs.get("software") != library_versions():
        # The commitment promised a draw with the software it names; another version may draw another panel.
        await citizens_draws.fail(draw_id, "The selection software changed since the commitment was published. "
                                  "Reopen recruitment and publish the commitment again.")
        return False
    latest = _Latest()
    flusher = asyncio.create_task(_flush(draw_id, latest))
    try:
        if draw.purpose == "check":
            result = await asyncio.to_thread(sortition_draw.check_feasible, draw.inputs, latest)
        else:
            result = await asyncio.to_thread(sortition_draw.run_draw, draw.inputs, int(draw.seed), latest)
    except sortition_draw.Infeasible as infeasible:
        await citizens_draws.fail(draw_id, "The quotas cannot be met with this pool.", infeasible.lines)
        return False
    except Exception as exc:  # a library or solver crash must not leave the draw "running"
        log.exception("draw %s crashed", draw_id)
        await citizens_draws.fail(draw_id, f"The draw stopped with an error ({type(exc).__name__}). Run it again.")
        return False
    finally:
        flusher.cancel()
    return await citizens_draws.finish(draw_id, result)
