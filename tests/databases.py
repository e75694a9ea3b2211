"""Fresh databases for tests, built by the real migrations.

The migrations run once per test session into a template; each test gets a copy: a file copy
on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL. Set JURYCOURT_TEST_DATABASE_URL to a
postgres:// URL (a database the tests may use to create others) to run on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from jurycourt.db import migrate
from jurycourt.settings import Settings, finalize

TEST_SECRET = "test-secret-key-" + "x" * 32
TEST_PSEUDONYM_KEY = TEST_SECRET[::-1]
_counter = itertools.count()


def base_url() -> str:
    return os.environ.get("JURYCOURT_TEST_DATABASE_URL", "")


def on_postgres() -> bool:
    return base_url().startswith("postgres")


def settings_for(database_url: str, **changes) -> Settings:
    # The server's outbox rounds stay off unless a test turns them on: tests stay deterministic.
    # Program-wide aggregates are recomputed on every request, so a test sees what it just wrote.
    # Links are built from the base URL: the in-process client's own address.
    changes = {"outbox_interval": 0, "summary_max_age": 0, "housekeeping_interval": 0,
               "base_url": "http://testserver", **changes}
    return finalize(Settings(database_url=database_url, secret_key=TEST_SECRET, pseudonym_key=TEST_PSEUDONYM_KEY,
                             password_hashing="cheapest", **changes))


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin_dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


@dataclass
class TemplateDatabase:
    """A migrated database to copy from."""

    url: str
    work: Path

    @classmethod
    def build(cls, work: Path, *, with_demo: bool = False) -> TemplateDatabase:
        """Migrate a new template database; ``with_demo`` also loads the demo data into it once,
        so that the many tests that start from the demo copy it instead of seeding it again."""
        if on_postgres():
            name = f"jc_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            asyncio.run(_pg_execute(base_url(), f'CREATE DATABASE "{name}"'))
            url = _with_db(base_url(), name)
        else:
            url = f"sqlite://{work / 'template.sqlite3'}"
        template = cls(url, work)
        try:
            asyncio.run(migrate(settings_for(url)))
            if with_demo:
                asyncio.run(_seed_demo(settings_for(url)))
        except BaseException:
            template.drop()  # don't leave a half-built template database behind
            raise
        return template

    def drop(self) -> None:
        if on_postgres():
            name = urlsplit(self.url).path.lstrip("/")
            asyncio.run(_pg_execute(base_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    async def fresh_copy(self, directory: Path) -> str:
        """A new database with the template's schema; returns its URL."""
        if on_postgres():
            template = urlsplit(self.url).path.lstrip("/")
            name = f"jc_t_{os.getpid()}_{next(_counter)}"
            await _pg_execute(base_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await _pg_execute(base_url(), f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return _with_db(base_url(), name)
        source = Path(urlsplit(self.url.replace("sqlite://", "file://")).path)
        target = directory / "test.sqlite3"
        shutil.copyfile(source, target)
        return f"sqlite://{target}"

    async def discard(self, url: str) -> None:
        if on_postgres():
            name = urlsplit(url).path.lstrip("/")
            await _pg_execute(base_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _seed_demo(settings: Settings) -> None:
    from jurycourt.auth.passwords import make_hasher
    from jurycourt.cli import database
    from jurycourt.demo import seed_demo

    async with database(settings):
        await seed_demo(make_hasher("cheapest"), pseudonym_key=settings.pseudonym_key)


async def _pg_execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(_admin_dsn(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
