"""jurycourt's SQLite client: short reads outside transactions are answered at once, with the same
rows as Tortoise's own path; a transaction still reads its own writes; a long read or a broken
reader falls back to aiosqlite; every read is still logged (and so counted)."""

from __future__ import annotations

import pytest
from tortoise import connections
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.transactions import in_transaction

from jurycourt import sqlite_client
from jurycourt.db import fetch_rows
from jurycourt.models import Program
from tests.databases import on_postgres
from tests.web.query_count import queries

SQL = "SELECT id, name, time_zone FROM program WHERE id >= ? ORDER BY id"

pytestmark = pytest.mark.skipif(on_postgres(), reason="the SQLite client; PostgreSQL uses asyncpg's own")


class Spy:
    """Counts reads that went to aiosqlite's thread (Tortoise's own execute_query)."""

    def __init__(self, monkeypatch) -> None:
        self.slow = 0
        original = SqliteClient.execute_query

        async def counted(client, query, values=None):
            self.slow += 1
            return await original(client, query, values)

        monkeypatch.setattr(SqliteClient, "execute_query", counted)


async def test_the_app_uses_the_fast_read_client_and_reads_the_same_rows(demo, monkeypatch):
    client = connections.get("default")
    assert isinstance(client, sqlite_client.FastReadSqliteClient)
    spy = Spy(monkeypatch)
    fast = await fetch_rows(SQL, [0])
    assert spy.slow == 0 and fast[0][1] == demo.name
    assert [p.name for p in await Program.all().order_by("id")] == [row[1] for row in fast]
    monkeypatch.setattr(sqlite_client, "READ_BUDGET_S", -1.0)  # every read over budget: the old way
    monkeypatch.setattr(sqlite_client, "_STEPS", 1)
    assert await fetch_rows(SQL, [0]) == fast and spy.slow == 1


async def test_a_read_sees_what_was_just_committed(demo):
    await Program.filter(id=demo.id).update(name="Renamed Youth Court")
    assert (await fetch_rows(SQL, [demo.id]))[0][1] == "Renamed Youth Court"


async def test_inside_a_transaction_reads_see_the_transactions_own_writes(demo):
    async with in_transaction():
        await Program.filter(id=demo.id).update(name="Not yet committed")
        assert (await Program.get(id=demo.id)).name == "Not yet committed"
        assert (await fetch_rows(SQL, [demo.id]))[0][1] == "Not yet committed"


async def test_a_long_read_is_interrupted_and_finished_in_aiosqlites_thread(demo, monkeypatch):
    spy = Spy(monkeypatch)
    count = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) FROM n"
    assert (await fetch_rows(count, []))[0][0] == 3000000
    assert spy.slow == 1


async def test_a_broken_reader_falls_back_then_is_replaced(demo, monkeypatch):
    client = connections.get("default")
    await fetch_rows(SQL, [0])
    broken = client._reader[1]
    broken.close()
    spy = Spy(monkeypatch)
    assert (await fetch_rows(SQL, [demo.id]))[0][1] == demo.name and spy.slow == 1
    assert (await fetch_rows(SQL, [demo.id]))[0][1] == demo.name and spy.slow == 1
    assert client._reader[1] is not broken


async def test_fast_reads_are_logged_and_counted(client, demo):
    count, response = await queries(client, "/findings")
    assert response.status_code == 200 and count >= 2
    again, revalidated = await queries(client, "/findings", {"If-None-Match": response.headers["etag"]})
    assert revalidated.status_code == 304 and again == 1
