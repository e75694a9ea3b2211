"""Two ``jurycourt serve`` processes on separate ports sharing one fresh PostgreSQL database.

The database is created for the run (from JURYCOURT_TEST_DATABASE_URL, else the local server),
migrated and seeded with the real commands, given a jury room (tests.browser.room_setup), and
dropped afterwards. Used by the multi-process test and by the benchmark's cross-process delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.conftest import SERVER_START_SECONDS, _free_port, _healthy, _jurycourt_command, _run, _stop
from tests.databases import _admin_dsn, _pg_execute, _with_db
from tests.web.helpers import Page

ROOT = Path(__file__).resolve().parents[2]
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def postgres_url() -> str:
    url = os.environ.get("JURYCOURT_TEST_DATABASE_URL", "")
    return url if url.startswith("postgres") else LOCAL_POSTGRES


def require_postgres(url: str) -> None:
    """Fail (never skip) with a clear message when PostgreSQL can't be reached."""
    async def probe() -> None:
        conn = await asyncpg.connect(_admin_dsn(url), timeout=10)
        await conn.close()

    try:
        asyncio.run(probe())
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        pytest.fail(f"The multi-process test needs PostgreSQL at {url} (set JURYCOURT_TEST_DATABASE_URL): "
                    f"{type(exc).__name__}: {exc}", pytrace=False)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    entry_id: int


def _start(env: dict[str, str], work: Path, log: Path) -> tuple[subprocess.Popen, str]:
    for _attempt in range(3):  # another process may take the free port before the server does
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:
            process = subprocess.Popen([*_jurycourt_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                       env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while process.poll() is None and time.monotonic() < deadline and not _healthy(url):
            time.sleep(0.1)  # polling a port: there is nothing to await
        if process.poll() is None and _healthy(url):
            return process, url
        _stop(process)
    pytest.fail(f"`jurycourt serve` did not become healthy:\n{log.read_text()}", pytrace=False)


@contextlib.contextmanager
def two_servers(work: Path) -> Iterator[Pair]:
    base = postgres_url()
    require_postgres(base)
    name = f"jc_mp_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    asyncio.run(_pg_execute(base, f'CREATE DATABASE "{name}"'))
    env = {**os.environ, "JURYCOURT_ENVIRONMENT": "development", "JURYCOURT_DATABASE_URL": _with_db(base, name),
           "JURYCOURT_SECRET_KEY": "multiprocess-secret-" + "x" * 32,
           "JURYCOURT_PSEUDONYM_KEY": "p" * 40, "JURYCOURT_PASSWORD_HASHING": "cheapest",
           "JURYCOURT_WORKERS": "1", "JURYCOURT_OUTBOX_INTERVAL": "0", "JURYCOURT_SUMMARY_MAX_AGE": "0"}
    processes: list[subprocess.Popen] = []
    try:
        _run([*_jurycourt_command(), "migrate"], env, work)
        _run([*_jurycourt_command(), "seed-demo"], env, work)
        done = subprocess.run([sys.executable, "-m", "tests.browser.room_setup"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        urls = []
        for label in ("a", "b"):
            process, url = _start(env, work, work / f"server-{label}.log")
            processes.append(process)
            urls.append(url)
        yield Pair(urls[0], urls[1], int(done.stdout.split()[-1]))
    finally:
        for process in processes:
            _stop(process)
        asyncio.run(_pg_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def signed_in(url: str, login: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as http:
        token = Page(http.get("/login").text).csrf
        answer = http.post("/login", data={"csrf_token": token, "login": login, "password": DEMO_PASSWORD})
        assert answer.status_code == 303, f"sign-in as {login} failed: {answer.status_code}"
        yield http


def post(http: httpx.Client, path: str, data: dict[str, str]) -> httpx.Response:
    token = Page(http.get("/login").text).csrf or Page(http.get("/").text).csrf
    return http.post(path, data={"csrf_token": token, **data})


def open_deliberation(pair: Pair) -> None:
    with signed_in(pair.a, "foreperson") as lead:
        for _ in range(2):
            assert post(lead, f"/room/{pair.entry_id}/lead", {"step": "next", "confirmed": "yes"}).status_code == 303


def seen_after(poller: httpx.Client, entry_id: int, text: str, etag: str, limit: float) -> tuple[bool, str]:
    """Poll the live part about every 0.1 s with If-None-Match until ``text`` shows (or ``limit`` s pass)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = poller.get(f"/room/{entry_id}/live", headers={**HX, "If-None-Match": etag})
        if answer.status_code == 200:
            etag = answer.headers["etag"]
            if text in answer.text:
                return True, etag
        time.sleep(0.1)  # polling another process: there is nothing to await
    return False, etag
