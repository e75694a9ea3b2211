"""The headers a browser relies on, on every kind of response; cookies; escaping of what people type."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.routing import Route

from jurycourt.app import create_app
from jurycourt.auth.passwords import make_hasher
from jurycourt.demo import DEMO_PASSWORD, seed_demo
from jurycourt.models import Account
from jurycourt.settings import finalize
from tests.databases import settings_for
from tests.web.helpers import Page, csrf_token, post_form, sign_in

KINDS = ["public page", "sign-in page", "signed-in page", "signed-in list", "not found",
         "refused form", "static file", "server error"]
SCRIPT = "<script>alert(1)</script>"


async def _explode(request):
    raise RuntimeError("a bug with personal data: Tanya Reyes")


def browser(app, base_url: str = "http://testserver") -> httpx.AsyncClient:
    # ServerErrorMiddleware re-raises after answering, for the server's log; the browser sees the page.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=base_url)


async def fetch(kind: str, client: httpx.AsyncClient, app) -> httpx.Response:
    """One response of the given kind, as a browser would receive it."""
    if kind in ("signed-in page", "signed-in list"):
        await sign_in(client, "coordinator")
        return await client.get("/me" if kind == "signed-in page" else "/people")
    if kind == "server error":
        app.router.routes.append(Route("/explode", _explode))
        return await client.get("/explode")
    path = {"public page": "/", "sign-in page": "/login", "not found": "/no/such/page",
            "static file": "/static/css/site.css"}.get(kind)
    if path:
        return await client.get(path)
    assert kind == "refused form"
    await client.get("/")
    return await client.post("/logout", data={})


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        name, *values = part.split()
        parsed[name.lower()] = values
    return parsed


EXPECTED_STATUS = {"public page": 200, "sign-in page": 200, "signed-in page": 200, "signed-in list": 200,
                   "not found": 404, "refused form": 403, "static file": 200, "server error": 500}


@pytest.fixture
async def dev_client(app, demo) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        yield client


@pytest.mark.parametrize("kind", KINDS)
async def test_every_kind_of_response_carries_a_strict_content_security_policy(dev_client, app, kind):
    response = await fetch(kind, dev_client, app)
    assert response.status_code == EXPECTED_STATUS[kind]

    csp = response.headers.get("content-security-policy", "")
    policy = directives(csp)

    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("base-uri") == ["'none'"]
    assert policy.get("frame-ancestors") == ["'none'"]
    assert policy.get("default-src") == ["'self'"]
    assert "*" not in policy.get("script-src", policy["default-src"])


@pytest.mark.parametrize("kind", KINDS)
async def test_every_kind_of_response_forbids_sniffing_framing_and_leaky_referrers(dev_client, app, kind):
    response = await fetch(kind, dev_client, app)
    assert response.status_code == EXPECTED_STATUS[kind]

    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy") in ("same-origin", "no-referrer", "strict-origin")
    assert response.headers.get("cross-origin-opener-policy") == "same-origin"
    assert "strict-transport-security" not in response.headers, "HSTS outside production locks out http"


@pytest.mark.parametrize("path", ["/me", "/people", "/people/new", "/me/password", "/no/such/page"])
async def test_pages_seen_signed_in_are_never_stored_by_the_browser_or_a_proxy(dev_client, demo, path):
    await sign_in(dev_client, "coordinator")
    response = await dev_client.get(path)
    assert response.status_code in (200, 404)
    assert "no-store" in response.headers.get("cache-control", "")


class InlineCode(HTMLParser):
    """Scripts, event handlers and style attributes written into a page, which the CSP would block."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        self.found += [f"{tag}[{name}]" for name in names if name.startswith("on") or name == "style"]
        self.found += [f"{tag}[{name}=javascript:]" for name, value in attrs
                       if (value or "").strip().lower().startswith("javascript:")]


async def test_pages_carry_no_inline_code_that_the_policy_would_block(dev_client, demo):
    anonymous = {path: (await dev_client.get(path)).text for path in ("/", "/login", "/no/such/page")}
    await sign_in(dev_client, "coordinator")
    person = (await Account.get(login="juror")).person_id
    signed = {path: (await dev_client.get(path)).text
              for path in ("/me", "/people", "/people/new", f"/people/{person}", f"/people/{person}/edit")}

    found = {path: InlineCode(html).found for path, html in {**anonymous, **signed}.items()}

    assert found == {path: [] for path in found}


