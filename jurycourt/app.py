"""The application factory: ``create_app(settings)``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from tortoise.contrib.starlette import RegisterTortoise

from jurycourt import clock
from jurycourt.actions.citizens_draws import fail_interrupted_draws
from jurycourt.actions.guard import use_pseudonym_key
from jurycourt.actions.housekeeping import housekeeping_service
from jurycourt.auth.passwords import make_hasher
from jurycourt.db import check_connection, tortoise_config
from jurycourt.jobs.outbox_senders import outbox_service
from jurycourt.serving.caches import Snapshots, VersionCache
from jurycourt.serving.logs import withhold_tracebacks
from jurycourt.settings import Settings, from_env
from jurycourt.web.client import ClientAddress
from jurycourt.web.errors import EXCEPTION_HANDLERS, refuse
from jurycourt.web.language import RequestLanguage
from jurycourt.web.maintenance import MaintenanceGate, MaintenanceState, maintenance_watch
from jurycourt.web.middleware import RequestGuard, SecurityHeaders
from jurycourt.web.query_count import QueryCountHeader
from jurycourt.web.request_log import RequestLog
from jurycourt.web.routes import mounted, routes
from jurycourt.web.templating import make_environment, path_builder
from jurycourt.web.two_factor_gate import TwoFactorGate


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the ASGI app for these settings (from the environment when not given)."""
    settings = settings or from_env()
    use_pseudonym_key(settings.pseudonym_key)
    clock.configure(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(settings)):
            await check_connection(settings)
            await fail_interrupted_draws(before=clock.now())
            async with maintenance_watch(settings, maintenance), \
                    outbox_service(settings, lambda: maintenance.on) as outbox, housekeeping_service(settings) as house:
                app.state.jobs = {"outbox": outbox, "housekeeping": house}  # periodic jobs (None: off), for tests
                try:
                    yield
                finally:
                    await app.state.snapshots.close()

    maintenance = MaintenanceState()
    middleware = [
        Middleware(ClientAddress, trusted_proxies=settings.trusted_proxies),
        Middleware(RequestLog),
        Middleware(SecurityHeaders, settings=settings),
        Middleware(MaintenanceGate, settings=settings, state=maintenance),
        Middleware(RequestGuard, settings=settings, on_refuse=refuse),
        Middleware(RequestLanguage, settings=settings),
        Middleware(TwoFactorGate),
    ]
    if settings.query_count_header:  # benchmarks and tests only: finalize() refuses it in production
        middleware.insert(0, Middleware(QueryCountHeader))
    table = routes()
    app = Starlette(
        debug=False,
        routes=mounted(table),  # the one named table, under a Mount per first path segment
        middleware=middleware,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    if settings.production:
        withhold_tracebacks()
    hasher = make_hasher(settings.password_hashing)
    app.state.settings = settings
    app.state.maintenance = maintenance
    app.state.templates = make_environment(settings)
    app.state.url_path_for = path_builder(app, table)
    app.state.hasher = hasher
    # What is the same for every viewer allowed to see it, by version (serving/caches.py): nothing per viewer.
    app.state.report_pdfs = VersionCache(maxsize=32)  # published reports' PDFs
    app.state.public_blocks = VersionCache(maxsize=256)  # public pages' rendered blocks and feeds, by URL
    app.state.snapshots = Snapshots(settings.summary_max_age)  # program-wide aggregates
    # Unknown logins are checked against this hash so they cost as much as known ones.
    app.state.dummy_hash = hasher.hash("no account has this password")
    return app
