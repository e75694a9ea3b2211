"""Real ``jurycourt serve`` processes for tests that need the production server, not an in-process app.

A :class:`ServedDatabase` is a migrated, demo-seeded database (a SQLite file, or a PostgreSQL
database created for the test and dropped after it); :class:`Served` is one server process on a
free port using it, which a test can stop gracefully, kill with SIGKILL and start again.
Everything runs from a directory outside the repository, as an operator would.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest

from jurycourt.demo import DEMO_PASSWORD
from tests.databases import base_url, on_postgres

START_SECONDS = 60
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    """PostgreSQL for tests that need it whichever database the suite runs on (CI always has one)."""
    return base_url() if on_postgres() else DEFAULT_POSTGRES


def jurycourt_command() -> list[str]:
    script = Path(sys.executable).with_name("jurycourt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jurycourt"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def pg_admin(sql: str, url: str | None = None) -> None:
    """Run one statement as PostgreSQL's administrator (fails the test, loudly, when it is down)."""
    dsn = (url or postgres_admin_url()).replace("postgres://", "postgresql://", 1)
    try:
        conn = await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as problem:
        pytest.fail(f"This test needs PostgreSQL at {dsn}: {problem}", pytrace=False)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@dataclass
class ServedDatabase:
    """A database made by ``jurycourt migrate`` + ``jurycourt seed-demo``."""

    url: str
    work: Path
    pg_name: str = ""

    @classmethod
    def create(cls, work: Path, *, postgres: bool) -> ServedDatabase:
        if postgres:
            name = f"jc_srv_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
            admin = postgres_admin_url()
            url = re.sub(r"/[^/]*$", "/" + name, admin)
            database = cls(url, work, name)
        else:
            database = cls(f"sqlite://{work / 'jurycourt.sqlite3'}", work)
        database.run("migrate")
        database.run("seed-demo")
        return database

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "JURYCOURT_ENVIRONMENT": "development", "JURYCOURT_DATABASE_URL": self.url,
                "JURYCOURT_SECRET_KEY": "served-test-secret-" + "x" * 32,
                "JURYCOURT_PSEUDONYM_KEY": "p" * 40,
                "JURYCOURT_PASSWORD_HASHING": "cheapest", "JURYCOURT_WORKERS": "1",
                "JURYCOURT_OUTBOX_INTERVAL": "0",  # no background writes: tests count rows
                "JURYCOURT_SUMMARY_MAX_AGE": "0",  # aggregates recomputed per request: tests see their writes
                **extra}

    def run(self, *args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run([*jurycourt_command(), *args], env=self.env(**extra), cwd=self.work,
                              capture_output=True, text=True, timeout=300, check=False)
        if check and done.returncode != 0:
            pytest.fail(f"`jurycourt {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}",
                        pytrace=False)
        return done

    def drop(self) -> None:
        if self.pg_name:
            asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))


@dataclass
class Served:
    """One ``jurycourt serve`` process on a free port."""

    database: ServedDatabase
    extra_env: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()  # more options for `jurycourt serve`
    port: int = 0  # 0: a free one
    process: subprocess.Popen | None = None
    url: str = ""
    log: Path | None = None

    def start(self) -> Served:
        self.log = self.database.work / f"server-{uuid.uuid4().hex[:6]}.log"
        for _attempt in range(1 if self.port else 3):  # another process may take a free port first
            port = self.port or free_port()
            self.url = f"http://127.0.0.1:{port}"
            with self.log.open("ab") as out:
                self.process = subprocess.Popen(
                    [*jurycourt_command(), "serve", "--host", "127.0.0.1", "--port", str(port), *self.args],
                    env=self.database.env(**self.extra_env), cwd=self.database.work, stdout=out,
                    stderr=subprocess.STDOUT)
            deadline = time.monotonic() + START_SECONDS
            while self.process.poll() is None and time.monotonic() < deadline and not self.healthy():
                time.sleep(0.1)  # polling a port: there is nothing to await
            if self.process.poll() is None and self.healthy():
                return self
            self.kill()
        pytest.fail(f"`jurycourt serve` did not become healthy:\n{self.log.read_text()}", pytrace=False)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or the OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> int | None:
        """SIGTERM, as a service manager stops it; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log else ""


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def signed_in_client(url: str, login: str, password: str = DEMO_PASSWORD) -> httpx.Client:
    """A browser-like client (cookies kept) signed in through the real login form."""
    client = httpx.Client(base_url=url, timeout=20)
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_of(page.text), "login": login, "password": password})
    assert response.status_code == 303, f"sign-in as {login} failed: {response.status_code}"
    return client
