"""Helpers for HTTP tests: sign in, send forms with their CSRF token, read HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import httpx

from jurycourt.auth.sessions import viewer_for
from jurycourt.auth.tokens import new_token
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.web.middleware import csrf_token_for


def client_for(app: Any, *, address: tuple[str, int] = ("127.0.0.1", 50000), base_url: str = "http://testserver",
               raise_app_exceptions: bool = True) -> httpx.AsyncClient:
    """An in-process client of ``app`` (from ``address``) whose form posts get their CSRF token made
    directly, as the middleware makes it: no page is fetched for it (see ``csrf_token``)."""
    transport = httpx.ASGITransport(app=app, client=address, raise_app_exceptions=raise_app_exceptions)
    http = httpx.AsyncClient(transport=transport, base_url=base_url)
    http.app = app  # type: ignore[attr-defined]
    return http


def _cookie(client: httpx.AsyncClient, name: str) -> str | None:
    values = [cookie.value for cookie in client.cookies.jar if cookie.name == name]
    return values[-1] if values else None


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The CSRF token a page would put in this client's forms. For the ``client`` fixture it is made
    here as the middleware makes it (an HMAC of the CSRF cookie and the session, see
    ``web.middleware.csrf_token_for``), giving the client a CSRF cookie when it has none; so is it
    for a client made by ``client_for``. Any other client (a real server's) fetches a page for it."""
    app = getattr(client, "app", None)
    if app is None:
        response = await client.get("/login")
        return Page(response.text).csrf or await _from_page(client)
    settings = app.state.settings
    cookie = _cookie(client, settings.csrf_cookie)
    if cookie is None or len(cookie) < 32:
        cookie = new_token()
        client.cookies.set(settings.csrf_cookie, cookie, domain="testserver.local")
    # The session the middleware sees: none once it has ended, even while its cookie stays.
    viewer = await viewer_for(_cookie(client, settings.session_cookie), settings)
    return csrf_token_for(settings, cookie, viewer.session_id)


async def _from_page(client: httpx.AsyncClient) -> str:
    response = await client.get("/")
    token = Page(response.text).csrf
    assert token, "no CSRF token on the home page"
    return token


async def post_form(client: httpx.AsyncClient, url: str, data: dict[str, str] | None = None,
                    **kwargs) -> httpx.Response:
    token = await csrf_token(client)
    return await client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


async def sign_in(client: httpx.AsyncClient, login: str, password: str = DEMO_PASSWORD) -> httpx.Response:
    response = await post_form(client, "/login", {"login": login, "password": password})
    assert response.status_code == 303, f"sign-in as {login} failed: {response.status_code}"
    return response


class Page(HTMLParser):
    """A parsed page: its text, links, forms' hidden CSRF token, and elements by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text_parts: list[str] = []
        self.links: list[str] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.csrf = ""
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value", "")
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())
