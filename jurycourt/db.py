"""The database: Tortoise configuration for SQLite or PostgreSQL, chosen by one setting."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

from jurycourt.settings import Settings, from_env

APP_LABEL = "jurycourt"
MODEL_MODULES = ["jurycourt.models"]
MIGRATIONS_MODULE = "migrations"


def tortoise_config(settings: Settings) -> dict[str, Any]:
    """The Tortoise config dict for these settings (one connection named "default")."""
    connection = expand_db_url(settings.database_url)
    creds = connection["credentials"]
    if settings.is_sqlite:
        Path(creds["file_path"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL and foreign keys are Tortoise's defaults; we assert them at start-up.
        # secure_delete overwrites erased text so sealed records do not linger in the file.
        creds.update(journal_mode="WAL", foreign_keys="ON", secure_delete="ON", busy_timeout=10000)
    else:
        connection["engine"] = "jurycourt.postgres_client"  # asyncpg, with a pool that can be renewed
        creds.setdefault("min_size", 1)
        creds["max_size"] = settings.db_pool_size
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


@contextlib.asynccontextmanager
async def connected(settings: Settings) -> AsyncIterator[None]:
    """Tortoise connected to the settings' database for a command's work, closed after."""
    await Tortoise.init(config=tortoise_config(settings))
    try:
        yield
    finally:
        await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    # `tortoise makemigrations` reads TORTOISE_ORM through [tool.tortoise] in pyproject.toml;
    # it is built on demand so importing jurycourt.db never reads the environment.
    if name == "TORTOISE_ORM":
        return tortoise_config(from_env())
    raise AttributeError(name)


async def check_connection(settings: Settings) -> None:
    """Refuse to start on a SQLite database without WAL and foreign keys."""
    conn = connections.get("default")
    if settings.is_sqlite:
        _, rows = await conn.execute_query("PRAGMA journal_mode")
        mode = tuple(rows[0])[0] if rows else None
        _, rows = await conn.execute_query("PRAGMA foreign_keys")
        fk = tuple(rows[0])[0] if rows else None
        if str(mode).lower() != "wal" or int(fk) != 1:
            raise RuntimeError(f"SQLite must run in WAL mode with foreign keys on (got {mode}, {fk})")
    else:
        await conn.execute_query("SELECT 1")


class DatabaseProblem(Exception):
    """The configured database cannot be used as it is; the message says why, in one line."""


def check_sqlite_file(settings: Settings) -> None:
    """Refuse, at once, a SQLite file that cannot be created or written (opening it would hang)."""
    import tempfile

    if not settings.is_sqlite:
        return
    path = Path(expand_db_url(settings.database_url)["credentials"]["file_path"])
    if str(path) == ":memory:":
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite writes its journal beside the file: the folder must take new files too.
        with tempfile.TemporaryFile(dir=path.parent):
            pass
        if path.exists():
            with path.open("r+b"):
                pass
    except OSError as problem:
        raise DatabaseProblem(f"cannot write the SQLite database {path}: {problem.strerror or problem}") from None


#: The number every jurycourt takes its migration lock under (PostgreSQL advisory lock).
_MIGRATION_LOCK = 7_325_411


@contextlib.asynccontextmanager
async def migration_lock(settings: Settings) -> AsyncIterator[None]:
    """Held while migrating, so concurrent `jurycourt migrate` runs wait for each other."""
    if settings.is_sqlite:
        import fcntl

        path = Path(expand_db_url(settings.database_url)["credentials"]["file_path"])
        lock = await asyncio.to_thread(Path(f"{path}.migrate-lock").open, "a")
        with lock:  # the lock goes with the file's closing
            await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
            yield
        return
    import asyncpg

    dsn = settings.database_url.replace("postgres://", "postgresql://", 1)
    connection = await asyncpg.connect(dsn, timeout=30)
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
        yield
    finally:
        await connection.close()  # the lock goes with the session


async def migrate(settings: Settings) -> None:
    """Apply every migration in migrations/ to the configured database (one run at a time)."""
    from tortoise.migrations.api import migrate as run_migrations

    check_sqlite_file(settings)
    async with migration_lock(settings):
        try:
            await run_migrations(config=tortoise_config(settings))
        finally:
            # An open SQLite connection keeps a worker thread alive: a failed migration would hang.
            await Tortoise.close_connections()


async def pending_migrations() -> list[str]:
    """The migrations this code has that the (initialised) database has not applied yet."""
    from tortoise.migrations.executor import MigrationExecutor

    connection = connections.get("default")
    await connection.execute_query("SELECT 1")  # an unreachable database is said as such, not as "unmigrated"
    app = {"models": MODEL_MODULES, "default_connection": "default", "migrations": MIGRATIONS_MODULE}
    steps = await MigrationExecutor(connection, {APP_LABEL: app}).plan()
    return [step.migration.name for step in steps if not step.backward]


async def check_up_to_date() -> None:
    """Refuse to use a database whose schema is behind this code's migrations."""
    pending = await pending_migrations()
    if pending:
        count = f"{len(pending)} migration{'s' if len(pending) != 1 else ''}"
        raise DatabaseProblem(f"the database is not up to date ({count} to apply): run `jurycourt migrate`")


