"""The CI-sized run of the benchmark suite: queries per request do not grow with the data.

Each endpoint `make bench` measures is requested once on the demo's database and once on the same
database with tests/bench/scale.py's small scale added (1 % of the full one: 100 members, 1,000
cases, 30,000 statements, 10,000 ledger entries, 500 sessions, 1,000 publications), through the
real app with ``query_count_header`` on; the X-Query-Count of each must be the same on both. Only
query counts are asserted here, never times or ratios (those are `make bench`'s to report).

The scale builder writes SQLite, so both databases are SQLite files whatever database the rest of
the suite runs on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from jurycourt.app import create_app
from jurycourt.auth.passwords import make_hasher
from jurycourt.db import migrate
from jurycourt.demo import seed_demo
from jurycourt.models import Account, Publication
from tests.bench import scale
from tests.bench.jury_room import seed_room
from tests.databases import settings_for
from tests.web.helpers import Page, sign_in

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def _count(http: httpx.AsyncClient, method: str, url: str, expected: int, **kwargs) -> tuple[int, httpx.Response]:
    response = await http.request(method, url, **kwargs)
    assert response.status_code == expected, f"{method} {url} answered {response.status_code}, not {expected}"
    return int(response.headers["x-query-count"]), response


async def _token(http: httpx.AsyncClient, url: str) -> str:
    token = Page((await http.get(url)).text).csrf
    assert token, f"no CSRF token on {url}"
    return token


async def _counts(db: Path) -> dict[str, int]:
    """Queries per request of every endpoint the benchmark measures, on the database at ``db``."""
    app = create_app(settings_for(f"sqlite://{db}", query_count_header=1))
    counts: dict[str, int] = {}
    async with LifespanManager(app):
        room, post_room = await seed_room(20), await seed_room(0)
        member = (await Account.get(login="respondent")).person_id
        report = await Publication.filter(state="published").order_by("id").first()
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))

        def client() -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=transport, base_url="http://testserver")

        async with client() as anonymous:
            counts["public index"], _ = await _count(anonymous, "GET", "/findings", 200)
            counts["search"], _ = await _count(anonymous, "GET", "/findings?q=jury", 200)
            counts["report"], _ = await _count(anonymous, "GET", f"/findings/{report.slug}", 200)
            counts["feed"], _ = await _count(anonymous, "GET", "/findings/feed.atom", 200)
        async with client() as juror:
            await sign_in(juror, "juror")
            counts["jury room page"], _ = await _count(juror, "GET", f"/room/{room}", 200)
            counts["live update (200)"], live = await _count(juror, "GET", f"/room/{room}/live", 200, headers=HX)
            counts["live update (304)"], _ = await _count(juror, "GET", f"/room/{room}/live", 304,
                                                          headers={**HX, "If-None-Match": live.headers["etag"]})
            token = await _token(juror, f"/room/{post_room}")
            counts["statement post"], _ = await _count(juror, "POST", f"/room/{post_room}/statements", 303,
                                                       data={"csrf_token": token, "body": "A counted statement."})
        async with client() as coordinator:
            await sign_in(coordinator, "coordinator")
            counts["coordinator dashboard"], _ = await _count(coordinator, "GET", "/me", 200)
            counts["calendar"], _ = await _count(coordinator, "GET", "/calendar?view=month", 200)
            counts["person's ledger page"], _ = await _count(coordinator, "GET", f"/people/{member}/credits", 200)
            token = await _token(coordinator, f"/people/{member}/credits")
            counts["posting"], _ = await _count(
                coordinator, "POST", f"/people/{member}/credits/adjust", 303,
                data={"csrf_token": token, "direction": "add", "adjust_hours": "0", "adjust_minutes": "15",
                      "reason": "Counted adjustment", "key": "counted-adjustment-0001"})
    return counts


async def _demo_database(path: Path) -> None:
    settings = settings_for(f"sqlite://{path}")
    await migrate(settings)
    async with LifespanManager(create_app(settings)):
        await seed_demo(make_hasher("cheapest"))


def _copy(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's online backup, so nothing waiting in the WAL is lost)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


async def test_queries_per_request_do_not_grow_with_the_data(tmp_path):
    demo_db, scaled_db = tmp_path / "demo.sqlite3", tmp_path / "scaled.sqlite3"
    await _demo_database(demo_db)
    _copy(demo_db, scaled_db)
    built = scale.build(scaled_db, "small")
    assert built.counts["thread_statement"] == scale.SCALES["small"].statements

    on_demo, on_scale = await _counts(demo_db), await _counts(scaled_db)

    grown = {k: (on_demo[k], on_scale[k]) for k in on_demo if on_demo[k] != on_scale[k]}
    assert not grown, f"queries per request changed with the data (demo, small scale): {grown}"
    assert len(on_demo) == 12 and all(n > 0 for n in on_demo.values())
