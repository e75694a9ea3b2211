"""PostgreSQL backups: ``pg_dump -Fc`` inside an exported snapshot (so the manifest's row counts are
the dump's), checked by reading the whole archive back; restores replace every table in one
transaction through ``psql --single-transaction`` (so a failure changes nothing)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import asyncpg

from jurycourt.backups import BackupError

MIGRATIONS_TABLE = "tortoise_migrations"
#: The maintenance switch lives in the database but outside every backup: a restore keeps it.
KEPT_TABLES = ("jurycourt_maintenance",)

#: Before the backup's objects are created: drop every table, view, sequence and function of
#: the schema (except the kept ones and extensions' own), so a backup from an older version
#: leaves nothing of the newer schema behind for its migrations to trip on.
_CLEAR_SCHEMA = """
DO $clear$
DECLARE item record;
BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND c.relname <> ALL (ARRAY[{kept}])
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, item.relname);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || item.signature || ' CASCADE';
  END LOOP;
END
$clear$;
""".replace("{kept}", ", ".join(f"'{name}'" for name in KEPT_TABLES))


def dsn(database_url: str) -> tuple[dict[str, str], str]:
    """The environment and a password-less connection string for PostgreSQL's tools (libpq reads
    the password from PGPASSWORD, never from the command line, which ``ps`` shows)."""
    parts = urlsplit(database_url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    query = f"?{parts.query}" if parts.query else ""
    return env, f"postgresql://{netloc}{parts.path}{query}"


def asyncpg_dsn(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


def identity(database_url: str) -> tuple[str, int, str]:
    """(host, port, database): what makes two URLs the same database."""
    parts = urlsplit(database_url)
    return ((parts.hostname or "localhost").lower(), parts.port or 5432, unquote(parts.path.lstrip("/")))


def _tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return tool


def _run(name: str, args: list[str], database_url: str | None = None) -> subprocess.CompletedProcess:
    env, target = dsn(database_url) if database_url else (dict(os.environ), None)
    command = [_tool(name), *args, *(["--dbname", target] if target else [])]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {_first_line(done.stderr)}")
    return done


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "no message")[:300]


async def connect(database_url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(asyncpg_dsn(database_url), timeout=15)
    except (TimeoutError, OSError, asyncpg.PostgresError) as problem:
        where = identity(database_url)
        raise BackupError(f"cannot connect to the database {where[2]} on {where[0]}:{where[1]} "
                          f"({_first_line(str(problem)) or type(problem).__name__}).") from None


async def _facts(conn: asyncpg.Connection, label: str) -> tuple[list[str], dict[str, int]]:
    tables = [row["tablename"] for row in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        if row["tablename"] not in KEPT_TABLES]
    if MIGRATIONS_TABLE not in tables:
        raise BackupError(f"{label} is not a jurycourt database (it has no migrations table).")
    migrations = sorted(row["name"] for row in await conn.fetch(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE app = 'jurycourt'"))  # noqa: S608 - a constant
    counts = {table: await conn.fetchval(f'SELECT count(*) FROM "{table}"') for table in tables}  # noqa: S608
    return migrations, counts


async def has_schema(database_url: str) -> bool:
    conn = await connect(database_url)
    try:
        return await conn.fetchval("SELECT to_regclass('public.tortoise_migrations') IS NOT NULL")
    finally:
        await conn.close()


async def facts(database_url: str, label: str) -> tuple[list[str], dict[str, int]]:
    conn = await connect(database_url)
    try:
        return await _facts(conn, label)
    finally:
        await conn.close()


async def sealed_rows(database_url: str) -> list[tuple]:
    """(case id, created at, sealed at) of the database's sealed cases."""
    conn = await connect(database_url)
    try:
        return [tuple(row) for row in await conn.fetch(_SEALED)]
    finally:
        await conn.close()


_SEALED = "SELECT id, created_at, sealed_at FROM case_file WHERE sealed_at IS NOT NULL"


async def dump(database_url: str, payload: Path) -> tuple[list[str], dict[str, int], list[tuple]]:
    """Dump the database into ``payload``; its migrations, row counts and sealed cases, as of the
    dump's snapshot."""
    _tool("pg_dump")
    conn = await connect(database_url)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            migrations, counts = await _facts(conn, "the database")
            sealed = [tuple(row) for row in await conn.fetch(_SEALED)]
            args = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                    "--file", str(payload), *[f"--exclude-table={name}" for name in KEPT_TABLES]]
            await asyncio.to_thread(_run, "pg_dump", args, database_url)
    finally:
        await conn.close()
    return migrations, counts, sealed


def check_payload(payload: Path, label: str, *, whole: bool = True) -> None:
    """Check the dump's table of contents and (``whole``) read every table's data the way a restore
    would, writing nothing. A restore reads only the contents: the checksum in the manifest already
    shows the dump is, byte for byte, the one read whole when the backup was made."""
    listing = _run("pg_restore", ["--list", str(payload)]).stdout
    if f"TABLE public {MIGRATIONS_TABLE}" not in listing:
        raise BackupError(f"{label} is not a jurycourt database dump (it has no migrations table).")
    if whole:
        _run("pg_restore", ["--file", os.devnull, str(payload)])


def load(payload: Path, database_url: str) -> None:
    """Replace every table of the database with the dump's, in one transaction that commits only
    when the whole dump went through (a dump failing part-way leaves the database as it was)."""
    import tempfile

    env, target = dsn(database_url)
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(  # noqa: S603
            [_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", target],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors)
        script = subprocess.Popen(  # noqa: S603
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(payload)],
            env=env, stdout=subprocess.PIPE, stderr=script_errors)
        try:
            psql.stdin.write(b"BEGIN;\n" + _CLEAR_SCHEMA.encode() + b"\n")
            shutil.copyfileobj(script.stdout, psql.stdin)
            script.wait()
            if script.returncode == 0:
                psql.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error; it says which below
        finally:
            script.stdout.close()
            script.wait()
            try:
                psql.stdin.close()
            except BrokenPipeError:
                pass
            psql.wait()
        script_errors.seek(0)
        psql_errors.seek(0)
        script_problem = script_errors.read().decode(errors="replace")
        psql_problem = psql_errors.read().decode(errors="replace")
    if psql.returncode != 0:
        raise BackupError(f"the restore was rolled back: {_first_line(psql_problem)}")
    if script.returncode != 0:
        raise BackupError(f"the restore was rolled back: pg_restore failed: {_first_line(script_problem)}")


async def create_scratch(database_url: str, name: str) -> str:
    conn = await connect(database_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.PostgresError as problem:
        raise BackupError(f"cannot create a scratch database ({_first_line(str(problem))}); give one with "
                          "--scratch postgres://… or grant CREATEDB.") from None
    finally:
        await conn.close()
    return urlsplit(database_url)._replace(path=f"/{name}").geturl()


async def drop_scratch(database_url: str, scratch_url: str) -> None:
    conn = await connect(database_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{identity(scratch_url)[2]}" WITH (FORCE)')
    finally:
        await conn.close()
