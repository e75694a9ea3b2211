"""Follow the findings by email, from the public site (no account): the form, the confirmation link
(double opt-in), and the stop link that every mail carries (one click: RFC 8058)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock, i18n
from jurycourt.actions.follow import ask_to_follow, confirm_follow, confirmable, stop_following, stop_token
from jurycourt.auth import throttle
from jurycourt.auth.tokens import same
from jurycourt.domain.throttle import PUBLIC_FORM, wait_message
from jurycourt.web.answer import answer
from jurycourt.web.client import client_address
from jurycourt.web.forms import Form, read_form
from jurycourt.web.templating import render


def _ids(request: Request) -> tuple[int, str]:
    return int(request.path_params["follower_id"]), str(request.path_params["token"])


async def follow_form(request: Request) -> Response:
    """GET /follow: the form."""
    return render(request, "follow/form.html", {"form": Form({})})


async def follow(request: Request) -> Response:
    """POST /follow: ask for a confirmation mail. The answer is the same whether the address follows
    already, was sent a link today, or is new: the form tells no one who follows."""
    form = Form.from_data(await read_form(request), ["email"])
    wait = await throttle.claim([(throttle.key("form-follow", client_address(request)), PUBLIC_FORM)], clock.now())
    if wait:  # one client asking for many addresses: each would get a mail
        form.error("email", wait_message(wait))
        return render(request, "follow/form.html", {"form": form}, status_code=429)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "follow/form.html", {"form": form}, status_code=status)
    return await answer(request, form, lambda: ask_to_follow(form.get("email"), i18n.current_language()),
                        done=lambda _: render(request, "follow/asked.html", {}), failed=failed, field="email")


async def confirm_page(request: Request) -> Response:
    """GET /follow/confirm/…: a button to confirm (a mail scanner that opens links confirms nothing)."""
    follower_id, token = _ids(request)
    usable = await confirmable(follower_id, token, request.app.state.settings.secret_key) is not None
    return render(request, "follow/confirm.html", {"usable": usable, "done": False},
                  status_code=200 if usable else 404)


async def confirm(request: Request) -> Response:
    """POST /follow/confirm/…: the address follows the findings from now on."""
    follower_id, token = _ids(request)
    done = await confirm_follow(follower_id, token, request.app.state.settings.secret_key)
    return render(request, "follow/confirm.html", {"usable": done, "done": done}, status_code=200 if done else 404)


async def stop_page(request: Request) -> Response:
    """GET /follow/stop/…: a button to stop the mail (a link not of ours: a page that says so)."""
    follower_id, token = _ids(request)
    genuine = same(stop_token(request.app.state.settings.secret_key, follower_id), token)
    return render(request, "follow/stop.html", {"done": False, "genuine": genuine}, status_code=200 if genuine else 404)


async def stop(request: Request) -> Response:
    """POST /follow/stop/…: stop at once and erase the address. Mail programs post here with no cookie
    (one-click unsubscribe), so the signed token in the address is the proof, not a CSRF token."""
    follower_id, token = _ids(request)
    if not await stop_following(follower_id, token, request.app.state.settings.secret_key):
        return Response("signature required", status_code=403, media_type="text/plain")
    return render(request, "follow/stop.html", {"done": True, "genuine": True})
