"""The public site: the findings index and search, each report's page, and Atom feeds.

No account needed and no JavaScript. Anonymous visitors get an ETag and Last-Modified and a 304
when nothing changed; signed-in pages stay ``no-store`` (the middleware sees to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock, i18n
from jurycourt.actions import guard
from jurycourt.domain.publication import KIND_LABELS, PublicationState, read_topics, slugify
from jurycourt.queries import publications as publications_queries
from jurycourt.queries.inquiry_report import for_publication as inquiry_follow_up
from jurycourt.web.caching import conditional
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.params import parse_keyset, search_term
from jurycourt.web.templating import render_public, site_base, url_paths

if TYPE_CHECKING:
    from jurycourt.models import Erratum, Publication

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20


async def _validated(request: Request, follow_up: bool = False,
                     page: bool = True) -> tuple[Response | None, dict[str, str], str]:
    """A 304 when the anonymous visitor's copy is current, else the validators to send and the
    public site's version (which names what the page shows: see render_public). ``follow_up``:
    the page also shows the inquiries' follow-up (responses, statuses, the day's overdue list),
    read in the same query. ``page``: an HTML page (its ETag is the visitor's own: see conditional)."""
    if request.state.viewer.signed_in:
        return None, {}, ""
    version, last = await publications_queries.public_version(clock.today() if follow_up else None)
    return (*conditional(request, version, last, page=page), version)


async def not_modified(request: Request, *, page: bool = True) -> tuple[Response | None, dict[str, str]]:
    """A 304 when the anonymous visitor's copy of a page (or, not ``page``, a download) built from the
    publications is current, and the validators to send otherwise."""
    cached, headers, _ = await _validated(request, page=page)
    return cached, headers


async def findings(request: Request) -> Response:
    cached, headers, version = await _validated(request)
    if cached:
        return cached

    async def context() -> dict:
        params = request.query_params
        search, kind = search_term(params.get("q"), 200), params.get("kind", "")
        topic = slugify(params.get("topic", "")) if params.get("topic") else ""
        hits = await publications_queries.search(search) if search else []
        after = parse_keyset(params.get("after"))
        page = (await publications_queries.public_index(kind, topic, after) if not search
                else publications_queries.IndexPage([], None))

        def next_url() -> str:
            query = {k: v for k, v in (("kind", kind), ("topic", topic)) if v}
            return url_paths(request.app)("findings") + "?" + urlencode({**query, "after": page.next_cursor})

        return {"search": search, "kind": kind, "topic": topic, "hits": hits, "page": page, "next_url": next_url,
                "kinds": list(KIND_LABELS.items()), "topics_of": read_topics, "first_page": after is None}

    return await render_public(request, "findings/index.html", version, context, headers=headers, follow_box=True)


@dataclass(frozen=True)
class WithheldPublication:
    """What the public sees of a withheld publication: no title, topics or text, only the notice."""

    slug: str
    published_at: datetime
    withdrawn_at: datetime
    withdrawal_notice: str
    title: str = ""
    summary: str = ""
    body_html: str = ""
    toc: tuple = ()


def _report_context(publication: Publication, errata: list[Erratum], pdf: bool, inquiry) -> dict:
    withheld = publication.withheld_at is not None  # shown as withdrawn: its notice only
    kind_label = KIND_LABELS[publication.kind]
    withdrawn = publication.state == PublicationState.WITHDRAWN or withheld
    if withheld:
        publication = WithheldPublication(publication.slug, publication.published_at, publication.withheld_at,
                                          i18n.gettext(publication.withdrawal_notice),
                                          i18n.gettext("Withheld publication"))
    return {"p": publication, "errata": [] if withheld else errata,
            "topics": [] if withheld else read_topics(publication.topics),
            "kind_label": kind_label, "withdrawn": withdrawn, "pdf": pdf, "inquiry": None if withheld else inquiry}


async def _still_passing(publication: Publication) -> Publication:
    """The publication as it may be shown: the guard checks it again as the page is built, and a
    text that no longer passes is shown as withheld (actions.guard.may_show)."""
    if publication.withheld_at is None and not await publications_queries.shown_in_full(publication):
        publication.withheld_at = clock.now()  # shown withheld; never saved by a read
        publication.withdrawal_notice = publication.withdrawal_notice or guard.WITHHELD_NOTICE
    return publication


async def _passing_translation(publication: Publication):
    """The translation shown beside the publication, if the guard still lets every word of it
    through (someone it names may have become protected since it was saved)."""
    translations = await publications_queries.translations_of(publication)
    translation = publications_queries.shown_translation(publication, translations)
    if translation is None:
        return None
    for field, text in (("title", translation.title), ("summary", translation.summary),
                        ("body", translation.body_markdown), ("translator", translation.translator_name)):
        if await guard.text_findings(publication.program_id, field, text):
            return None
    return translation


async def _pdf_not_modified(request: Request) -> tuple[Response | None, dict[str, str]]:
    """Validators for a report's PDF: the site's publications plus the inquiries' follow-up (responses,
    statuses, the day's overdue list), read without loading the report itself."""
    cached, headers, _ = await _validated(request, follow_up=True, page=False)
    return cached, headers


async def finding(request: Request) -> Response:
    cached, headers, version = await _validated(request, follow_up=True)
    if cached and request.headers.get("if-none-match", "*").strip() != "*":
        # The ETag names this path at this version of the site, and was only ever sent with the
        # page itself; a slug, once public, stays public (withdrawn pages keep their notice).
        return cached
    if cached:  # If-Modified-Since alone: only for a page that exists
        await publications_queries.public_publication(request.path_params["slug"])
        return cached

    async def context() -> dict:
        # Only when this page is not already rendered at this version of the site: a slug that was
        # rendered at this version existed then, so a kept rendering needs no look-up at all.
        publication, errata = await publications_queries.public_publication(request.path_params["slug"])
        publication = await _still_passing(publication)
        inquiry = await inquiry_follow_up(publication, clock.now().date())
        translation = await _passing_translation(publication)
        return {**_report_context(publication, errata, False, inquiry), "translation": translation}

    return await render_public(request, "findings/report.html", version, context, headers=headers, follow_box=True)


async def finding_pdf(request: Request) -> Response:
    """The report as a PDF, the same text as its page. Published text never changes in place (a
    correction is an erratum, a withdrawal changes the state), so the bytes are kept per version
    (an inquiry report's follow-up is part of the version)."""
    publication, errata = await publications_queries.public_publication(request.path_params["slug"])
    cached, headers = await _pdf_not_modified(request)
    if cached:
        return cached
    publication = await _still_passing(publication)
    inquiry = await inquiry_follow_up(publication, clock.now().date())
    version = (publication.id, publication.state, publication.updated_at, publication.withheld_at is not None,
               tuple(e.id for e in errata),
               inquiry.version if inquiry else "", i18n.current_language())
    store = request.app.state.report_pdfs
    pdf = store.get(version)
    if pdf is None:
        source = {"program": publication.program.name,
                  "address": site_base(request) + url_paths(request.app)("finding", slug=publication.slug)}
        pdf = store[version] = await render_pdf(request, "findings/report_pdf.html",
                                                {**_report_context(publication, errata, True, inquiry), **source})
    return pdf_response(pdf, f"{publication.slug}.pdf", headers)


#: The XML attribute that says what language an element's text is in.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


async def feed(request: Request) -> Response:
    return await _feed(request, "")


async def topic_feed(request: Request) -> Response:
    return await _feed(request, slugify(request.path_params["topic"]))


async def _feed(request: Request, topic: str) -> Response:
    """The feed, built once per version of the public site (and address) for anonymous readers."""
    cached, headers, version = await _validated(request, page=False)
    if cached:
        return cached
    key = ("feed", version, i18n.current_language(), topic)
    store = request.app.state.public_blocks
    body = store.get(key) if version else None
    if body is None:
        body = await _feed_body(request, topic)
        if version:
            store[key] = body
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=headers)


