"""The log of every view of a case (confidential records are read on the record).

A view is committed before the page that shows the case is sent. Committing is a durable write
(on SQLite a sync of the file, most of what a jury room page cost), so views are committed
together: the rows of every request that arrives while one commit is under way go into the next
one, and each request waits for the commit that holds its own row (group commit). One juror pays
one commit as before; a room full of jurors refreshing at once shares a few.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from jurycourt.models import CaseView


@dataclass
class _Queue:
    """The views waiting for the next commit in one event loop, and the task committing them."""

    waiting: list[tuple[CaseView, asyncio.Future]] = field(default_factory=list)
    writer: asyncio.Task | None = None


_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = weakref.WeakKeyDictionary()


async def log_view(case_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the case (page, brief, own, letter…); returns once
    the note is committed, and raises what committing it raised."""
    view = CaseView(case_id=case_id, viewer_id=viewer_id, what=what[:40], at=datetime.now(UTC))
    if isinstance(connections.get("default"), TransactionalDBClient):
        await view.save()  # inside a transaction: it commits (or not) with the rest
        return
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = _Queue()
    done = loop.create_future()
    queue.waiting.append((view, done))
    if queue.writer is None or queue.writer.done():
        queue.writer = loop.create_task(_commit_waiting(queue))
    await done  # a request that goes away meanwhile still leaves its view in the batch


async def _commit_waiting(queue: _Queue) -> None:
    """Commit the waiting views, in order, until none are left. Each waiter learns how its own row
    fared: when a batch cannot be written (e.g. one row's case was deleted meanwhile) its rows are
    tried one at a time, so one bad row fails alone."""
    while queue.waiting:
        batch, queue.waiting = queue.waiting, []
        if len(batch) > 1:
            try:
                await CaseView.bulk_create([view for view, _ in batch])
            except Exception:  # noqa: BLE001, S110 - nothing was written; each row is tried alone below
                pass
            else:
                for _, done in batch:
                    _settle(done)
                continue
        for view, done in batch:
            try:
                await view.save()
            except Exception as error:  # noqa: BLE001 - handed to the request that logged the view
                _settle(done, error)
            else:
                _settle(done)


def _settle(done: asyncio.Future, error: BaseException | None = None) -> None:
    if done.done():  # its request went away
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)
