"""Limits on what a request may carry, and the pages people see when something goes wrong."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.routing import Route
from tortoise import connections
from tortoise.exceptions import DBConnectionError

from jurycourt.models import Person
from tests.databases import settings_for
from tests.web.helpers import Page, client_for, csrf_token, sign_in

BODY_LIMIT = 8192
FIELD_LIMIT = 512
FIELD_COUNT_LIMIT = 30
SECRET_DETAIL = "Tanya Reyes lives at 12 Elm St"  # what an exception message might hold


@pytest.fixture
def settings(database_url: str):
    """Small limits, so that going over them is cheap."""
    return settings_for(database_url, max_body_bytes=BODY_LIMIT, max_upload_bytes=2 * BODY_LIMIT,
                        max_field_bytes=FIELD_LIMIT, max_fields=FIELD_COUNT_LIMIT)


@pytest.fixture
async def browser(app) -> AsyncIterator[httpx.AsyncClient]:
    """A client that, like a browser, sees the 500 page rather than the server's re-raised error."""
    async with client_for(app, raise_app_exceptions=False) as client:
        yield client


def person_form(program_id: int, **extra: str) -> dict[str, str]:
    """A valid new-person form: 9 fields, plus ``extra``."""
    return {"given_name": "Lena", "family_name": "Limits", "preferred_name": "", "date_of_birth": "",
            "email": "", "phone": "", "address": "", "program": str(program_id), "role": "juror", **extra}


