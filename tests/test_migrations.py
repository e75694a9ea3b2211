"""The migrations and the models describe the same database, and `jurycourt migrate` runs anywhere.

Runs on SQLite, or on PostgreSQL when JURYCOURT_TEST_DATABASE_URL says so.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from tortoise import connections
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from jurycourt.db import check_connection, migrate, tortoise_config
from jurycourt.settings import ROOT
from tests.databases import TEST_SECRET, _pg_execute, _with_db, base_url, on_postgres, settings_for

#: Tables the migrations make that no model describes (add full-text or audit tables here).
MIGRATION_ONLY_TABLES = {"tortoise_migrations", "publication_search", "publication_fts", "publication_fts_data",
                         "publication_fts_idx", "publication_fts_content", "publication_fts_docsize",
                         "publication_fts_config", "append_only_permit"}


async def test_the_models_need_no_migration_that_is_not_already_written(database_url):
    config = tortoise_config(settings_for(database_url))

    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()

    pending = [f"{writer.name}: {op.describe()}" for writer in writers for op in writer.operations]
    assert pending == [], "run `tortoise makemigrations` and commit the result"


async def test_the_migrations_build_the_same_tables_columns_keys_and_indexes_as_the_models(
        database_url, tmp_path):
    migrated = await catalog(database_url)  # a copy of the template, which the migrations built
    generated_url = await _empty_database(tmp_path)
    try:
        async with TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(settings_for(generated_url)))
            await ctx.generate_schemas(safe=False)
        generated = await catalog(generated_url)
    finally:
        await _drop(generated_url)

    assert set(generated) >= {"person", "membership", "account", "web_session", "program"}
    assert set(migrated) - set(generated) <= MIGRATION_ONLY_TABLES
    assert {t: migrated.get(t) for t in generated} == generated


async def test_the_drift_check_notices_a_model_change_that_has_no_migration(database_url, monkeypatch):
    """The drift check notices drift: a model column changed without a migration is reported."""
    from jurycourt.models import Person

    field = Person._meta.fields_map["family_name"]
    monkeypatch.setattr(field, "max_length", field.max_length + 1)
    config = tortoise_config(settings_for(database_url))

    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()

    described = " ".join(op.describe() for writer in writers for op in writer.operations)
    assert "family_name" in described


@pytest.fixture
async def sqlite_url(tmp_path) -> str:
    """A migrated SQLite database, whichever database the rest of the run uses: the pragmas
    are SQLite's own, so they are checked on SQLite in every run."""
    url = f"sqlite://{tmp_path / 'pragmas.sqlite3'}"
    await migrate(settings_for(url))
    return url


async def test_the_running_app_uses_sqlite_in_wal_mode_with_foreign_keys_enforced(sqlite_url):
    from asgi_lifespan import LifespanManager

    from jurycourt.app import create_app

    async with LifespanManager(create_app(settings_for(sqlite_url))):
        connection = connections.get("default")
        _, mode = await connection.execute_query("PRAGMA journal_mode")
        _, foreign_keys = await connection.execute_query("PRAGMA foreign_keys")

    assert str(tuple(mode[0])[0]).lower() == "wal"
    assert int(tuple(foreign_keys[0])[0]) == 1


async def test_start_up_refuses_sqlite_without_foreign_keys(sqlite_url):
    settings = settings_for(sqlite_url)
    config = tortoise_config(settings)
    config["connections"]["default"]["credentials"]["foreign_keys"] = "OFF"

    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        with pytest.raises(RuntimeError, match="foreign keys"):
            await check_connection(settings)


def test_jurycourt_migrate_works_from_outside_the_repository(tmp_path):
    database = tmp_path / "elsewhere.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_") and k != "PYTHONPATH"}
    env.update(JURYCOURT_DATABASE_URL=f"sqlite://{database}", JURYCOURT_SECRET_KEY=TEST_SECRET,
               JURYCOURT_PSEUDONYM_KEY=TEST_SECRET[::-1])
    command = [str(Path(sys.executable).with_name("jurycourt")), "migrate"]
    assert tmp_path.resolve() != ROOT and ROOT not in tmp_path.resolve().parents

    first = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    assert "up to date" in first.stdout
    with sqlite3.connect(database) as db:
        applied = {name for (name,) in db.execute("SELECT name FROM tortoise_migrations")}
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    on_disk = {p.stem for p in (ROOT / "migrations").glob("[0-9][0-9][0-9][0-9]_*.py")}
    assert applied == on_disk
    assert {"person", "membership", "account"} <= tables


# Reading a database's catalog, the same way for a migrated and a generated database.

async def _empty_database(tmp_path: Path) -> str:
    if on_postgres():
        name = f"jc_gen_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        await _pg_execute(base_url(), f'CREATE DATABASE "{name}"')
        return _with_db(base_url(), name)
    return f"sqlite://{tmp_path / 'generated.sqlite3'}"


