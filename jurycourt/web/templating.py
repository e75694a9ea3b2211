"""Jinja2 set-up and the one way to render a page or its htmx fragment."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Hashable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute

from jurycourt import i18n
from jurycourt.domain import plain_words
from jurycourt.formats.ics import web_calendar_links
from jurycourt.i18n import formatting
from jurycourt.settings import ROOT, Settings
from jurycourt.web import state_tests
from jurycourt.web.menu import menu_links

TEMPLATES = ROOT / "templates"


def make_environment(settings: Settings) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined if not settings.production else jinja2.Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Newstyle gettext: `_("%(n)s seats", n=3)` formats after translating, and escapes the values.
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True,
                                  pgettext=i18n.pgettext, npgettext=i18n.npgettext)
    site_zone = ZoneInfo(settings.time_zone)

    def day(value: date | datetime | None, shape: str = "date", zone: str | None = None) -> str:
        """A date in the reader's language; a UTC datetime's local date in ``zone`` (else the site's)."""
        return formatting.local_date(value, shape, zone or site_zone)

    def when(value: datetime | None, zone: str | None = None, shape: str = "weekday") -> str:
        """A UTC datetime as a local date and time in ``zone`` (else the site's)."""
        return formatting.local_datetime(value, zone or site_zone, shape)

    def time_of_day(value: datetime | None, zone: str | None = None) -> str:
        return formatting.local_time(value, zone or site_zone)

    env.filters.update(machine=machine_time, tel=phone_link, hours=formatting.duration, day=day, when=when,
                       time_of_day=time_of_day,
                       dollars=formatting.money, number=formatting.number, percent=formatting.percent)
    # The family's words for domain words (domain/plain_words.py): `{{ case.state|plain_case_state }}`.
    env.filters.update(plain=plain_words.plain, plain_case_state=plain_words.case_state,
                       plain_matter_state=plain_words.matter_state,
                       plain_status=plain_words.obligation_status, role_for_self=plain_words.role_for_self)
    # Text stored in English and marked with N_ (a draw's status message, a delivery failure), translated
    # for the reader where shown; text the catalogue does not hold (a library's own words) stays as it is.
    env.filters["translated"] = translated
    env.globals["calendar_links"] = web_calendar_links
    env.globals["production"] = settings.production
    env.globals["menu_links"] = menu_links
    env.globals["current_language"] = i18n.current_language
    env.globals["languages"] = i18n.LANGUAGES
    state_tests.install(env)
    return env


def translated(message: str | None) -> str:
    """A stored English message (marked with ``N_``) in the reader's language; empty stays empty (gettext
    would give the catalogue's header for it)."""
    return i18n.gettext(message) if message else ""


def phone_link(number: str) -> str:
    """A ``tel:`` address: the number's digits (and a leading +) only, as dialers want them."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def machine_time(value: date | datetime) -> str:
    """A ``<time datetime>`` value: a date as it is, a moment in UTC to the second (HTML allows at
    most three digits of a second's fraction, and a reader needs none)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def path_builder(app: Starlette, table: list[BaseRoute]) -> Callable[..., str]:
    """``url_path_for`` that finds a name in the one named route table (``web.routes``) by the
    name, and has that route build the path (Starlette's ``url_path_for`` asks every route in turn,
    which was most of a page's rendering time: a page links to a dozen or more). Nothing is
    remembered between calls; a name the table lacks goes to the app."""
    by_name: dict[str, BaseRoute] = {}
    for route in table:
        name = getattr(route, "name", None)
        if name:
            by_name.setdefault(name, route)  # the first of a name, as Starlette's own walk finds it

    def url_for(name: str, /, **params: Any) -> str:
        route = by_name.get(name)
        return route.url_path_for(name, **params) if route is not None else app.url_path_for(name, **params)

    return url_for


def url_paths(app: Starlette) -> Callable[..., str]:
    """The app's path builder (templates get it as ``url_for``): ``path_builder``, set up by the app."""
    return app.state.url_path_for


def absolute_url(request: Request, name: str, /, **params: Any) -> str:
    """The full address of a route, built on JURYCOURT_BASE_URL: never from the request's Host
    header, which whoever sends the request chooses (a link in a message must point here)."""
    return request.app.state.settings.base_url + url_paths(request.app)(name, **params)


def site_base(request: Request) -> str:
    """JURYCOURT_BASE_URL: the start of every full address the site hands out (links, feed ids)."""
    return request.app.state.settings.base_url


def is_partial(request: Request) -> bool:
    """htmx 4 asks for a fragment with HX-Request-Type: partial (full for boosts and history)."""
    return request.headers.get("hx-request-type") == "partial"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    fragment: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template``, or ``fragment`` (its ``_part.html``) for an htmx partial request, for
    this request alone (no page or fragment is kept for another viewer or request)."""
    env: jinja2.Environment = request.app.state.templates
    name = fragment if fragment and is_partial(request) else template
    ctx = {
        "request": request,
        "viewer": request.state.viewer,
        "csrf_token": request.state.csrf_token,
        "url_for": url_paths(request.app),
        **(context or {}),
    }
    html = env.get_template(name).render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    if fragment:
        response.headers.append("Vary", "HX-Request-Type")
    if request.method != "GET" and request.headers.get("hx-request"):
        # A page that answers a boosted form post has no URL of its own: keep the address bar
        # on the form's page rather than push a POST-only URL that reloads as 405.
        response.headers["HX-Push-Url"] = "false"
    return response


#: The blocks a public page's template may define, rendered once per version by ``render_public``.
PUBLIC_BLOCKS = ("title", "head", "main")


async def render_public(request: Request, template: str, version: Hashable,
                        context: Callable[[], Awaitable[dict[str, Any]]], *,
                        headers: dict[str, str] | None = None, follow_box: bool = False) -> HTMLResponse:
    """A public page for an anonymous visitor, its own blocks rendered once per ``version`` and URL.

    ``version`` must name everything the page's blocks show (the ETag's seed does: the public
    site's version, the impact figures'); the URL is added here. The blocks are rendered from
    ``context()`` (called only when they are not cached) and kept in the app's version cache
    (serving/caches.py); the layout around
    them (navigation, the visitor's CSRF token) is rendered for every request. Public pages'
    blocks hold no form that needs a CSRF token and nothing about the viewer, and import their
    macros inside the block (a block rendered alone does not run the template's top level).
    Signed-in visitors get an ordinary render. ``follow_box``: the layout adds the follow-by-email
    form (it needs the visitor's CSRF token), as the page's own ``after_main`` block does when signed in."""
    if request.state.viewer.signed_in:
        return render(request, template, await context(), headers=headers)
    cache = request.app.state.public_blocks
    key = (template, version, i18n.current_language(), request.url.path, request.url.query)
    blocks = cache.get(key)
    if blocks is None:
        env: jinja2.Environment = request.app.state.templates
        page = env.get_template(template)
        values = {"request": request, "viewer": request.state.viewer, "url_for": url_paths(request.app),
                  **await context()}
        # The blocks' output is the autoescaping template's own HTML, as safe as if rendered in place.
        blocks = {name: Markup("".join(page.blocks[name](page.new_context(values))))  # noqa: S704
                  for name in PUBLIC_BLOCKS if name in page.blocks}
        cache[key] = blocks
    return render(request, "_public_page.html", {"blocks": blocks, "follow_box": follow_box}, headers=headers)
