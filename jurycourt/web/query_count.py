"""Counting the database queries each request makes, for benchmarks and tests (never in production).

Tortoise logs every statement it sends on the ``tortoise.db_client`` logger, in the task that
sends it. A handler on that logger adds one to the current request's counter (a context variable
the middleware sets), and the middleware reports the total in an ``X-Query-Count`` response
header. With the setting off nothing is installed and the logger stays quiet.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Query-Count"
_counter: ContextVar[list[int] | None] = ContextVar("jurycourt_query_counter", default=None)


class _CountingHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        counter = _counter.get()
        pool_lines = ("Created connection pool", "Closed")  # i18n: internal (the database driver's log lines)
        if counter is not None and not record.getMessage().startswith(pool_lines):
            counter[0] += 1


_handler = _CountingHandler(level=logging.DEBUG)


def install() -> None:
    """Start counting (idempotent): the Tortoise client logger at DEBUG, with our handler only."""
    logger = logging.getLogger("tortoise.db_client")
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False  # the statements (and their values) must not reach any other log


class QueryCountHeader:
    """Pure ASGI middleware: counts each HTTP request's queries and reports them in a header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        install()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counter = [0]
        token = _counter.set(counter)

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = str(counter[0])
            await send(message)

        try:
            await self.app(scope, receive, counted)
        finally:
            _counter.reset(token)
