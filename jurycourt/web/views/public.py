"""Pages anyone may see: the home page and the health check; and the operator's metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from tortoise import connections

from jurycourt.auth.policy import NotFound
from jurycourt.queries.operations import backlogs
from jurycourt.queries.programs import public_programs
from jurycourt.serving.metrics import allowed, exposition
from jurycourt.settings import metrics_networks
from jurycourt.web.templating import render


async def home(request: Request) -> Response:
    programs = await public_programs(20)
    return render(request, "public/home.html", {"programs": programs})


async def healthz(request: Request) -> Response:
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure to reach the database means unhealthy
        return PlainTextResponse("database unavailable\n", status_code=503)
    return PlainTextResponse("ok\n")


async def metrics(request: Request) -> Response:
    """Prometheus metrics, for the addresses JURYCOURT_METRICS_ALLOW names (404 for everyone else)."""
    settings = request.app.state.settings
    forwarded = [part for value in request.headers.getlist("x-forwarded-for") for part in value.split(",")]
    if not allowed(request.client.host if request.client else None, forwarded,
                   metrics_networks(settings.metrics_allow)) or request.headers.get("forwarded"):
        raise NotFound()
    outbox_waiting, draws_waiting = await backlogs()
    return Response(exposition(outbox_waiting, draws_waiting), media_type=CONTENT_TYPE_LATEST)
