"""The log of every view of a case (confidential records are read on the record).

A view is committed before the page that shows the case is sent. Committing is a durable write
(on SQLite a sync of the file) and, through the ORM, several trips to the database's thread: it
was most of what a jury room page cost. So views are committed together: the views of every
request that arrives while one commit is under way go into the next one, a single INSERT, and
each request waits for the commit that holds its own view (group commit). One juror pays one
commit, as before; a room full of jurors loading the page at once shares a few.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from datetime import datetime

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from jurycourt import clock
from jurycourt.db import fetch_rows
from jurycourt.models import CaseView

#: A view as the log's columns take it: case id, viewer's person id, when (UTC), what was seen.
Row = tuple[int, int | None, datetime, str]


@dataclass
class _Queue:
    """The views waiting for the next commit in one event loop, and the task committing them."""

    waiting: list[tuple[Row, asyncio.Future]] = field(default_factory=list)
    writer: asyncio.Task | None = None


_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = weakref.WeakKeyDictionary()


async def log_view(case_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the case (page, brief, own, letter…); returns once
    the note is committed, and raises what committing it raised."""
    row = (case_id, viewer_id, clock.now(), what[:40])
    if isinstance(connections.get("default"), TransactionalDBClient):
        # inside a transaction: the view is committed (or rolled back) with the rest of it
        await CaseView.create(case_id=row[0], viewer_id=row[1], at=row[2], what=row[3])
        return
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = _Queue()
    done = loop.create_future()
    queue.waiting.append((row, done))
    if queue.writer is None or queue.writer.done():
        queue.writer = loop.create_task(_commit_waiting(queue))
    await done  # a request that goes away meanwhile still leaves its view in the batch


async def _commit_waiting(queue: _Queue) -> None:
    """Commit the waiting views, in order, until none are left. Each waiter learns how its own view
    fared: when a batch cannot be written (e.g. one view's case was deleted meanwhile) nothing of
    it is, and its views are tried one at a time, so one bad view fails alone."""
    while queue.waiting:
        batch, queue.waiting = queue.waiting, []
        error = await _written([row for row, _ in batch])
        if error is not None and len(batch) > 1:
            for row, done in batch:
                _settle(done, await _written([row]))
        else:
            for _, done in batch:
                _settle(done, error)


async def _written(rows: list[Row]) -> Exception | None:
    """Write ``rows`` in one INSERT (a single statement: all of them, or none); what failed, if it did."""
    sql = "INSERT INTO case_view (case_id, viewer_id, at, what) VALUES " + ", ".join(["(?, ?, ?, ?)"] * len(rows))  # noqa: S608 - only placeholders are added
    try:
        await fetch_rows(sql, [value for row in rows for value in row])
    except Exception as error:  # noqa: BLE001 - handed to the request that logged the view
        return error
    return None


def _settle(done: asyncio.Future, error: BaseException | None = None) -> None:
    if done.done():  # its request went away
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)
