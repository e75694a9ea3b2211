"""Cross-site request forgery: no state-changing request gets through without this site's token.

The route table is walked, not copied, so a route added later is covered without anyone
remembering to add it here.
"""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Mount, Route

from jurycourt.demo import DEMO_PASSWORD
from jurycourt.models import AccessLink, Account, AuditEvent, Membership, Person, WebSession
from jurycourt.web.params import IdConvertor
from tests.web.helpers import Page, csrf_token, sign_in

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
EXPIRED = "This form has expired or did not come from this site"
#: Routes that certainly exist: if the walk misses them, the walk is broken, not the app safe.
KNOWN_STATE_CHANGING = {"login_post", "logout", "password_post", "welcome_post", "reset_post",
                        "person_new_post", "person_edit_post", "membership_add", "membership_status",
                        "link_issue"}


def person_form(**changes: str) -> dict[str, str]:
    values = {"given_name": "Olivia", "family_name": "Forged", "preferred_name": "", "date_of_birth": "",
              "email": "", "phone": "", "address": "", "program": "", "role": "juror"}
    return {**values, **changes}


async def _targets(demo) -> dict[str, object]:
    """Real ids for path parameters, so that a request that got past CSRF would do something."""
    juror = await Account.get(login="juror")
    membership = await Membership.filter(person_id=juror.person_id, program_id=demo.id).first()
    return {"person_id": juror.person_id, "membership_id": membership.id, "token": "x", "demo": demo,
            "juror_person_id": juror.person_id}


def _form_for(name: str, targets: dict[str, object]) -> dict[str, str]:
    """A form that would succeed (or at least do its work) if the token were not checked."""
    program = str(targets["demo"].id)
    return {
        "login_post": {"login": "coordinator", "password": DEMO_PASSWORD},
        "password_post": {"current": DEMO_PASSWORD, "password": "a-brand-new-passphrase",
                          "confirm": "a-brand-new-passphrase"},
        "person_new_post": person_form(program=program),
        "person_edit_post": person_form(given_name="Forged"),
        "membership_add": {"program": program, "role": "panelist"},
        "membership_status": {"status": "inactive"},
        "link_issue": {"kind": "reset"},
        "welcome_post": {"login": "forged", "password": "a-brand-new-passphrase",
                         "confirm": "a-brand-new-passphrase"},
    }.get(name, {"status": "inactive", "kind": "reset"})


def _walk(table):
    """Every route of the app's table, the routes of its first-segment mounts included."""
    for route in table:
        if isinstance(route, Mount) and route.path != "/static":
            yield from _walk(route.routes)
        else:
            yield route


def state_changing_requests(app, targets: dict[str, object]) -> list[tuple[str, str, str]]:
    """(route name, method, path) for every state-changing method of every route in the table."""
    found = []
    for route in _walk(app.routes):
        if isinstance(route, Mount):
            assert route.path == "/static", f"an unexpected mount {route.path} is not walked"
            continue
        assert isinstance(route, Route), f"{route!r} is neither a Route nor the static Mount"
        methods = sorted(set(route.methods or ()) & set(STATE_CHANGING))
        if not methods:
            continue
        params = {}
        for param, convertor in route.param_convertors.items():
            default = 1 if isinstance(convertor, IdConvertor) else "x"
            params[param] = targets.get(param, default)
        path = app.url_path_for(route.name, **params)
        found.extend((route.name, method, path) for method in methods)
    return found


#: The only routes without the CSRF token: the text provider's webhooks and the one-click stop link of the
#: findings' mail, refused without their signature.
SIGNED_WEBHOOKS = {"texts_inbound", "texts_status", "follow_stop"}  # follow_stop: its signed link


async def _counts() -> dict[str, int]:
    return {
        "people": await Person.all().count(),
        "memberships": await Membership.filter(status="active").count(),
        "links": await AccessLink.all().count(),
        "audit": await AuditEvent.all().count(),
        "accounts": await Account.all().count(),
    }


