"""The maintenance switch, as the server sees it (see ``jurycourt.backups.serving``).

While serving, each process holds the shared serving lock. A watcher looks at the switch every
``POLL_SECONDS``; when it is turned on, every request gets the maintenance page (503, except static
files), requests already running are let finish, the database connections are closed and the lock
let go, so a restore can replace the database. When it is turned off the lock is taken again and
the connections reopen on the next query, onto the restored database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise import connections

from jurycourt import i18n
from jurycourt.backups.serving import Presence
from jurycourt.jobs.periodic import periodic
from jurycourt.settings import Settings
from jurycourt.web.middleware import language_of

log = logging.getLogger("jurycourt.maintenance")

POLL_SECONDS = 1.0
#: How long requests already running may take to finish once maintenance begins.
DRAIN_SECONDS = 30.0


class MaintenanceState:
    """Whether this process is paused, and how many requests it is answering."""

    def __init__(self) -> None:
        self.on = False
        self.running = 0
        self.idle = asyncio.Event()
        self.idle.set()


class MaintenanceGate:
    """Pure ASGI middleware: the maintenance page for everyone while the switch is on."""

    def __init__(self, app: ASGIApp, settings: Settings, state: MaintenanceState) -> None:
        self.app = app
        self.settings = settings
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self.state.on:
            await self._page(scope)(scope, receive, send)
            return
        self.state.running += 1
        self.state.idle.clear()
        try:
            await self.app(scope, receive, send)
        finally:
            self.state.running -= 1
            if self.state.running == 0:
                self.state.idle.set()

    def _page(self, scope: Scope) -> HTMLResponse:
        templates = scope["app"].state.templates
        with i18n.use_language(language_of(scope, self.settings)):
            html = templates.get_template("errors/maintenance.html").render()
        return HTMLResponse(html, status_code=503, headers={"Retry-After": "60", "Cache-Control": "no-store"})


@contextlib.asynccontextmanager
async def maintenance_watch(settings: Settings, state: MaintenanceState) -> AsyncIterator[None]:
    """Hold the serving lock while the app runs, and follow the switch (see the module)."""
    presence = Presence(settings)
    await _follow(presence, state)
    try:
        # An unreadable switch (the database away for a moment) is logged once per outage; looked at again.
        async with periodic("maintenance switch", POLL_SECONDS, lambda now: _follow(presence, state), log=log,
                            first_now=False):
            yield
    finally:
        await presence.close()


async def _follow(presence: Presence, state: MaintenanceState) -> None:
    wanted = await presence.maintenance()
    if wanted and not state.on:
        state.on = True
        log.warning("maintenance on: pausing")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(state.idle.wait(), DRAIN_SECONDS)
        await connections.close_all(discard=False)
        await presence.unlock()
    elif not wanted and (state.on or not presence.holding):
        # Off (or a restore was running when this process started, or the lock went with a lost
        # connection): serve once nothing restores.
        if state.on:
            await connections.close_all(discard=False)  # reconnect onto whatever was restored
        if await presence.try_lock(exclusive=False):
            presence.holding = True
            state.on = False
            log.info("serving")
        else:
            state.on = True
