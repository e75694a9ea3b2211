"""Mounting a deliberation thread on an area's pages: page, post, hide and live routes.

An area (a citizens' panel, a grand jury inquiry) supplies a *seat* callback and gets four routes::

    async def panel_seat(request: Request) -> threads.ThreadReader:
        # the owning area's query: NotFound for whoever may not read; Rights(post=, moderate=)
        return await panels.thread_seat(signed_in(request), int(request.path_params["panel_id"]))

    routes = [..., *mount_thread("/panels/{panel_id:id}/thread", "panel_thread", panel_seat,
                                 title="Panel deliberation"), ...]

giving ``panel_thread`` (GET page), ``panel_thread_live`` (GET, 304 while unchanged),
``panel_thread_post`` (POST a statement) and ``panel_thread_hide`` (POST, ``statement_id`` added).
Posts answer 303 back to the page (or the fresh ``#thread`` fragment for htmx; 400/422 with the
text kept when refused). ``page=`` names the area's own page template; it must include
``threads/_thread_part.html`` (the default, ``threads/page.html``, shows only the thread).
The jury room uses the same actions, query and template macros inside its own page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from jurycourt.actions import threads as act
from jurycourt.queries.threads import ThreadReader, ThreadView, read_thread
from jurycourt.web import answer as answering
from jurycourt.web import params  # noqa: F401 - registers the route converters
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect
from jurycourt.web.templating import is_partial, render

SeatFor = Callable[[Request], Awaitable[ThreadReader]]


def live_headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": "private, no-cache"}


def not_modified(request: Request, etag: str) -> Response | None:
    """A 304 when the browser already shows ``etag`` (the cheap answer to most live polls)."""
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=live_headers(etag))
    return None


async def thread_view(request: Request, seat: ThreadReader) -> ThreadView:
    """The thread as ``seat``'s reader sees it, read for this request."""
    return await read_thread(seat)


def _params(request: Request) -> dict:
    """The owner's path parameters (a hide route also carries the statement's id)."""
    return {k: v for k, v in request.path_params.items() if k != "statement_id"}


def mount_thread(path: str, name: str, seat_for: SeatFor, *, title: str, intro: str = "",
                 page: str = "threads/page.html") -> list[Route]:
    """The page, live, post and hide routes of a thread whose readers ``seat_for`` decides."""

    async def context(request: Request, seat: ThreadReader, forms: dict[str, Form] | None = None) -> dict:
        return {"thread": await thread_view(request, seat), "thread_route": name, "thread_params": _params(request),
                "thread_title": title, "thread_intro": intro, "forms": forms or {}, "empty_form": Form()}

    async def show(request: Request) -> Response:
        seat = await seat_for(request)
        return render(request, page, await context(request, seat), fragment="threads/_thread_part.html")

    async def live(request: Request) -> Response:
        seat = await seat_for(request)
        etag = seat.etag()
        if (cached := not_modified(request, etag)) is not None:
            return cached
        response = render(request, page, await context(request, seat), fragment="threads/_live.html",
                          headers=live_headers(etag))
        response.headers.append("Vary", "If-None-Match")
        return response

    async def answer(request: Request, seat: ThreadReader, key: str, form: Form,
                     run: Callable[[], Awaitable[object]], field: str) -> Response:
        async def done(_: object) -> Response:
            if is_partial(request):
                return render(request, page, await context(request, seat), fragment="threads/_thread_part.html")
            return redirect(request, name, **_params(request))

        async def failed(form: Form, status: int) -> Response:
            return render(request, page, await context(request, seat, {key: form}), status_code=status,
                          fragment="threads/_thread_part.html")
        return await answering.answer(request, form, run, done=done, failed=failed, field=field)

    async def post(request: Request) -> Response:
        seat = await seat_for(request)
        form = Form.from_data(await read_form(request), ["body"])
        return await answer(request, seat, "statement", form, lambda: act.post_statement(
            seat.thread, seat.person_id, seat.rights, form.get("body")), "body")

    async def hide(request: Request) -> Response:
        statement_id = int(request.path_params["statement_id"])
        seat = await seat_for(request)
        form = Form.from_data(await read_form(request), ["reason"])
        return await answer(request, seat, f"hide-{statement_id}", form, lambda: act.hide_statement(
            seat.thread, seat.person_id, seat.rights, statement_id, form.get("reason")), "reason")

    return [
        Route(path, show, methods=["GET"], name=name),
        Route(f"{path}/live", live, methods=["GET"], name=f"{name}_live"),
        Route(f"{path}/statements", post, methods=["POST"], name=f"{name}_post"),
        Route(f"{path}/statements/{{statement_id:bigid}}/hide", hide, methods=["POST"], name=f"{name}_hide"),
    ]
