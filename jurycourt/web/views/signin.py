"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jurycourt import clock
from jurycourt.actions.accounts import SignInRefused, sign_in
from jurycourt.actions.two_factor import SecondFactorRequired
from jurycourt.auth.sessions import end_session
from jurycourt.i18n import _
from jurycourt.web.client import client_address
from jurycourt.web.cookies import clear_session_cookie, safe_next, set_session_cookie
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.params import search_term
from jurycourt.web.pending_signin import pending_value, set_pending_cookie
from jurycourt.web.responses import redirect
from jurycourt.web.templating import render, url_paths


async def login_form(request: Request) -> Response:
    if request.state.viewer.signed_in:  # signed in already (another tab did): straight back
        return RedirectResponse(safe_next(request.query_params.get("next"), url_paths(request.app)("me")),
                                status_code=303)
    form = Form({"login": "", "next": request.query_params.get("next", "")})
    return render(request, "account/login.html", {"form": form, "message": ""})


async def login(request: Request) -> Response:
    data = await read_form(request)
    form = Form.from_data(data, ["login", "next"])
    form.values["login"] = search_term(form.get("login"), 200)  # no login holds a control character
    password = str(data.get("password") or "")
    settings = request.app.state.settings
    if not form.get("login") or not password:
        form.required("login", message=_("Enter your login name."))
        if not password:
            form.error("password", _("Enter your password."))
        return render(request, "account/login.html", {"form": form, "message": ""},
                      status_code=invalid_status(request))
    address = client_address(request)
    try:
        token = await sign_in(form.get("login"), password, address, request.app.state.hasher,
                              request.app.state.dummy_hash, settings)
    except SignInRefused as refusal:
        status = 429 if refusal.wait else invalid_status(request)
        headers = {"Retry-After": str(refusal.wait)} if refusal.wait else None
        return render(request, "account/login.html", {"form": form, "message": refusal.message},
                      status_code=status, headers=headers)
    except SecondFactorRequired as needed:  # half signed in: a signed note of who, no session
        query = f"?{urlencode({'next': form.get('next')})}" if form.get("next") else ""
        response = RedirectResponse(url_paths(request.app)("login_code") + query, status_code=303)
        set_pending_cookie(response, settings, pending_value(settings, needed.account_id, clock.now()))
        return response
    old = request.cookies.get(settings.session_cookie)
    if old:
        await end_session(old)  # the id is rotated at sign-in: a planted cookie is worthless
    response = RedirectResponse(safe_next(form.get("next"), url_paths(request.app)("me")), status_code=303)
    set_session_cookie(response, settings, token)
    return response


async def logout(request: Request) -> Response:
    settings = request.app.state.settings
    token = request.cookies.get(settings.session_cookie)
    if token:
        await end_session(token)
    response = redirect(request, "home")
    clear_session_cookie(response, settings)
    return response
