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


async def fetch(kind: str, client: httpx.AsyncClient) -> httpx.Response:
    """One response of the given kind, as a browser would receive it."""
    if kind in ("signed-in page", "signed-in list"):
        token = await csrf_token(client)
        signed_in = await client.post("/login", data={"csrf_token": token, "login": "coordinator",
                                                      "password": DEMO_PASSWORD})
        assert signed_in.status_code == 303
        return await client.get("/me" if kind == "signed-in page" else "/people")
    if kind == "refused form":
        await client.get("/")
        return await client.post("/logout", data={})
    path = {"public page": "/", "sign-in page": "/login", "not found": "/no/such/page",
            "static file": "/static/css/site.css", "server error": "/explode"}[kind]
    return await client.get(path)


async def every_kind_of_response(app, base_url: str = "http://testserver") -> dict[str, httpx.Response]:
    """kind → a response of that kind, each fetched by a browser of its own."""
    app.router.routes.append(Route("/explode", _explode))
    responses = {}
    for kind in KINDS:
        async with browser(app, base_url) as client:
            responses[kind] = await fetch(kind, client)
    assert {k: r.status_code for k, r in responses.items()} == EXPECTED_STATUS
    return responses


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        name, *values = part.split()
        parsed[name.lower()] = values
    return parsed


def csp_problems(response: httpx.Response) -> list[str]:
    csp = response.headers.get("content-security-policy", "")
    if not csp:
        return ["no Content-Security-Policy"]
    policy = directives(csp)
    problems = [f"allows {word}" for word in ("unsafe-inline", "unsafe-eval") if word in csp]
    problems += [f"{name} is not 'none'" for name in ("object-src", "base-uri", "frame-ancestors")
                 if policy.get(name) != ["'none'"]]
    if policy.get("default-src") != ["'self'"]:
        problems.append("default-src is not 'self'")
    if "*" in policy.get("script-src", policy.get("default-src", [])):
        problems.append("scripts from anywhere")
    return problems


def header_problems(response: httpx.Response) -> list[str]:
    h = response.headers
    problems = []
    if h.get("x-content-type-options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if h.get("referrer-policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append("Referrer-Policy leaks addresses to other sites")
    if h.get("cross-origin-opener-policy") != "same-origin":
        problems.append("no Cross-Origin-Opener-Policy")
    return problems


EXPECTED_STATUS = {"public page": 200, "sign-in page": 200, "signed-in page": 200, "signed-in list": 200,
                   "not found": 404, "refused form": 403, "static file": 200, "server error": 500}


async def test_every_kind_of_response_carries_a_strict_content_security_policy(app, demo):
    responses = await every_kind_of_response(app)

    assert {kind: csp_problems(r) for kind, r in responses.items()} == dict.fromkeys(KINDS, [])


async def test_every_kind_of_response_forbids_sniffing_and_leaky_referrers(app, demo):
    responses = await every_kind_of_response(app)

    assert {kind: header_problems(r) for kind, r in responses.items()} == dict.fromkeys(KINDS, [])


async def test_no_response_asks_for_https_only_outside_production(app, demo):
    responses = await every_kind_of_response(app)

    assert [kind for kind, r in responses.items() if "strict-transport-security" in r.headers] == []


@pytest.fixture
async def dev_client(app, demo) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        yield client


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
    settings = finalize(settings_for(database_url).with_(environment="production", password_hashing="default",
                                                                base_url="https://testserver"))
    assert settings.production
    application = create_app(settings)
    async with LifespanManager(application):
        await seed_demo(make_hasher("cheapest"))
        yield application


@pytest.fixture
async def production_client(production_app) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(production_app, "https://testserver") as client:
        yield client


async def test_production_responses_tell_browsers_to_use_https_only(production_app):
    responses = await every_kind_of_response(production_app, "https://testserver")

    def hsts_max_age(response: httpx.Response) -> int:
        hsts = response.headers.get("strict-transport-security", "")
        return int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0

    too_short = {kind: hsts_max_age(r) for kind, r in responses.items() if hsts_max_age(r) < 365 * 24 * 3600}
    assert too_short == {}
    assert {kind: csp_problems(r) for kind, r in responses.items()} == dict.fromkeys(KINDS, [])


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