async def _send_all_without_token(client: httpx.AsyncClient, app, demo) -> dict[str, int]:
    targets = await _targets(demo)
    requests = state_changing_requests(app, targets)
    assert KNOWN_STATE_CHANGING <= {name for name, _, _ in requests}
    not_refused = {}
    for name, method, path in requests:
        response = await client.request(method, path, data=_form_for(name, targets))
        if name in SIGNED_WEBHOOKS:  # no token: the provider's signature is their proof, and it is missing
            if response.status_code != 403 or response.text != "signature required":
                not_refused[f"{method} {path} ({name})"] = response.status_code
            continue
        if response.status_code != 403 or EXPIRED not in Page(response.text).text:
            not_refused[f"{method} {path} ({name})"] = response.status_code
    return not_refused


async def test_every_state_changing_route_refuses_a_signed_in_coordinator_without_a_token(client, app, demo):
    await sign_in(client, "coordinator")
    sessions_before = await WebSession.all().count()
    before = await _counts()

    assert await _send_all_without_token(client, app, demo) == {}

    assert await _counts() == before
    assert await WebSession.all().count() == sessions_before
    juror = await Person.get(id=(await _targets(demo))["person_id"])
    assert juror.given_name == "Aaliyah"
    assert (await client.get("/me")).status_code == 200, "a forged sign-out signed the coordinator out"


async def test_every_state_changing_route_refuses_an_anonymous_visitor_without_a_token(client, app, demo):
    await client.get("/")  # the visitor has this site's CSRF cookie, but no token in the request
    assert client.cookies.get("jc_csrf")
    before = await _counts()

    assert await _send_all_without_token(client, app, demo) == {}

    assert await _counts() == before
    assert await WebSession.all().count() == 0, "a forged sign-in opened a session"


