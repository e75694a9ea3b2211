"""Starlette's router, asking only the routes that could match a request's first path segment.

Starlette tries every route in order, a regular expression each, until one matches: with about two
hundred routes that walk was a tenth of the time of a cheap request (a 304 revalidation, a live
poll). ``SegmentRouter`` groups the routes by the literal first segment of their path ("findings",
"room", …), keeping their order, plus the few whose first segment is a parameter, and runs
Starlette's own matching loop over that group only. Whatever the group does not answer in full (a
405, a trailing-slash redirect, a 404) goes through Starlette's complete walk, so the answers are
the same as Starlette's, only found sooner.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send


def first_segment(route: BaseRoute) -> str | None:
    """The literal first segment of the route's path ("" for "/"), or None when it is a parameter
    (or the route has no path), so that the route must be asked whatever the request's path."""
    path = route.path if isinstance(route, Route | Mount) else None
    if path is None:
        return None
    segment = path.split("/", 2)[1] if path.startswith("/") else None
    return None if segment is None or "{" in segment else segment


class SegmentRouter(Router):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._index()

    def _index(self) -> None:
        segments = {first_segment(r) for r in self.routes} - {None}
        self.anywhere = [r for r in self.routes if first_segment(r) is None]
        self.by_segment = {s: [r for r in self.routes if first_segment(r) in (s, None)] for s in segments}

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)
        segment = scope["path"].split("/", 2)[1] if scope["path"].startswith("/") else ""
        for route in self.by_segment.get(segment, self.anywhere):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
        await super().app(scope, receive, send)  # 405, redirects and 404 exactly as Starlette answers them
