"""Who is using the database: servers serving it, a restore replacing it, and the maintenance switch.

Every serving process holds a *shared* lock for as long as it serves; a restore takes the same lock
*exclusively*, so it cannot start while anything serves, and no server serves while it runs.

- SQLite: an ``flock`` on the file ``<database>.serving`` beside the database; the switch is the
  file ``<database>.maintenance`` (the database file itself is what a restore replaces).
- PostgreSQL: a session advisory lock (per database) on a connection of its own; the switch is a row
  in ``jurycourt_maintenance``, a table kept out of every backup, so a restore keeps it.

While the switch is on, servers answer every request with the maintenance page (503), close their
database connections and let go of their shared lock (``jurycourt.web.maintenance``); when it is
turned off they take the lock again and reconnect, so they see the restored database.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg

from jurycourt import clock
from jurycourt.backups import BackupError
from jurycourt.backups import postgres_dumps as pg
from jurycourt.backups.sqlite_files import sqlite_path
from jurycourt.settings import Settings

#: The advisory lock's key ("jurycourt" in a 64-bit number); advisory locks are per database.
LOCK_KEY = 0x6A75727963_6F7572 & 0x7FFFFFFFFFFFFFFF
SWITCH_TABLE = "jurycourt_maintenance"
#: The switch's reason after a restore failed part-way: it stays on until a restore succeeds.
INCOMPLETE = "restore-incomplete"


class Presence:
    """One process's hold on a database: shared while serving, exclusive while restoring."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._fd: int | None = None
        self._conn: asyncpg.Connection | None = None
        self.holding = False

    # The switch ---------------------------------------------------------------------------------

    async def maintenance(self) -> bool:
        """Whether the maintenance switch is on."""
        if self.settings.is_sqlite:
            return _switch_file(self.settings).exists()
        conn = await self._connection()
        if not await conn.fetchval(f"SELECT to_regclass('public.{SWITCH_TABLE}') IS NOT NULL"):
            return False
        return await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {SWITCH_TABLE})")  # noqa: S608 - a constant

    async def switch(self, on: bool, reason: str = "") -> None:
        """Turn the switch on (``reason``: why, e.g. ``INCOMPLETE``) or off."""
        if self.settings.is_sqlite:
            path = _switch_file(self.settings)
            if on:
                path.write_text(f"{reason or 'maintenance'} since {clock.now().isoformat()}\n")
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            return
        conn = await self._connection()
        if on:
            await conn.execute(f"CREATE TABLE IF NOT EXISTS {SWITCH_TABLE} (id INT PRIMARY KEY CHECK (id = 1), "
                               "since TIMESTAMPTZ NOT NULL, reason TEXT NOT NULL DEFAULT '')")
            await conn.execute(f"INSERT INTO {SWITCH_TABLE} VALUES (1, now(), $1) "  # noqa: S608 - a constant
                               "ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason", reason)
        elif await conn.fetchval(f"SELECT to_regclass('public.{SWITCH_TABLE}') IS NOT NULL"):
            await conn.execute(f"DELETE FROM {SWITCH_TABLE}")  # noqa: S608 - a constant

    async def incomplete(self) -> bool:
        """Whether the last restore failed after it began changing the database."""
        if self.settings.is_sqlite:
            path = _switch_file(self.settings)
            return path.exists() and path.read_text().startswith(INCOMPLETE)
        conn = await self._connection()
        if not await conn.fetchval(f"SELECT to_regclass('public.{SWITCH_TABLE}') IS NOT NULL"):
            return False
        return await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {SWITCH_TABLE} WHERE reason = $1)",  # noqa: S608
                                   INCOMPLETE)

    # The lock -----------------------------------------------------------------------------------

    async def try_lock(self, *, exclusive: bool) -> bool:
        """Take the lock without waiting; whether it was free."""
        if self.settings.is_sqlite:
            if self._fd is None:
                self._fd = os.open(_lock_file(self.settings), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(self._fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
        conn = await self._connection()
        function = "pg_try_advisory_lock" if exclusive else "pg_try_advisory_lock_shared"
        return await conn.fetchval(f"SELECT {function}($1)", LOCK_KEY)

    async def unlock(self) -> None:
        self.holding = False
        if self.settings.is_sqlite:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            return
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.execute("SELECT pg_advisory_unlock_all()")

    async def close(self) -> None:
        """Let go of everything (the lock goes with the file or the connection)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None

    async def _connection(self) -> asyncpg.Connection:
        if self._conn is None or self._conn.is_closed():
            self.holding = False  # a lost connection took its advisory lock with it
            self._conn = await pg.connect(self.settings.database_url)
        return self._conn


def _switch_file(settings: Settings) -> Path:
    return Path(f"{sqlite_path(settings.database_url)}.maintenance")


def _lock_file(settings: Settings) -> Path:
    database = sqlite_path(settings.database_url)
    if not database.parent.is_dir():
        raise BackupError(f"there is no directory {database.parent} for the database.")
    return Path(f"{database}.serving")


class Restoring:
    """A restore's hold on the database; ``touched`` once it starts changing it."""

    touched = False


@contextlib.asynccontextmanager
async def restoring(settings: Settings, wait_seconds: float = 60.0) -> AsyncIterator[Restoring]:
    """Hold the database for a restore: refused while a server serves it outside maintenance;
    in maintenance, waits up to ``wait_seconds`` for the servers to let go.

    The site is in maintenance for the whole restore (turned on here when it was off, so a server
    started meanwhile serves nothing). If the restore fails after it began changing the database,
    maintenance stays on: no server serves a half-restored, not yet re-sealed database."""
    presence = Presence(settings)
    hold = Restoring()
    try:
        waited = 0.0
        while not await presence.try_lock(exclusive=True):
            if not await presence.maintenance():
                raise BackupError("a server is serving this database; put the site into maintenance first "
                                  "(`jurycourt maintenance on`), or stop the server.")
            if waited >= wait_seconds:
                raise BackupError(f"the site is in maintenance but something still uses the database after "
                                  f"{wait_seconds:.0f} seconds (a server or a command); try again.")
            await asyncio.sleep(0.2)
            waited += 0.2
        was_on = await presence.maintenance()
        was_incomplete = await presence.incomplete()
        if not was_on:
            await presence.switch(True)
        try:
            yield hold
        except BaseException as problem:
            if not hold.touched:
                if not was_on:
                    await presence.switch(False)
                raise
            await presence.switch(True, INCOMPLETE)
            if isinstance(problem, BackupError):
                raise BackupError(f"{problem} The site stays in maintenance until a restore succeeds.") from None
            raise
        if not was_on:
            await presence.switch(False)
        elif was_incomplete:
            await presence.switch(True)  # still in maintenance, as the operator asked, but whole again
    finally:
        await presence.close()


async def set_maintenance(settings: Settings, on: bool, *, force: bool = False) -> None:
    """Turn the switch on or off (off is refused while a restore runs, and after one failed
    part-way unless ``force``)."""
    presence = Presence(settings)
    try:
        if not on and not await presence.try_lock(exclusive=False):
            raise BackupError("a restore is running; the site stays in maintenance until it ends.")
        if not on and not force and await presence.incomplete():
            raise BackupError("the last restore failed part-way and sealed cases may not be sealed again yet; "
                              "run the restore again (or restore the …-before-restore backup), or use --force.")
        await presence.switch(on)
    finally:
        await presence.close()


async def maintenance_is_on(settings: Settings) -> bool:
    presence = Presence(settings)
    try:
        return await presence.maintenance()
    finally:
        await presence.close()