async def _feed_body(request: Request, topic: str) -> str:
    items = await publications_queries.public_feed(topic, FEED_SIZE)
    base = site_base(request)
    index_url = base + url_paths(request.app)("findings")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: i18n.current_language()})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    self_url = base + request.url.path
    sub(root, "id", self_url)
    title = i18n.gettext("jurycourt findings")
    sub(root, "title", i18n.gettext("%(title)s: %(topic)s") % {"title": title, "topic": topic} if topic else title)
    sub(root, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(root, "link", rel="alternate", type="text/html",
        href=index_url + (f"?{urlencode({'topic': topic})}" if topic else ""))
    author = sub(root, "author")
    sub(author, "name", "jurycourt")
    updates = [_updated(p) for p in items]
    sub(root, "updated", max(updates, default=datetime(2000, 1, 1, tzinfo=UTC)).isoformat())
    for publication, updated in zip(items, updates, strict=True):
        url = base + url_paths(request.app)("finding", slug=publication.slug)
        entry = sub(root, "entry", **{XML_LANG: publication.language})  # each entry in its own language
        sub(entry, "id", url)
        sub(entry, "title", publication.title)
        sub(entry, "published", publication.published_at.isoformat())
        sub(entry, "updated", updated.isoformat())
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        for t in read_topics(publication.topics):
            sub(entry, "category", term=t)
        sub(entry, "summary", publication.summary or publication.title)
        sub(entry, "content", _content(publication), type="html")
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _updated(publication: Publication) -> datetime:
    return max([publication.published_at, *(e.published_at for e in publication.errata)])


def _content(publication: Publication) -> str:
    from markupsafe import escape

    errata = "".join(f"<p><strong>Erratum, {e.published_at:%d %b %Y}:</strong> {escape(e.text)}</p>"
                     for e in sorted(publication.errata, key=lambda e: e.published_at))
    return publication.body_html + errata
