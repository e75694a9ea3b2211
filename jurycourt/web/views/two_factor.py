"""Two-step sign-in: the code step after the password, and the person's own set-up page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jurycourt import clock
from jurycourt.actions.accounts import SignInRefused
from jurycourt.actions.two_factor import (
    confirm_enrolment,
    finish_sign_in,
    regenerate_recovery_codes,
    start_enrolment,
    turn_off,
)
from jurycourt.auth.sessions import end_session
from jurycourt.i18n import _
from jurycourt.queries.two_factor import two_factor_status
from jurycourt.web.answer import Failed, answer
from jurycourt.web.client import client_address
from jurycourt.web.cookies import safe_next, set_session_cookie
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.pending_signin import clear_pending_cookie, cookie_name, pending_account
from jurycourt.web.qr import qr_data_uri
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render, url_paths


def _pending(request: Request) -> int | None:
    settings = request.app.state.settings
    return pending_account(settings, request.cookies.get(cookie_name(settings)), clock.now())


async def code_form(request: Request) -> Response:
    if _pending(request) is None:
        return redirect(request, "login")
    form = Form({"next": request.query_params.get("next", "")})
    return render(request, "account/login_code.html", {"form": form, "message": ""})


async def code(request: Request) -> Response:
    data = await read_form(request)
    form = Form.from_data(data, ["code", "next"])
    account_id = _pending(request)
    if account_id is None:
        return redirect(request, "login")
    settings = request.app.state.settings
    if not form.get("code"):
        form.error("code", _("Enter the code from your app, or a recovery code."))
        return render(request, "account/login_code.html", {"form": form, "message": ""},
                      status_code=invalid_status(request))
    address = client_address(request)
    try:
        token = await finish_sign_in(account_id, form.get("code"), address, settings)
    except SignInRefused as refusal:
        status = 429 if refusal.wait else invalid_status(request)
        headers = {"Retry-After": str(refusal.wait)} if refusal.wait else None
        form.values["code"] = ""
        return render(request, "account/login_code.html", {"form": form, "message": refusal.message},
                      status_code=status, headers=headers)
    old = request.cookies.get(settings.session_cookie)
    if old:
        await end_session(old)
    response = RedirectResponse(safe_next(form.get("next"), url_paths(request.app)("me")), status_code=303)
    set_session_cookie(response, settings, token)
    clear_pending_cookie(response, settings)
    return response


async def _page(request: Request, *, form: Form | None = None, codes: list[str] | None = None,
                status_code: int = 200) -> Response:
    viewer = signed_in(request)
    status = await two_factor_status(viewer, request.app.state.settings)
    qr = qr_data_uri(status.pending_uri) if status.pending_uri else ""
    return render(request, "account/two_factor.html", {
        "status": status, "qr": qr, "form": form or Form(), "codes": codes or [],
        "done": request.query_params.get("done", ""),
    }, status_code=status_code)


async def page(request: Request) -> Response:
    return await _page(request)


async def start(request: Request) -> Response:
    viewer = signed_in(request)
    await start_enrolment(viewer, request.app.state.settings)
    return redirect(request, "two_factor")


async def confirm(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), ["code"])
    return await answer(request, form, lambda: confirm_enrolment(viewer, form.get("code"), request.app.state.settings),
                        done=lambda codes: _page(request, codes=codes), failed=_failed(request), field="code")


def _failed(request: Request) -> Failed:
    """The two-step sign-in page again, with the refused form's error beside its field."""
    return lambda form, status: _page(request, form=form, status_code=status)


async def recovery_codes(request: Request) -> Response:
    viewer = signed_in(request)
    data = await read_form(request)
    return await answer(request, Form(),
                        lambda: regenerate_recovery_codes(viewer, str(data.get("regenerate-password") or ""),
                                                          request.app.state.hasher),
                        done=lambda codes: _page(request, codes=codes), failed=_failed(request),
                        field="password", prefix="regenerate-")


async def disable(request: Request) -> Response:
    viewer = signed_in(request)
    data = await read_form(request)
    form = Form.from_data(data, ["off-code"])
    return await answer(request, form,
                        lambda: turn_off(viewer, str(data.get("off-password") or ""), form.get("off-code"),
                                         request.app.state.hasher, request.app.state.settings),
                        done=lambda _: redirect(request, "two_factor", query={"done": "off"}),
                        failed=_failed(request), field="code", prefix="off-")
