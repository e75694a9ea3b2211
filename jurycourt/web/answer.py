"""The one way a view answers a form post: run the action, then a 303 (or the fragment) when it
went through, or the form re-rendered with the person's input kept and the refusal beside its field.

Every view that posts a form ends through ``answer``: it never catches ``Refused`` itself, so a
refusal can never be lost, shown twice or turned into a 500.

    return await answer(request, form, lambda: move_case(viewer, case, step, reason),
                        done=lambda _: see_other(request, "case", anchor="history", case_id=case.id),
                        failed=lambda form, status: case_page(request, forms={"step": form}, status_code=status),
                        field="reason")
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.domain.errors import Refused
from jurycourt.web.forms import Form, invalid_status
from jurycourt.web.responses import redirect

T = TypeVar("T")

#: Re-renders the page (or fragment) with the failed form and the status to answer with.
Failed = Callable[[Form, int], Awaitable[Response]]


async def answer(request: Request, form: Form, action: Callable[[], Awaitable[T]], *,
                 done: Callable[[T], Response | Awaitable[Response]], failed: Failed,
                 field: str | Callable[[Refused], str] = "_", prefix: str = "") -> Response:
    """Run ``action`` unless ``form`` already holds errors. When it goes through answer ``done`` with
    its result; when the form was wrong or the action refused, answer ``failed`` with the form (its
    values as typed, the refusal beside ``prefix + refusal.field``, or ``field`` when the refusal
    names none; ``field`` may instead be a function that says where a refusal goes) and 422 for an
    htmx swap, 400 for a plain post."""
    if form.ok:
        try:
            result = await action()
        except Refused as refusal:
            form.refusal = refusal
            if callable(field):
                form.error(field(refusal), refusal.message)
            else:
                form.error(prefix + (refusal.field or field).removeprefix(prefix), refusal.message)
        else:
            if form.ok:
                reply = done(result)
                return await reply if isinstance(reply, Awaitable) else reply
    return await failed(form, invalid_status(request))


def see_other(request: Request, name: str, *, anchor: str = "", query: dict[str, str] | None = None,
              **params: object) -> Response:
    """303 See Other to a named route, at ``anchor`` on its page."""
    response = redirect(request, name, query, **params)
    if anchor:
        response.headers["location"] += f"#{anchor}"
    return response
