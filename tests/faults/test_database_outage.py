"""The database going away and coming back: a clear 503 meanwhile, then recovery without a restart.

PostgreSQL is made to refuse the app's database (ALLOW_CONNECTIONS false) and every open
connection of the server's pool is terminated, as a database restart or failover would. Pages
that need the database answer 503 with the layout's explanation; when the database comes back
the same server process answers 200 again by itself. This needs PostgreSQL whichever database
the suite runs on; CI always has one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.serving import Served, ServedDatabase, pg_admin

RECOVERY_SECONDS = 20


@pytest.fixture
def postgres_database(tmp_path) -> Iterator[ServedDatabase]:
    database = ServedDatabase.create(tmp_path, postgres=True)
    try:
        yield database
    finally:
        asyncio.run(pg_admin(f'ALTER DATABASE "{database.pg_name}" WITH ALLOW_CONNECTIONS true'))
        database.drop()


def _cut_off(name: str, allowed: bool) -> None:
    async def run() -> None:
        await pg_admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')
        if not allowed:
            terminate = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'"
            await pg_admin(terminate.format(name))
    asyncio.run(run())


def test_outage_gives_503_and_the_server_recovers_by_itself(postgres_database: ServedDatabase) -> None:
    server = Served(postgres_database, {"JURYCOURT_DB_POOL_SIZE": "3"}).start()
    try:
        assert httpx.get(server.url + "/findings").status_code == 200
        _cut_off(postgres_database.pg_name, allowed=False)

        for path in ("/findings", "/healthz", "/login"):
            down = httpx.get(server.url + path, timeout=30)
            if path == "/login" and down.status_code == 200:
                continue  # the sign-in form needs no database
            assert down.status_code == 503, (path, down.status_code, server.log_tail())
            assert "no-store" in down.headers.get("cache-control", "") or path == "/healthz"
        page = httpx.get(server.url + "/findings", timeout=30)
        assert "reach the database" in page.text and "Traceback" not in page.text

        _cut_off(postgres_database.pg_name, allowed=True)
        deadline = time.monotonic() + RECOVERY_SECONDS
        status = 0
        while time.monotonic() < deadline:
            status = httpx.get(server.url + "/findings", timeout=30).status_code
            if status == 200:
                break
            time.sleep(0.5)  # waiting for the database to come back: there is nothing to await
        assert status == 200, f"still {status} after the database came back:\n{server.log_tail()}"
        assert server.process.poll() is None, "the server must not have needed a restart"
    finally:
        server.stop()