async def _drop(url: str) -> None:
    if on_postgres():
        name = urlsplit(url).path.lstrip("/")
        await _pg_execute(base_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def catalog(url: str) -> dict[str, dict[str, object]]:
    """table → its columns, foreign keys, unique constraints and indexes, without generated names."""
    return await _pg_catalog(url) if url.startswith("postgres") else _sqlite_catalog(url)


def _sqlite_catalog(url: str) -> dict[str, dict[str, object]]:
    path = urlsplit(url.replace("sqlite://", "file://", 1)).path
    tables = {}
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in names:
            columns = sorted((name, kind.upper(), bool(notnull), default, pk)
                             for _, name, kind, notnull, default, pk in db.execute(f'PRAGMA table_info("{table}")'))
            keys = sorted((row[3], row[2], row[4], row[6])  # from, to table, to column, on delete
                          for row in db.execute(f'PRAGMA foreign_key_list("{table}")'))
            indexes = sorted(
                (bool(unique), origin, tuple(str(c[2]) for c in db.execute(f'PRAGMA index_info("{name}")')))
                for _, name, unique, origin, _ in db.execute(f'PRAGMA index_list("{table}")'))
            tables[table] = {"columns": columns, "foreign keys": keys, "indexes": indexes}
    return tables


async def _pg_catalog(url: str) -> dict[str, dict[str, object]]:
    db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        columns = await db.fetch("""
            SELECT table_name, column_name, data_type, is_nullable, character_maximum_length,
                   numeric_precision, column_default
            FROM information_schema.columns WHERE table_schema = 'public'""")
        constraints = await db.fetch("""
            SELECT c.conrelid::regclass::text AS table_name, c.contype::text AS kind,
                   c.confrelid::regclass::text AS target, c.confdeltype::text AS on_delete,
                   ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
                         ORDER BY k.ord) AS cols
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public'""")
        indexes = await db.fetch("""
            SELECT t.relname AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
                   pg_get_expr(i.indexprs, i.indrelid) AS expression,
                   ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
                         ORDER BY k.ord) AS cols
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'""")
    finally:
        await db.close()
    tables: dict[str, dict[str, list]] = {}

    def table(name: str) -> dict[str, list]:
        return tables.setdefault(name.strip('"'), {"columns": [], "constraints": [], "indexes": []})

    for c in columns:
        table(c["table_name"])["columns"].append(
            (c["column_name"], c["data_type"], c["is_nullable"], c["character_maximum_length"],
             c["numeric_precision"], c["column_default"]))
    for c in constraints:
        target = c["target"].strip('"') if c["target"] != "-" else None
        table(c["table_name"])["constraints"].append((c["kind"], tuple(c["cols"]), target, c["on_delete"]))
    for i in indexes:
        table(i["table_name"])["indexes"].append(
            (i["is_unique"], i["is_primary"], i["expression"], tuple(i["cols"])))
    return {name: {k: sorted(v, key=repr) for k, v in t.items()} for name, t in tables.items()}


def test_every_column_a_migration_adds_to_an_existing_table_can_be_filled_for_rows_already_there():
    """A NOT NULL column added to a table that already has rows needs a database default (a
    Python `default` does not reach the ALTER TABLE): without one, SQLite refuses the migration
    and the upgrade of a live database stops half-way."""
    import importlib
    import pkgutil

    import migrations

    unfillable = []
    for found in pkgutil.iter_modules(migrations.__path__):
        module = importlib.import_module(f"migrations.{found.name}")
        for operation in module.Migration.operations:
            if type(operation).__name__ != "AddField":
                continue
            field = operation.field
            if not field.null and not field.has_db_default():
                unfillable.append(f"{found.name}: {operation.model_name}.{operation.name}")
    assert unfillable == []


async def test_a_database_with_people_in_it_upgrades_across_the_languages_migration(tmp_path):
    """The upgrade that once stopped half-way: people existed before their language column."""
    from tortoise.migrations.api import migrate as run_migrations

    url = await _empty_database(tmp_path)
    try:
        config = tortoise_config(settings_for(url))
        await run_migrations(config=config, target="jurycourt.0021_citizens_recommendation_publication")
        await connections.get("default").execute_query(
            "INSERT INTO person (given_name, family_name, preferred_name, email, phone, address, created_at, "
            "updated_at) VALUES ('Ana', 'Reyes', '', '', '', '', '2026-01-05 10:00:00', '2026-01-05 10:00:00')")
        await connections.close_all()
        await run_migrations(config=config)
        _, rows = await connections.get("default").execute_query("SELECT given_name, language FROM person")
        assert [tuple(row.values()) if hasattr(row, "values") else tuple(row) for row in rows] == [("Ana", "en-US")]
    finally:
        await connections.close_all()
        await _drop(url)
