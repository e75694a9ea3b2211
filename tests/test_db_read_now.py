"""read_now: the small reads every request starts with, answered at once on SQLite, with the same
rows as the ordinary path, never hiding a transaction's own writes, and still counted."""

from __future__ import annotations

from tortoise import connections
from tortoise.transactions import in_transaction

from jurycourt.db import fetch_rows, read_now
from jurycourt.models import Program
from tests.web.query_count import queries

SQL = "SELECT id, name, time_zone FROM program WHERE id >= ? ORDER BY id"


async def test_it_gives_the_same_rows_as_the_ordinary_path(demo):
    assert await read_now(SQL, [0]) == await fetch_rows(SQL, [0])
    assert (await read_now(SQL, [demo.id]))[0][1] == demo.name


async def test_it_sees_what_was_just_committed(demo):
    await Program.filter(id=demo.id).update(name="Renamed Youth Court")
    assert (await read_now(SQL, [demo.id]))[0][1] == "Renamed Youth Court"


async def test_inside_a_transaction_it_sees_the_transactions_own_writes(demo):
    async with in_transaction():
        await Program.filter(id=demo.id).update(name="Not yet committed")
        assert (await read_now(SQL, [demo.id]))[0][1] == "Not yet committed"
    assert (await read_now(SQL, [demo.id]))[0][1] == "Not yet committed"


async def test_a_broken_reader_falls_back_to_the_ordinary_path_then_is_replaced(demo):
    client = connections.get("default")
    if hasattr(client, "filename"):  # SQLite: break this thread's reader
        await read_now(SQL, [0])
        _, reader = client._jurycourt_reader
        reader.close()
        assert (await read_now(SQL, [demo.id]))[0][1] == demo.name
        assert client._jurycourt_reader is None
        assert (await read_now(SQL, [demo.id]))[0][1] == demo.name
        assert client._jurycourt_reader[1] is not reader
    else:  # PostgreSQL: always the ordinary path
        assert (await read_now(SQL, [demo.id]))[0][1] == demo.name


async def test_its_reads_are_counted_like_every_other_query(client, demo):
    count, response = await queries(client, "/findings")
    assert response.status_code == 200 and count >= 2  # the site's version (read_now) and the page
    count_304, again = await queries(client, "/findings", {"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and count_304 == 1