class Params:
    """The values of a hand-written query, each put in its SQL as the database's own numbered
    placeholder: ``?1, ?2, …`` on SQLite, ``$1, $2, …`` on PostgreSQL (``params(value)`` gives the
    next one, ``params.each(values)`` a comma-separated run of them, for ``IN (…)``)."""

    def __init__(self, dialect: str) -> None:
        self.mark = "$" if dialect == "postgres" else "?"
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"{self.mark}{len(self.values)}"

    def each(self, values: Iterable[Any]) -> str:
        return ", ".join(self(value) for value in values)


async def fetch_rows(sql: str | Callable[[Params], str]) -> list[tuple]:
    """Rows of a hand-written query, for the few reads and writes where the ORM's per-row work is
    too slow (a write gives no rows).

    ``sql`` is the query's text, or, when it has values, a function that writes it with them::

        await fetch_rows(lambda p: f"SELECT name FROM person WHERE id = {p(person_id)}")

    Each value becomes a numbered placeholder of the database's own (``Params``): the text is
    never rewritten afterwards. Keep the rest of the SQL portable (or write it per dialect)."""
    conn = connections.get("default")
    params = Params(conn.capabilities.dialect)
    text = sql if isinstance(sql, str) else sql(params)
    _, rows = await conn.execute_query(text, params.values)
    return [tuple(row) if not isinstance(row, dict) else tuple(row.values()) for row in rows]


def as_utc(value: Any) -> Any:
    """An aware UTC datetime from a raw row (SQLite gives ISO text, PostgreSQL a datetime)."""
    from datetime import UTC, datetime

    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace(" ", "T"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_date(value: Any) -> Any:
    """A date from a raw row (SQLite gives text, PostgreSQL a date or datetime)."""
    from datetime import date, datetime

    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


async def run_whole_statements(schema_editor: Any, statements: list[str]) -> None:
    """Run SQL from a migration one whole statement at a time.

    The SQLite schema editor splits its SQL on ";", which would cut a trigger body in two.
    """
    for statement in statements:
        if schema_editor.collect_sql:
            schema_editor.collected_sql.append(statement)
        else:
            await schema_editor.client.execute_query(statement)


#: SQLSTATE classes and codes that mean "the database is not there right now", not "the query is
#: wrong": connection exceptions (08), operator intervention such as a restart or failover (57P…),
#: and a database that refuses connections for the moment (55000 with that message).
_OUTAGE_SQLSTATES = ("08", "57P", "53300")


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database is unreachable for the moment.

    Such errors get the 503 page and the request can simply be retried; the pool reconnects by
    itself when the database is back. Every other database error stays a bug (a 500). asyncpg's
    client-side errors (InterfaceError, InternalClientError) all mean the connection is no longer
    usable as it is: a cut mid-query leaves it closed or stuck in the operation that was cut.
    """
    import asyncpg
    from tortoise.exceptions import DBConnectionError

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DBConnectionError | ConnectionError | TimeoutError | asyncpg.InterfaceError
                      | asyncpg.exceptions.InternalClientError):
            return True
        state = str(getattr(error, "sqlstate", "") or "")
        if state.startswith(_OUTAGE_SQLSTATES):
            return True
        if state == "55000" and "not currently accepting connections" in str(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


async def note_outage() -> None:
    """After an outage error: count it, and have the pool replace every connection it holds (each is closed when
    next released or handed out), so no request meets one that is broken. SQLite has no pool."""
    from jurycourt.serving.metrics import DATABASE_ERRORS

    DATABASE_ERRORS.inc()
    connection = connections.get("default")
    discard = getattr(connection, "discard_connections", None)
    if discard is not None:
        await discard()
