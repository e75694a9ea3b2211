"""Pages anyone may see: the home page, "Get involved", how to follow the findings, the offline page
and the health check; and the operator's metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from tortoise import connections

from jurycourt.actions.program_contact import set_public_contact
from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.domain.publication import slugify
from jurycourt.queries.operations import backlogs
from jurycourt.queries.programs import public_programs
from jurycourt.queries.public_site import invitations
from jurycourt.serving.metrics import allowed, exposition
from jurycourt.settings import ROOT, metrics_networks
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import absolute_url, render, url_paths


async def home(request: Request) -> Response:
    programs = await public_programs(20)
    return render(request, "public/home.html", {"programs": programs})


async def get_involved(request: Request) -> Response:
    """How to take part: serving on juries and panels, the citizens' panels taking volunteers, whom to ask.
    A program's coordinators also find there the form that sets its public contact."""
    return await _get_involved(request, None, None)


async def _get_involved(request: Request, program_id: int | None, form: Form | None, status_code: int = 200):
    items = await invitations()
    viewer = request.state.viewer
    forms = {item.program.id: Form({"email": item.program.contact_email, "phone": item.program.contact_phone})
             for item in items if viewer.signed_in and coordinates(viewer, item.program.id)}
    if program_id is not None and form is not None:
        forms[program_id] = form
    return render(request, "public/get_involved.html", {"invitations": items, "contact_forms": forms},
                  status_code=status_code)


async def set_contact(request: Request) -> Response:
    """A coordinator sets their program's public contact; a refusal keeps what they typed."""
    viewer = signed_in(request)
    program_id = request.path_params["program_id"]
    form = Form.from_data(await read_form(request), ["email", "phone"])

    async def failed(form: Form, status: int) -> Response:
        return await _get_involved(request, program_id, form, status)
    return await answer(request, form, lambda: set_public_contact(viewer, program_id, form.get("email"),
                                                                   form.get("phone")),
                        done=lambda _: RedirectResponse(url_paths(request.app)("get_involved")
                                                        + f"#program-{program_id}", status_code=303),
                        failed=failed, field="email")


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