async def test_a_visitor_without_any_cookie_is_refused_even_with_a_token_from_elsewhere(app, demo):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        token = await csrf_token(other)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as fresh:
        response = await fresh.post("/login", data={"csrf_token": token, "login": "coordinator",
                                                    "password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert await WebSession.all().count() == 0


@pytest.mark.parametrize("kind", ["another browser's token", "a made-up token", "an empty token"])
async def test_a_wrong_token_is_refused(client, app, demo, kind):
    await sign_in(client, "coordinator")
    juror = (await _targets(demo))["person_id"]
    if kind == "another browser's token":
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            token = await csrf_token(other)
    else:
        token = "0" * 64 if kind == "a made-up token" else ""
    assert token != await csrf_token(client)

    as_field = await client.post(f"/people/{juror}/edit", data={"csrf_token": token, **person_form()})
    as_header = await client.post(f"/people/{juror}/edit", data=person_form(), headers={"X-CSRF-Token": token})

    assert as_field.status_code == as_header.status_code == 403
    assert EXPIRED in Page(as_field.text).text
    assert (await Person.get(id=juror)).family_name == "Brooks"


async def test_the_token_in_the_htmx_header_is_accepted(client, demo):
    await sign_in(client, "coordinator")
    juror = (await _targets(demo))["person_id"]
    token = await csrf_token(client)

    response = await client.post(f"/people/{juror}/edit", data=person_form(given_name="Aaliyah"),
                                 headers={"X-CSRF-Token": token, "HX-Request": "true"})

    assert response.status_code == 303
    assert (await Person.get(id=juror)).family_name == "Forged"


async def test_the_page_gives_htmx_the_same_token_as_its_forms(client, demo):
    await sign_in(client, "coordinator")
    html = (await client.get("/people")).text
    token = Page(html).csrf
    assert token
    assert f'"X-CSRF-Token": "{token}"' in html


async def test_the_login_form_is_protected_too(client, demo):
    await client.get("/login")

    response = await client.post("/login", data={"login": "coordinator", "password": DEMO_PASSWORD})

    assert response.status_code == 403
    assert "set-cookie" not in response.headers or "jc_session" not in response.headers["set-cookie"]
    assert await WebSession.all().count() == 0
    assert (await client.get("/me")).status_code == 303


async def test_a_multipart_form_with_the_token_is_accepted_and_without_it_refused(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)
    files = {"attachment": ("note.txt", b"nothing to see", "text/plain")}
    form = person_form(program=str(demo.id), family_name="Multipart")

    refused = await client.post("/people/new", data=form, files=files)
    accepted = await client.post("/people/new", data={"csrf_token": token, **form}, files=files)

    assert refused.request.headers["content-type"].startswith("multipart/form-data")
    assert refused.status_code == 403
    assert accepted.status_code == 303
    assert await Person.filter(family_name="Multipart").count() == 1


async def test_a_token_from_before_sign_in_is_refused_after_it(client, demo):
    before = await csrf_token(client)
    await sign_in(client, "coordinator")
    juror = (await _targets(demo))["person_id"]

    response = await client.post(f"/people/{juror}/edit", data={"csrf_token": before, **person_form()})

    assert response.status_code == 403 and EXPIRED in Page(response.text).text
    assert (await Person.get(id=juror)).family_name == "Brooks"


@pytest.mark.parametrize("issued", ["while signed in", "after signing out"])
async def test_a_token_from_before_a_sign_out_is_refused_after_the_next_sign_in(client, demo, issued):
    await sign_in(client, "coordinator")
    old = await csrf_token(client)
    await client.post("/logout", data={"csrf_token": old})
    if issued == "after signing out":
        old = await csrf_token(client)
    await sign_in(client, "coordinator")
    juror = (await _targets(demo))["person_id"]

    response = await client.post(f"/people/{juror}/edit", data={"csrf_token": old, **person_form()})
    as_header = await client.post(f"/people/{juror}/edit", data=person_form(), headers={"X-CSRF-Token": old})

    assert response.status_code == as_header.status_code == 403
    assert (await Person.get(id=juror)).family_name == "Brooks"


async def test_signing_in_and_out_gives_the_browser_a_new_csrf_cookie(client, demo):
    await client.get("/login")
    first = client.cookies.get("jc_csrf")
    await sign_in(client, "coordinator")
    second = client.cookies.get("jc_csrf")
    await client.post("/logout", data={"csrf_token": await csrf_token(client)})
    assert len({first, second, client.cookies.get("jc_csrf")}) == 3


async def test_a_request_the_browser_says_came_from_another_site_is_refused_even_with_the_token(client, demo):
    await sign_in(client, "coordinator")
    juror = (await _targets(demo))["person_id"]
    token = await csrf_token(client)

    cross = await client.post(f"/people/{juror}/edit", data={"csrf_token": token, **person_form()},
                              headers={"Sec-Fetch-Site": "cross-site"})
    same = await client.post(f"/people/{juror}/edit", data={"csrf_token": token, **person_form()},
                             headers={"Sec-Fetch-Site": "same-origin"})

    assert cross.status_code == 403 and "came from another site" in Page(cross.text).text
    assert same.status_code == 303
    assert (await Person.get(id=juror)).family_name == "Forged"


async def test_a_cross_site_sign_in_is_refused(client, demo):
    token = await csrf_token(client)
    response = await client.post("/login", data={"csrf_token": token, "login": "coordinator",
                                                 "password": DEMO_PASSWORD}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert await WebSession.all().count() == 0


async def test_the_guards_refusals_speak_the_visitors_language(client, demo):
    """RequestGuard refuses before the app runs; its page and message still follow the visitor's
    language: the browser's for a visitor, the stored one for a signed-in person."""
    spanish = {"Accept-Language": "es-US,es;q=0.9"}
    await client.get("/login", headers=spanish)  # a CSRF cookie, but no token sent
    refused = await client.post("/login", data={"login": "x", "password": "y"}, headers=spanish)
    assert refused.status_code == 403
    page = Page(refused.text)
    assert "Este formulario venció o no vino de este sitio" in page.text and EXPIRED not in page.text
    assert '<html lang="es-US"' in refused.text
    cross = await client.post("/login", data={"login": "x"}, headers={**spanish, "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403 and "Esta solicitud venía de otro sitio" in Page(cross.text).text
    too_long = await client.post("/login", content=b"x", headers={**spanish, "Content-Length": "many"})
    assert too_long.status_code == 400 and "The request's length is not a number." not in too_long.text
    await sign_in(client, "juror_es")  # Mateo reads jurycourt in Spanish, whatever his browser says
    mine = await client.post("/me/language", data={"language": "en-US"}, headers={"Accept-Language": "en-US"})
    assert mine.status_code == 403 and "Este formulario venció" in Page(mine.text).text
