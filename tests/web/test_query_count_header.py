"""The X-Query-Count header: on only where a benchmark or test asks for it, and it counts truly."""

from __future__ import annotations

import pytest
from starlette.middleware import Middleware

from jurycourt.app import create_app
from jurycourt.settings import SettingsError
from jurycourt.web.query_count import QueryCountHeader
from tests.databases import settings_for
from tests.web.helpers import sign_in


@pytest.fixture
def settings(database_url: str):
    return settings_for(database_url, query_count_header=1)


def _counting(app) -> bool:
    return any(isinstance(m, Middleware) and m.cls is QueryCountHeader for m in app.user_middleware)


def test_off_unless_asked_for(database_url):
    assert not _counting(create_app(settings_for(database_url)))
    assert _counting(create_app(settings_for(database_url, query_count_header=1)))


async def test_counts_the_queries_of_each_request(client, demo):
    health = await client.get("/healthz")
    assert health.headers["x-query-count"] == "1"  # SELECT 1
    await sign_in(client, "coordinator")
    me = await client.get("/me")
    assert me.status_code == 200
    assert int(me.headers["x-query-count"]) > 2  # the session, the viewer, the page's reads
    again = await client.get("/me")
    assert again.headers["x-query-count"] == me.headers["x-query-count"]


def test_refused_in_production():
    with pytest.raises(SettingsError, match="QUERY_COUNT"):
        settings_for("sqlite:///tmp/x.sqlite3", query_count_header=1, environment="production")
