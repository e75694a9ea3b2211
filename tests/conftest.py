"""Fixtures shared by every database test: a fresh migrated database, the app and a client."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from asgi_lifespan import LifespanManager
from hypothesis import settings as hypothesis_settings
from tortoise.backends.base.executor import EXECUTOR_CACHE

from jurycourt import clock
from jurycourt.app import create_app
from jurycourt.settings import Settings
from tests.databases import TemplateDatabase, settings_for
from tests.web.helpers import client_for

hypothesis_settings.register_profile("ci", max_examples=60, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.register_profile("long", max_examples=4000, deadline=None)  # a longer search, by hand
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def fresh_query_cache():
    """Tortoise caches each table's prepared SQL by connection name, not by database kind, so a
    test that touched SQLite could leave '?' placeholders behind for a PostgreSQL test."""
    EXECUTOR_CACHE.clear()
    yield
    EXECUTOR_CACHE.clear()


@pytest.fixture
def fixed_clock() -> Iterator[clock.FixedClock]:
    """The program clock stopped at this moment: nothing the test checks depends on the time it
    takes or on the wall clock's second; the test moves it (``fixed_clock.advance(60)``)."""
    with clock.use(clock.FixedClock(datetime.now(UTC))) as fixed:
        yield fixed


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> TemplateDatabase:
    template = TemplateDatabase.build(tmp_path_factory.mktemp("template"))
    yield template
    template.drop()


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory) -> TemplateDatabase:
    """The migrated template with the demo data loaded once, for tests that ask for ``demo``."""
    template = TemplateDatabase.build(tmp_path_factory.mktemp("demo-template"), with_demo=True)
    yield template
    template.drop()


@pytest.fixture
def database_template(request: pytest.FixtureRequest) -> TemplateDatabase:
    """The template this test's database is copied from. The demo one is built only in a worker that
    runs a test asking for ``demo``: one that needs an empty database never pays for the whole demo."""
    return request.getfixturevalue("demo_template_db" if "demo" in request.fixturenames else "template_db")


@pytest.fixture
async def database_url(database_template: TemplateDatabase, tmp_path) -> AsyncIterator[str]:
    template = database_template
    url = await template.fresh_copy(tmp_path)
    yield url
    await template.discard(url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return settings_for(database_url)


@pytest.fixture
async def app(settings: Settings):
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as http:  # its forms' CSRF token is made without fetching a page
        yield http


@pytest.fixture
async def demo(app):
    """The demo program and its people, as `jurycourt seed-demo` makes them (loaded once into a
    template database this test's database was copied from)."""
    from jurycourt.demo import PROGRAM_NAME
    from jurycourt.models import Program

    return await Program.get(name=PROGRAM_NAME)
