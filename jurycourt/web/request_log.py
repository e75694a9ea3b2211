"""One JSON line per request, and the request counters behind /metrics.

A line (jurycourt/serving/logs.py writes it as JSON) holds a request id (the proxy's X-Request-ID when it
looks like one, else a new one; sent back in the response), the method, the route's template (never
the path itself, which can carry a search or a name), the status and the time taken. Nothing about
who asked: no address, no account, no query.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jurycourt.serving.metrics import LATENCY, REQUESTS

log = logging.getLogger("jurycourt.requests")
_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{8,64}")


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        sent = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        request_id = sent.decode() if _REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        status = 500  # what the client gets if the app fails before answering

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            REQUESTS.labels(route, scope["method"], str(status)).inc()
            LATENCY.labels(route).observe(seconds)
            log.info("request", extra={"fields": {"request_id": request_id, "method": scope["method"],
                                                  "route": route, "status": status, "ms": round(seconds * 1000, 1)}})
