"""SQLite backups: the online backup API (a consistent copy while the server writes), checked with
``PRAGMA integrity_check``, and a restore by renaming a checked, migrated, re-sealed copy into place."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import unquote

from jurycourt.backups import BackupError

MIGRATIONS_TABLE = "tortoise_migrations"


def sqlite_path(database_url: str) -> Path:
    return Path(unquote(database_url.removeprefix("sqlite://")))


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (through symlinks, hard links, ``..``)."""
    if one.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def dump(database: Path, payload: Path) -> None:
    """Copy the live database into ``payload`` (an existing empty private file)."""
    if not database.is_file():
        raise BackupError(f"there is no database file at {database}.")
    try:
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(payload)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # a standalone file, no -wal beside it
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as problem:
        raise BackupError(f"could not copy the database {database} ({problem}).") from None


def facts(path: Path, label: str) -> tuple[list[str], dict[str, int]]:
    """(applied migrations, rows per table) of a jurycourt SQLite file, after an integrity check."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as problem:
        raise BackupError(f"{label} cannot be opened ({problem}).") from None
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchall()
        if [tuple(row) for row in verdict] != [("ok",)]:
            raise BackupError(f"{label} fails SQLite's integrity check ({verdict[0][0]}).")
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        if MIGRATIONS_TABLE not in tables:
            raise BackupError(f"{label} is not a jurycourt database (it has no migrations table).")
        migrations = sorted(row[0] for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE app = 'jurycourt'"))  # noqa: S608 - a constant
        counts = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                  for table in tables}
    except sqlite3.Error as problem:
        raise BackupError(f"{label} is not a readable SQLite database ({problem}).") from None
    finally:
        conn.close()
    return migrations, counts


def has_schema(path: Path) -> bool:
    """Whether the file holds a jurycourt database at all (a new, empty one has nothing to save)."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (MIGRATIONS_TABLE,)).fetchone()
            return found is not None
    except sqlite3.Error:
        return True  # unreadable: let the backup say why


def replace(live: Path, ready: Path) -> None:
    """Put the checked copy ``ready`` in place of ``live`` in one rename (the caller holds the
    restore lock, so no server has the file open)."""
    if live.exists():
        # Fold the write-ahead log into the old file first: a stale -wal beside the new file
        # would be replayed onto it.
        with contextlib.closing(sqlite3.connect(live)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stat = live.stat()
        os.chmod(ready, stat.st_mode & 0o777)
        with contextlib.suppress(PermissionError):
            os.chown(ready, stat.st_uid, stat.st_gid)
    os.replace(ready, live)
    for leftover in (Path(f"{live}-wal"), Path(f"{live}-shm"), Path(f"{live}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def sealed_rows(path: Path) -> list[tuple]:
    """(case id, created at, sealed at) of the sealed cases in a jurycourt SQLite file."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT id, created_at, sealed_at FROM case_file WHERE sealed_at IS NOT NULL").fetchall()