# Production: HSTS, Secure cookies with the __Host- prefix.

@pytest.fixture
async def production_app(database_url: str):
    settings = finalize(settings_for(database_url).with_(environment="production", password_hashing="default"))
    assert settings.production
    application = create_app(settings)
    async with LifespanManager(application):
        await seed_demo(make_hasher("cheapest"))
        yield application


@pytest.fixture
async def production_client(production_app) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(production_app, "https://testserver") as client:
        yield client


@pytest.mark.parametrize("kind", KINDS)
async def test_production_responses_tell_browsers_to_use_https_only(production_client, production_app, kind):
    if kind.startswith("signed-in"):
        await _production_sign_in(production_client)
        response = await production_client.get("/me" if kind == "signed-in page" else "/people")
    elif kind == "refused form":
        await production_client.get("/")
        response = await production_client.post("/logout", data={})
    else:
        response = await fetch(kind, production_client, production_app)
    assert response.status_code == EXPECTED_STATUS[kind]

    hsts = response.headers.get("strict-transport-security", "")
    max_age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
    assert max_age >= 365 * 24 * 3600
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def cookies_set(response: httpx.Response) -> dict[str, dict[str, object]]:
    """name → its attributes, from every Set-Cookie header of the response."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            found[name] = {"value": morsel.value, "httponly": bool(morsel["httponly"]),
                           "secure": bool(morsel["secure"]), "samesite": str(morsel["samesite"]).lower(),
                           "path": morsel["path"], "domain": morsel["domain"]}
    return found


async def _production_sign_in(client: httpx.AsyncClient) -> httpx.Response:
    token = await csrf_token(client)
    response = await client.post("/login", data={"csrf_token": token, "login": "coordinator",
                                                 "password": DEMO_PASSWORD})
    assert response.status_code == 303
    return response


async def test_production_cookies_are_secure_host_only_and_out_of_reach_of_scripts(production_client):
    first_visit = await production_client.get("/login")
    signed_in = await _production_sign_in(production_client)

    csrf = cookies_set(first_visit)["__Host-jc_csrf"]
    session = cookies_set(signed_in)["__Host-jc_session"]

    for cookie in (csrf, session):
        assert cookie["httponly"] and cookie["secure"]
        assert cookie["samesite"] == "lax"
        assert cookie["path"] == "/" and not cookie["domain"]  # what the __Host- prefix demands
    assert "jc_session" not in cookies_set(signed_in)
    assert (await production_client.get("/me")).status_code == 200


async def test_development_cookies_are_http_only_and_same_site_but_work_over_plain_http(client, demo):
    first_visit = await client.get("/login")
    signed_in = await sign_in(client, "coordinator")

    csrf = cookies_set(first_visit)["jc_csrf"]
    session = cookies_set(signed_in)["jc_session"]

    for cookie in (csrf, session):
        assert cookie["httponly"] and cookie["samesite"] == "lax" and cookie["path"] == "/"
        assert not cookie["secure"]
    assert (await client.get("/me")).status_code == 200


# Escaping: what people type is shown as text, never run.

async def test_a_name_that_looks_like_a_script_is_shown_as_text(client, demo):
    await sign_in(client, "coordinator")
    created = await post_form(client, "/people/new", {
        "given_name": SCRIPT, "family_name": '"><img src=x onerror=alert(2)>', "preferred_name": "",
        "date_of_birth": "", "email": "", "phone": "", "address": "", "program": str(demo.id), "role": "juror",
    })
    assert created.status_code == 303
    detail_path = created.headers["location"]

    pages = {
        "list": await client.get("/people", params={"q": "alert"}),
        "detail": await client.get(detail_path),
        "edit": await client.get(detail_path + "/edit"),
    }

    for name, response in pages.items():
        assert response.status_code == 200, name
        assert SCRIPT not in response.text, name
        assert "<img src=x" not in response.text, name
        assert InlineCode(response.text).found == [], name
    assert SCRIPT in Page(pages["list"].text).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["detail"].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["edit"].text
