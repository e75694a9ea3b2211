"""Pages anyone may see: the home page, "Get involved", how to follow the findings, the offline page
and the health check; and the operator's metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from tortoise import connections

from jurycourt.auth.policy import NotFound
from jurycourt.domain.publication import slugify
from jurycourt.models import Program
from jurycourt.queries.operations import backlogs
from jurycourt.queries.public_site import invitations
from jurycourt.serving.metrics import allowed, exposition
from jurycourt.settings import ROOT, metrics_networks
from jurycourt.web.templating import absolute_url, render


async def home(request: Request) -> Response:
    programs = await Program.all().order_by("name").limit(20)
    return render(request, "public/home.html", {"programs": programs})


async def get_involved(request: Request) -> Response:
    """How to take part: serving on juries and panels, the citizens' panels taking volunteers, whom to ask."""
    return render(request, "public/get_involved.html", {"invitations": await invitations()})


async def subscribe(request: Request) -> Response:
    """How to follow the findings in a feed reader, with the feed's address to copy (the feed itself is XML,
    which a browser shows as a wall of code). ``?topic=`` for one topic's feed."""
    topic = slugify(request.query_params.get("topic", "")) if request.query_params.get("topic") else ""
    feed = (absolute_url(request, "findings_topic_feed", topic=topic) if topic
            else absolute_url(request, "findings_feed"))
    return render(request, "findings/subscribe.html", {"topic": topic, "feed": feed})


async def offline(request: Request) -> Response:
    """What the installed app shows when the phone has no connection (static/js/service-worker.js keeps it)."""
    return render(request, "public/offline.html", {})


async def service_worker(request: Request) -> Response:
    """The service worker, from the site's root so that its scope is the whole site."""
    return FileResponse(ROOT / "static" / "js" / "service-worker.js", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})


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
