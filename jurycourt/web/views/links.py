"""Using an invitation or a password reset link: choose a login and password."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.accounts import redeem_link, sign_in, usable_link
from jurycourt.domain.links import LinkKind, LinkUnusable
from jurycourt.web.answer import answer
from jurycourt.web.client import client_address
from jurycourt.web.cookies import set_session_cookie
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect
from jurycourt.web.templating import render

KINDS = {"welcome": LinkKind.INVITE, "reset": LinkKind.RESET}


def _kind(request: Request) -> LinkKind:
    return KINDS[request.scope["route"].name.removesuffix("_post")]


async def _context(request: Request, form: Form, kind: LinkKind) -> dict:
    return {"form": form, "kind": kind, "token": request.path_params["token"]}


async def link_form(request: Request) -> Response:
    kind = _kind(request)
    try:
        link = await usable_link(request.path_params["token"], kind)
    except LinkUnusable as problem:
        return render(request, "account/link_unusable.html", {"message": str(problem)}, status_code=410)
    await link.fetch_related("person")
    context = await _context(request, Form(), kind)
    context["name"] = link.person.preferred_name or link.person.given_name
    return render(request, "account/set_password.html", context)


async def use_link(request: Request) -> Response:
    kind = _kind(request)
    token = request.path_params["token"]
    data = await read_form(request)
    form = Form.from_data(data, ["login"])
    password, confirm = str(data.get("password") or ""), str(data.get("confirm") or "")
    hasher = request.app.state.hasher
    address = client_address(request)
    settings = request.app.state.settings

    async def signed_in_now(account) -> Response:
        session = await sign_in(account.login, password, address, hasher, request.app.state.dummy_hash, settings)
        response = redirect(request, "me")
        set_session_cookie(response, settings, session)
        return response

    async def failed(form: Form, status: int) -> Response:
        context = await _context(request, form, kind)
        context["name"] = ""
        wait = getattr(form.refusal, "wait", 0)  # a throttled attempt says when to try again
        return render(request, "account/set_password.html", context, status_code=429 if wait else status,
                      headers={"Retry-After": str(wait)} if wait else None)
    try:
        return await answer(request, form,
                            lambda: redeem_link(token, kind, form.get("login"), password, confirm, hasher, address),
                            done=signed_in_now, failed=failed, field="password")
    except LinkUnusable as problem:
        return render(request, "account/link_unusable.html", {"message": str(problem)}, status_code=410)
