"""Making erased data leave the database's files, not only its tables.

An UPDATE or DELETE that erases personal data (sealing a case, a volunteer's erasure, a withdrawn
publication leaving the search index) removes it from what queries see, but the bytes can stay on
disk: on SQLite in the write-ahead log until a checkpoint copies the pages back (``secure_delete``
then leaves zeros where the text was); on PostgreSQL in the dead row versions of the table's heap
until the table is rewritten. ``scrub`` runs after the erasing transaction has committed, outside
any transaction, so that nothing erased is left in the live files; an erasure asked for from a web
page queues PostgreSQL's rewrite for the housekeeping round instead (``rewrite_queued``).
"""

from __future__ import annotations

import asyncio
import logging

from tortoise import connections

from jurycourt import clock

log = logging.getLogger("jurycourt.scrub")

#: How long a checkpoint keeps retrying while readers or a writer hold the log (seconds).
CHECKPOINT_PATIENCE_S = 60.0


class ScrubError(RuntimeError):
    """The erased data could not be made to leave the files (the operator is told)."""


def _dialect() -> str:
    return connections.get("default").capabilities.dialect


async def checkpoint_wal(patience: float = CHECKPOINT_PATIENCE_S) -> tuple[int, int]:
    """Copy every page of SQLite's write-ahead log into the main file and truncate the log to zero
    bytes, retrying while it is busy (another connection reading or writing) until it completes.

    ``PRAGMA wal_checkpoint(TRUNCATE)`` answers (busy, log frames, frames checkpointed): busy 1
    means it could not finish, and the erased text would still be in the log. Returns the frames
    of the last attempt; raises ScrubError when it never completes within ``patience`` seconds."""
    conn = connections.get("default")
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + patience, 0.01
    while True:
        _, rows = await conn.execute_query("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, frames, copied = (int(v) for v in tuple(rows[0]))
        if busy == 0 and frames in (0, -1, copied):
            return frames, copied
        if loop.time() > deadline:
            raise ScrubError("the database's write-ahead log stayed busy: the erased data may still be in "
                             "it; run `jurycourt seal --compact` when the server is quiet")
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.5)


async def _optimize_search_index() -> None:
    """Merge the SQLite full-text index into one segment, so entries deleted from it (a withdrawn
    publication) leave its shadow tables instead of waiting for an automatic merge."""
    await connections.get("default").execute_script(
        "INSERT INTO publication_fts (publication_fts) VALUES ('optimize')")


async def scrub(tables: list[str], *, search_index: bool = False, later: bool = False) -> None:
    """After erasing data from ``tables`` (committed): SQLite checkpoints its log (and, with
    ``search_index``, first merges the full-text index); PostgreSQL rewrites each table with
    ``VACUUM FULL`` (its indexes and TOAST with it), which drops the dead row versions.

    ``later`` (an erasure asked for from a web page): on PostgreSQL the tables are only queued, and
    the next housekeeping round rewrites them (``rewrite_queued``), so no request waits for a table
    to be copied, nor holds others out of it meanwhile. SQLite's checkpoint is quick and still runs
    at once."""
    if _dialect() == "sqlite":
        if search_index:
            await _optimize_search_index()
        await checkpoint_wal()
        return
    if later:
        await queue_rewrite(tables)
        return
    await _rewrite(list(dict.fromkeys(tables)))


async def _rewrite(tables: list[str]) -> None:
    await _wait_for_older_snapshots()
    conn = connections.get("default")
    for table in tables:
        # Not in a transaction: VACUUM refuses to run in one. Each table is locked only while it is rewritten.
        await conn.execute_script(f'VACUUM FULL "{table}"')
    log.info("rewrote %d tables after an erasure", len(tables))


async def queue_rewrite(tables: list[str]) -> None:
    """Name ``tables`` for the next housekeeping round to rewrite (once each, however often asked)."""
    from jurycourt.models import PendingRewrite

    now = clock.now()
    for table in dict.fromkeys(tables):
        await PendingRewrite.update_or_create(table_name=table, defaults={"requested_at": now})


async def rewrite_queued() -> list[str]:
    """Rewrite every table an erasure queued (PostgreSQL ``VACUUM FULL``; nothing to do on SQLite,
    whose erasures checkpoint at once), then take each off the queue unless it was asked for again
    meanwhile. The tables rewritten. Run by the housekeeping round."""
    from jurycourt.models import PendingRewrite

    queued = dict(await PendingRewrite.all().values_list("table_name", "requested_at"))
    if not queued or _dialect() == "sqlite":
        return []
    await _rewrite(sorted(queued))
    for table, asked in queued.items():
        await PendingRewrite.filter(table_name=table, requested_at__lte=asked).delete()
    return sorted(queued)


async def _wait_for_older_snapshots(patience: float = CHECKPOINT_PATIENCE_S) -> None:
    """Wait until no other session of this database still sees the rows as they were before the erasure.

    VACUUM FULL copies a dead row version that an open snapshot could still read ("recently dead") into
    the rewritten table: a long query, or autovacuum's ANALYZE, started before the erasure would keep
    the erased text on disk. So wait (up to ``patience`` seconds, then rewrite anyway and say so) until
    every other session's snapshot is newer than this moment."""
    from jurycourt.db import fetch_rows

    [(mark,)] = await fetch_rows("SELECT txid_current()")
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + patience, 0.01
    while True:
        # Two holders: a snapshot of this database older than the erasure (a session still connecting
        # counts for every database), and any transaction of the whole server that began before it, which
        # the rewrite's own snapshot would wait for.
        [(older,)] = await fetch_rows(lambda p: (
            "SELECT (SELECT count(*) FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL)"  # noqa: S608 - only placeholders are interpolated
            " AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL"
            f" AND age(backend_xmin) >= age({p(str(int(mark) % 2**32))}::text::xid))"
            f" + CASE WHEN txid_snapshot_xmin(txid_current_snapshot()) <= {p(int(mark))} THEN 1 ELSE 0 END"))
        if not older:
            return
        if loop.time() > deadline:
            log.warning("%s sessions kept snapshots older than an erasure: `jurycourt seal --compact` later", older)
            return
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.5)


async def compact() -> None:
    """Rebuild the whole database file (SQLite ``VACUUM``; PostgreSQL ``VACUUM FULL``), leaving no
    free page that held erased data, then truncate SQLite's log."""
    conn = connections.get("default")
    if _dialect() == "sqlite":
        await conn.execute_script("VACUUM")
        await checkpoint_wal()
    else:
        await conn.execute_script("VACUUM FULL")
