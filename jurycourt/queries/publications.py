"""Reading publications: the public index, search, feeds and report pages, and the coordinators' lists.

Every public read goes through ``actions.guard.may_show``: the guard runs again as each output is
built, so a text that names someone who became protected after it went out is never emitted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup, escape
from tortoise import connections
from tortoise.expressions import Q

from jurycourt import i18n
from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.db import as_utc, fetch_rows
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models import Erratum, Publication, PublicationTranslation
from jurycourt.queries.inquiry_report import FOLLOW_UP_COLUMNS, follow_up_version
from jurycourt.queries.publication_guard import may_show

INDEX_SIZE = 10
#: What the index shows of each publication (not the bodies, which are most of a row's bytes).
INDEX_FIELDS = ("id", "kind", "slug", "title", "summary", "topics", "published_at")
SEARCH_SIZE = 20
MARK_START, MARK_END = "\ue000", "\ue001"


@dataclass(frozen=True)
class IndexPage:
    items: list[Publication]
    next_cursor: str | None


def cursor_of(publication: Publication) -> str:
    """``<published_at ISO>_<id>``: read back by ``jurycourt.web.params.parse_keyset``."""
    return f"{publication.published_at.isoformat()}_{publication.id}"


async def public_index(kind: str = "", topic: str = "", after: tuple[datetime, int] | None = None) -> IndexPage:
    """Published publications, newest first, one keyset page at a time (by published_at, id)."""
    query = Publication.filter(state=PublicationState.PUBLISHED, withheld_at__isnull=True)
    if kind in PublicationKind.__members__.values():
        query = query.filter(kind=kind)
    if topic:
        query = query.filter(topics__contains=f",{topic},")
    if after:
        at, ident = after
        # (published_at, id) < (at, ident), written so the index on published_at bounds the range:
        # with only the OR, the database walks every newer row to find the page.
        query = query.filter(Q(published_at__lte=at) & (Q(published_at__lt=at) | Q(id__lt=ident)))
    rows = list(await query.order_by("-published_at", "-id").limit(INDEX_SIZE + 1).only(*INDEX_FIELDS))
    more = len(rows) > INDEX_SIZE
    items = rows[:INDEX_SIZE]
    return IndexPage(await may_show(items), cursor_of(items[-1]) if more else None)


async def public_version(follow_up: date | None = None) -> tuple[str, datetime | None]:
    """What changes whenever the public site changes: (a version, the last change).

    Publishing, withdrawing and confirming a withdrawal all stamp ``updated_at``, and a published
    text never changes otherwise, so the latest stamp moves with every public change (a draft's
    edit moves it too: a needless refresh, never a stale page); withdrawals and errata are
    counted. The latest stamp is one seek in the ``updated_at`` index, so revalidating costs the
    same with 100,000 publications as with ten. With ``follow_up`` (today), the inquiries'
    follow-up (queries.inquiry_report.follow_up_version) is read in the same query, for report pages.
    """
    extra = f", {FOLLOW_UP_COLUMNS}" if follow_up else ""
    row = (await fetch_rows(
        "SELECT (SELECT COUNT(*) FROM publication WHERE state = 'withdrawn'), "  # noqa: S608 - fixed SQL only
        f"(SELECT MAX(updated_at) FROM publication), (SELECT COUNT(*) FROM erratum){extra}"))[0]
    withdrawn, last, errata = row[:3]
    last = as_utc(last) if last is not None else None
    version = f"{int(withdrawn)}|{last.isoformat() if last else ''}|{int(errata)}"
    if follow_up:
        more, changed_at = follow_up_version(row[3:], follow_up)
        version, last = f"{version}|{more}", max(changed_at, last) if last else changed_at
    return version, last


async def public_publication(slug: str) -> tuple[Publication, list[Erratum]]:
    """A published (or withdrawn) publication, with its program (named in its PDF's footer), and its
    errata, oldest first; 404 for anything else. Whether it may be shown is ``shown_in_full``'s to say."""
    publication = await Publication.filter(
        slug=slug, state__in=[PublicationState.PUBLISHED, PublicationState.WITHDRAWN]).select_related("program").first()
    if publication is None:
        raise NotFound()
    errata = await Erratum.filter(publication_id=publication.id).order_by("published_at", "id")
    return publication, list(errata)


async def shown_in_full(publication: Publication) -> bool:
    """Whether the report's page (and PDF) may show the publication's text, or only that it is
    withheld (actions.guard.may_show, the one way every public output decides it)."""
    return bool(await may_show([publication]))


@dataclass(frozen=True)
class SearchHit:
    publication: Publication
    title: Markup
    snippet: Markup


def _marked(text: str) -> Markup:
    """Escape a search snippet, then turn the database's match markers into <mark>."""
    text = " ".join(re.sub(r"[*#|`>]+", " ", text).split())  # Markdown marks mean nothing in a snippet
    safe = str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return Markup(safe)  # noqa: S704 - escaped above; only our own markers became tags


def search_terms(q: str) -> list[str]:
    """The words of a query, without anything the full-text syntax would read as an operator."""
    return re.findall(r"\w+", q.replace(MARK_START, "").replace(MARK_END, ""))[:12]


async def search(q: str) -> list[SearchHit]:
    """Published publications matching every word of ``q``, best first, with marked snippets."""
    words = search_terms(q)
    if not words:
        return []
    if connections.get("default").capabilities.dialect == "postgres":
        # Each publication is read with its own language's rules (s.config), the query too.
        title = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"  # i18n: internal
        snippet = (f"StartSel={MARK_START}, StopSel={MARK_END}, "  # i18n: internal
                   "MaxWords=35, MinWords=15, MaxFragments=2")  # i18n: internal
        rows = await fetch_rows(lambda p: (
            f"SELECT p.id, ts_headline(s.config, p.title, q.query, {p(title)}), "  # noqa: S608 - only placeholders are interpolated
            f"ts_headline(s.config, p.summary || ' ' || p.body_markdown, q.query, {p(snippet)}) "
            "FROM publication p JOIN publication_search s ON s.publication_id = p.id, "
            f"LATERAL (SELECT plainto_tsquery(s.config, unaccent_text({p(' '.join(words))})) AS query) q "
            "WHERE p.state = 'published' AND p.withheld_at IS NULL AND s.document @@ q.query "
            f"ORDER BY ts_rank(s.document, q.query) DESC, p.published_at DESC LIMIT {p(SEARCH_SIZE)}"))
    else:
        match = " ".join(f'"{w}"' for w in words)
        rows = await fetch_rows(lambda p: (
            f"SELECT p.id, highlight(publication_fts, 0, {p(MARK_START)}, {p(MARK_END)}),"  # noqa: S608 - only placeholders are interpolated
            f" snippet(publication_fts, -1, {p(MARK_START)}, {p(MARK_END)}, '…', 24) "
            "FROM publication_fts JOIN publication p ON p.id = publication_fts.rowid "
            f"WHERE publication_fts MATCH {p(match)} AND p.state = 'published' AND p.withheld_at IS NULL "
            f"ORDER BY bm25(publication_fts, 10.0, 4.0, 1.0), p.published_at DESC LIMIT {p(SEARCH_SIZE)}"))
    by_id = {p.id: p for p in await may_show(await Publication.filter(id__in=[r[0] for r in rows]))}
    return [SearchHit(by_id[r[0]], _marked(r[1]), _marked(r[2])) for r in rows if r[0] in by_id]


async def public_feed(topic: str, size: int) -> list[Publication]:
    """The newest published texts (of ``topic``) a feed may carry, with their errata."""
    query = Publication.filter(state=PublicationState.PUBLISHED, withheld_at__isnull=True)
    if topic:
        query = query.filter(topics__contains=f",{topic},")
    return await may_show(list(await query.order_by("-published_at", "-id").limit(size).prefetch_related("errata")))


async def coordinator_list(viewer: Viewer) -> list[Publication]:
    """Every publication of the viewer's programs, drafts first, then newest."""
    programs = viewer.coordinated_programs
    if not programs:
        raise NotFound()
    return list(await Publication.filter(program_id__in=programs).order_by("state", "-updated_at").limit(200))


async def coordinator_publication(viewer: Viewer, publication_id: int) -> tuple[Publication, list[Erratum]]:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None or not coordinates(viewer, publication.program_id):
        raise NotFound()
    errata = await Erratum.filter(publication_id=publication.id).order_by("published_at", "id")
    return publication, list(errata)


async def translations_of(publication: Publication) -> list[PublicationTranslation]:
    """The translations people made of a publication, in the order of LANGUAGES."""
    found = {t.language: t for t in await PublicationTranslation.filter(publication_id=publication.id)}
    return [found[tag] for tag in i18n.LANGUAGES if tag in found]


def shown_translation(publication: Publication, translations: list[PublicationTranslation]
                      ) -> PublicationTranslation | None:
    """The translation a reader sees beside the original: the one into the reader's language, when
    the original is in another (a withheld or withdrawn publication shows none)."""
    if publication.state != PublicationState.PUBLISHED or publication.withheld_at is not None:
        return None
    language = i18n.current_language()
    if publication.language == language:
        return None
    return next((t for t in translations if t.language == language), None)
