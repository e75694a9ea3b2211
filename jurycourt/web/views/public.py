"""Pages anyone may see: the home page and the health check."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from tortoise import connections

from jurycourt.models import Program
from jurycourt.web.templating import render


async def home(request: Request) -> Response:
    programs = await Program.all().order_by("name").limit(20)
    return render(request, "public/home.html", {"programs": programs})


async def healthz(request: Request) -> Response:
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure to reach the database means unhealthy
        return PlainTextResponse("database unavailable\n", status_code=503)
    return PlainTextResponse("ok\n")
