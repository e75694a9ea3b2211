"""Every way the database connection can break is an outage (503, Retry-After, the outage page), never a
500: asyncpg's own client-side errors included. On PostgreSQL the pool then replaces its connections, so
the next request does not meet the broken one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from tortoise import connections

from tests.databases import on_postgres
from tests.web.helpers import client_for, sign_in

CLIENT_ERRORS = {
    "another operation in progress": lambda: asyncpg.exceptions._base.InterfaceError(
        "cannot perform operation: another operation is in progress"),
    "connection closed": lambda: asyncpg.exceptions.InterfaceError("connection is closed"),
    "internal client error": lambda: asyncpg.exceptions.InternalClientError("unexpected message"),
    "protocol error": lambda: asyncpg.exceptions.ProtocolError("protocol violation"),
    "connection does not exist": lambda: asyncpg.exceptions.ConnectionDoesNotExistError(
        "connection was closed in the middle of operation"),
    "reset by peer": lambda: ConnectionResetError(104, "Connection reset by peer"),
    "broken pipe": lambda: BrokenPipeError(32, "Broken pipe"),
}


@pytest.fixture
async def browser(app) -> AsyncIterator[httpx.AsyncClient]:
    """A client that, like a browser, sees the 500 page rather than the server's re-raised error."""
    async with client_for(app, raise_app_exceptions=False) as client:
        yield client


def break_queries(monkeypatch, error) -> None:
    async def broken(*args, **kwargs):
        raise error()

    connection = connections.get("default")
    for method in ("execute_query", "execute_query_dict", "execute_insert", "execute_many"):
        monkeypatch.setattr(connection, method, broken)


@pytest.mark.parametrize(("kind", "signed_in"), [
    *((kind, False) for kind in CLIENT_ERRORS),
    # Signed in, the session look-up (in middleware, before any view) is what meets the broken connection.
    ("another operation in progress", True), ("reset by peer", True)])
async def test_a_broken_connection_is_an_outage_page_never_a_500(browser, demo, monkeypatch, kind, signed_in):
    if signed_in:
        await sign_in(browser, "coordinator")
    break_queries(monkeypatch, CLIENT_ERRORS[kind])

    response = await browser.get("/me" if signed_in else "/findings")

    assert response.status_code == 503, response.text[:300]
    assert response.headers["retry-after"].isdigit()
    assert "reach the database right now" in response.text
    assert "Traceback" not in response.text


@pytest.mark.skipif(not on_postgres(), reason="SQLite has no connection pool; PostgreSQL's run has this test")
async def test_after_an_outage_the_pool_does_not_hand_out_the_old_connections(browser, demo, monkeypatch):
    async def backend() -> int:
        _, rows = await connections.get("default").execute_query("SELECT pg_backend_pid() AS pid")
        return rows[0]["pid"]

    before = await backend()
    assert await backend() == before  # an idle pool hands the same connection out again
    with monkeypatch.context() as patch:
        break_queries(patch, CLIENT_ERRORS["another operation in progress"])
        assert (await browser.get("/findings")).status_code == 503

    assert await backend() != before
    assert (await browser.get("/findings")).status_code == 200
