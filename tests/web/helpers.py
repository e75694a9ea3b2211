"""Helpers for HTTP tests: sign in, send forms with their CSRF token, read HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx

from jurycourt.auth.tokens import digest, new_token
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.web.middleware import csrf_token_for


def _cookie(client: httpx.AsyncClient, name: str) -> str | None:
    values = [cookie.value for cookie in client.cookies.jar if cookie.name == name]
    return values[-1] if values else None


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The CSRF token a page would put in this client's forms. For the ``client`` fixture it is made
    here as the middleware makes it (an HMAC of the CSRF cookie and the session, see
    ``web.middleware.csrf_token_for``), giving the client a CSRF cookie when it has none; any other
    client fetches a page for it."""
    app = getattr(client, "app", None)
    if app is None:
        response = await client.get("/login")
        return Page(response.text).csrf or await _from_page(client)
    settings = app.state.settings
    cookie = _cookie(client, settings.csrf_cookie)
    if cookie is None or len(cookie) < 32:
        cookie = new_token()
        client.cookies.set(settings.csrf_cookie, cookie, domain="testserver.local")
    session = _cookie(client, settings.session_cookie)
    return csrf_token_for(settings, cookie, digest(session) if session else None)


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
