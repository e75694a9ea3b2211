"""SQLite for jurycourt: Tortoise's client, with short reads answered at once on the event loop.

Tortoise talks to SQLite through aiosqlite: every statement is handed to one worker thread and its
result handed back, and only one statement runs at a time. For the indexed lookups most requests
are made of (the session behind a cookie, a jury room's door, the public site's version, a page of
rows) that round trip costs several times the lookup itself, and it was most of what a 304 or a
live poll cost.

So outside transactions a SELECT runs at once, on the event loop's thread, on a read-only
connection to the same file: WAL lets it read beside the writer, and each statement sees
everything committed before it began (read committed, like PostgreSQL's default). A read may hold
the loop for at most ``READ_BUDGET_S``: SQLite's progress handler interrupts a longer one (a
program-wide aggregate), which then runs the ordinary way in aiosqlite's thread, as does any read
that fails (a busy file). Everything else is Tortoise's own client: writes, transactions (their
wrapper is Tortoise's class, so a transaction reads its own writes), DDL.

Configured by ``jurycourt.db.tortoise_config`` as the engine of SQLite databases.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient

#: The longest a read may hold the event loop before it is handed to aiosqlite's thread instead.
READ_BUDGET_S = 0.003
#: SQLite virtual-machine steps between two looks at the clock.
_STEPS = 2000


class _Interrupted(Exception):
    pass


class FastReadSqliteClient(SqliteClient):
    _reader: tuple[int, sqlite3.Connection] | None = None

    def _connection_for_reads(self) -> sqlite3.Connection:
        owner = threading.get_ident()
        held = self._reader
        if held is None or held[0] != owner:
            self._close_reader()
            reader = sqlite3.connect(self.filename, isolation_level=None, check_same_thread=False)
            reader.row_factory = sqlite3.Row
            reader.execute("PRAGMA query_only = 1")
            reader.execute("PRAGMA busy_timeout = 20")
            held = self._reader = (owner, reader)
        return held[1]

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader[1].close()
            self._reader = None

    def _read_at_once(self, query: str, values: list | None) -> list[sqlite3.Row] | None:
        """The rows of ``query`` if it is a SELECT that finishes within the budget, else None."""
        if self.filename == ":memory:" or query.lstrip()[:6].upper() != "SELECT":
            return None
        try:
            reader = self._connection_for_reads()
            deadline = time.perf_counter() + READ_BUDGET_S
            reader.set_progress_handler(lambda: time.perf_counter() > deadline, _STEPS)
            rows = reader.execute(query, values or []).fetchall()
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                self._close_reader()  # a busy or broken file: a new connection next time
            return None
        except sqlite3.Error:
            self._close_reader()
            return None
        self.log.debug("%s: %s", query, values)
        return rows

    async def execute_query(self, query: str, values: list | None = None) -> tuple[int, Sequence[dict]]:
        rows = self._read_at_once(query.replace("\x00", "'||CHAR(0)||'"), values)
        if rows is not None:
            return len(rows), rows
        return await super().execute_query(query, values)

    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        rows = self._read_at_once(query.replace("\x00", "'||CHAR(0)||'"), values)
        if rows is not None:
            return list(map(dict, rows))
        return await super().execute_query_dict(query, values)

    async def close(self) -> None:
        self._close_reader()
        await super().close()


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    return FastReadSqliteClient


client_class = FastReadSqliteClient
