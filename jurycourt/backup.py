"""`jurycourt backup FILE` and `jurycourt restore FILE`.

SQLite: the online backup API (a consistent copy while the server runs), in both directions.
PostgreSQL: its own tools, ``pg_dump -Fc`` and ``pg_restore --clean`` (they must be on PATH).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jurycourt.settings import Settings


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def sqlite_path(database_url: str) -> Path:
    return Path(unquote(database_url.removeprefix("sqlite://")))


def _copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _pg_env_and_dsn(database_url: str) -> tuple[dict[str, str], str]:
    """libpq reads the password from PGPASSWORD, never from the command line (visible to ps)."""
    parts = urlsplit(database_url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    return env, f"postgresql://{netloc}{parts.path}"


def _pg_tool(name: str, args: list[str], database_url: str) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    env, dsn = _pg_env_and_dsn(database_url)
    done = subprocess.run([tool, *args, "--dbname", dsn], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()[:500]}")


def backup(settings: Settings, target: Path) -> None:
    """Write a consistent copy of the whole database to ``target`` (replacing it)."""
    if target.exists():
        target.unlink()
    if settings.is_sqlite:
        source = sqlite_path(settings.database_url)
        if not source.exists():
            raise BackupError(f"there is no database file at {source}.")
        _copy_sqlite(source, target)
    else:
        _pg_tool("pg_dump", ["--format=custom", "--no-owner", "--file", str(target)], settings.database_url)


def restore(settings: Settings, source: Path) -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.exists():
        raise BackupError(f"there is no backup file at {source}.")
    if settings.is_sqlite:
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
                check.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as problem:
            raise BackupError(f"{source} is not a SQLite backup ({problem}).") from None
        _copy_sqlite(source, sqlite_path(settings.database_url))
    else:
        _pg_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
                 settings.database_url)