def assert_site_error_page(response: httpx.Response, status: int) -> Page:
    """The site's own error page: HTML, in the layout, with no trace of the code behind it."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert 'class="site-header"' in response.text and "site-footer" in response.text
    for leak in ("Traceback", 'File "', ".py", "RuntimeError", "Exception", SECRET_DETAIL):
        assert leak not in response.text, leak
    return page


# Request size.

async def _call_asgi(app, method: str, path: str, headers: dict[str, str], chunks, chunk_size: int):
    """Call the app directly, counting how much of the body it asks for."""
    read = {"calls": 0, "bytes": 0}

    async def receive():
        if read["calls"] >= chunks:
            return {"type": "http.request", "body": b"", "more_body": False}
        read["calls"] += 1
        read["bytes"] += chunk_size
        return {"type": "http.request", "body": b"a" * chunk_size, "more_body": True}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body.decode(), read


async def test_a_body_declared_larger_than_the_limit_is_refused_without_reading_it(app):
    status, html, read = await _call_asgi(
        app, "POST", "/login",
        {"content-type": "application/x-www-form-urlencoded", "content-length": str(100 * BODY_LIMIT)},
        chunks=100, chunk_size=BODY_LIMIT,
    )

    assert status == 413
    assert read["calls"] == 0, "the app read a body it had already decided to refuse"
    assert "more than this site accepts" in Page(html).text


async def test_a_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit(app):
    status, _, read = await _call_asgi(
        app, "POST", "/login", {"content-type": "application/x-www-form-urlencoded"},
        chunks=1000, chunk_size=1024,
    )

    assert status == 413
    assert read["bytes"] <= BODY_LIMIT + 1024, f"read {read['bytes']} bytes of an oversized body"


async def test_an_oversized_form_gets_the_too_large_page(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)

    response = await client.post("/people/new",
                                 data=person_form(demo.id, csrf_token=token, notes="x" * BODY_LIMIT))

    page = assert_site_error_page(response, 413)
    assert "That is too large" in page.text
    assert await Person.filter(family_name="Limits").count() == 0


# Form fields.

async def test_a_form_field_over_the_limit_is_refused_with_an_error_page(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)

    # Starlette counts a urlencoded field's name with its value.
    just_under = await client.post("/people/new", data=person_form(
        demo.id, csrf_token=token, notes="x" * (FIELD_LIMIT - len("notes"))))
    over = await client.post("/people/new", data=person_form(
        demo.id, csrf_token=token, notes="x" * (FIELD_LIMIT + 1)))

    assert just_under.status_code == 303
    page = assert_site_error_page(over, 400)
    assert "field" in page.text.lower()
    assert await Person.filter(family_name="Limits").count() == 1


async def test_a_multipart_field_over_the_limit_is_refused(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)
    files = {"attachment": ("a.txt", b"small", "text/plain")}

    response = await client.post("/people/new", files=files,
                                 data=person_form(demo.id, csrf_token=token, notes="x" * (FIELD_LIMIT + 1)))

    assert_site_error_page(response, 400)
    assert await Person.filter(family_name="Limits").count() == 0


def extra_fields(count: int, same_name: bool) -> list[tuple[str, str]]:
    return [("extra" if same_name else f"extra{n}", "1") for n in range(count)]


@pytest.mark.parametrize("same_name", [False, True], ids=["distinct names", "one repeated name"])
async def test_a_form_with_too_many_fields_is_refused(client, demo, same_name):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)
    form = list(person_form(demo.id, csrf_token=token).items())  # 10 fields
    room = FIELD_COUNT_LIMIT - len(form)

    at_limit = await client.post("/people/new", content=_urlencode(form + extra_fields(room, same_name)),
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    over = await client.post("/people/new", content=_urlencode(form + extra_fields(room + 1, same_name)),
                             headers={"content-type": "application/x-www-form-urlencoded"})

    assert at_limit.status_code == 303
    page = assert_site_error_page(over, 400)
    assert "too many" in page.text.lower()
    assert await Person.filter(family_name="Limits").count() == 1


async def test_a_multipart_form_with_too_many_fields_is_refused(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)
    data = person_form(demo.id, csrf_token=token, **dict(extra_fields(FIELD_COUNT_LIMIT, False)))

    response = await client.post("/people/new", data=data, files={"attachment": ("a.txt", b"x", "text/plain")})

    assert_site_error_page(response, 400)
    assert await Person.filter(family_name="Limits").count() == 0


def _urlencode(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode()


# Error pages.

@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
async def test_a_missing_page_is_a_friendly_page_in_the_site_layout(client, demo, signed_in):
    if signed_in:
        await sign_in(client, "coordinator")

    response = await client.get("/no/such/page")

    page = assert_site_error_page(response, 404)
    assert page.title.startswith("Page not found")
    assert ("Sign out" in page.text) == signed_in


async def test_a_wrong_method_is_a_friendly_page_that_names_the_allowed_ones(client, demo):
    await sign_in(client, "coordinator")
    token = await csrf_token(client)

    get_a_form_action = await client.get("/logout")
    post_to_a_page = await client.post("/", data={"csrf_token": token})

    page = assert_site_error_page(get_a_form_action, 405)
    assert "That isn't allowed here" in page.text
    assert "POST" in get_a_form_action.headers.get("allow", "")
    assert_site_error_page(post_to_a_page, 405)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
async def test_an_unexpected_error_shows_a_plain_apology_and_no_traceback(app, browser, demo, signed_in):
    async def broken_view(request):
        raise RuntimeError(SECRET_DETAIL)

    app.router.routes.append(Route("/broken", broken_view))
    if signed_in:
        await sign_in(browser, "coordinator")

    response = await browser.get("/broken")

    page = assert_site_error_page(response, 500)
    assert "Something went wrong on our side" in page.text
    assert ("Sign out" in page.text) == signed_in


# The health check and a database outage.

def take_the_database_down(monkeypatch) -> None:
    """Every query fails as it would with the database server gone."""

    async def unreachable(*args, **kwargs):
        raise DBConnectionError(f"could not connect to server: {SECRET_DETAIL}")

    connection = connections.get("default")
    for method in ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script"):
        monkeypatch.setattr(connection, method, unreachable)


async def test_the_health_check_says_ok_while_the_database_answers(client):
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.text.strip() == "ok"


async def test_the_health_check_says_unavailable_when_the_database_is_unreachable(client, monkeypatch):
    take_the_database_down(monkeypatch)

    response = await client.get("/healthz")

    assert response.status_code == 503
    assert "unavailable" in response.text
    assert SECRET_DETAIL not in response.text and "Error" not in response.text


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
async def test_pages_during_a_database_outage_say_so_kindly(browser, demo, monkeypatch, signed_in):
    if signed_in:
        await sign_in(browser, "coordinator")
    take_the_database_down(monkeypatch)

    response = await browser.get("/me" if signed_in else "/")

    page = assert_site_error_page(response, 503)
    assert "can't reach the database right now" in page.text
