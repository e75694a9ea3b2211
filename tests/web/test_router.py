"""The segment router finds the same route as Starlette's own walk, for every route in the table
and for paths that match none, only sooner."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Match, Mount, Route, Router

from jurycourt.web.router import SegmentRouter, first_segment
from jurycourt.web.routes import routes


def _example(path: str) -> str:
    """A concrete path for a route's pattern: every parameter filled with a number."""
    return re.sub(r"\{[^}]+\}", "7", path)


def _paths() -> list[str]:
    table = routes()
    paths = [_example(r.path) for r in table if isinstance(r, Route)]
    paths += ["/static/app.css", "/", "/nowhere", "/findings/", "/room/7/live/", "/me/", "/%20", "/room"]
    return paths


def _found(router: Router, path: str, method: str) -> tuple[str | None, str]:
    """Which route Starlette's matching loop picks for (method, path), and how well it matches."""
    scope = {"type": "http", "path": path, "method": method, "root_path": "", "headers": [], "query_string": b""}
    partial = None
    candidates = router.by_segment.get(path.split("/", 2)[1], router.anywhere) \
        if isinstance(router, SegmentRouter) else router.routes
    for route in candidates:
        match, _ = route.matches(dict(scope))
        if match is Match.FULL:
            return getattr(route, "name", None) or getattr(route, "path", None), "full"
        if match is Match.PARTIAL and partial is None:
            partial = route
    return None, "partial" if partial is not None else "none"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_path_finds_the_route_starlette_finds(method):
    table = routes()
    starlette, ours = Router(table), SegmentRouter(table)
    for path in _paths():
        theirs, mine = _found(starlette, path, method), _found(ours, path, method)
        if mine[1] == "full":
            assert mine == theirs, path
        else:  # not found in the group: the segment router hands it to Starlette's full walk
            assert theirs[1] != "full", path


def test_routes_with_a_parameter_first_are_asked_for_every_path():
    table = [Route("/findings", lambda r: None, name="index"), Route("/{slug}", lambda r: None, name="any"),
             Mount("/static", app=lambda s, r, se: None, name="static")]
    router = SegmentRouter(table)
    assert [first_segment(r) for r in table] == ["findings", None, "static"]
    assert [r.name for r in router.by_segment["findings"]] == ["index", "any"]
    assert [r.name for r in router.anywhere] == ["any"]


async def test_the_app_routes_by_segment_and_still_answers_405_and_404(app, client):
    assert isinstance(app.router, SegmentRouter)
    assert (await client.get("/findings")).status_code == 200
    assert (await client.get("/logout")).status_code == 405  # found in the group only partially
    assert (await client.get("/no-such-page")).status_code == 404
