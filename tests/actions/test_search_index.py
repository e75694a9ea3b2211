"""Only published texts are in the full-text index: a draft's words (and a name edited out of it)
never reach it, and a withdrawn publication's words leave it, down to the index's stored blocks."""

from __future__ import annotations

from jurycourt.db import fetch_rows
from jurycourt.db_scrub import scrub
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models import Publication
from tests.databases import on_postgres

CANARY = "Quillabrandt"


async def _indexed(publication_id: int) -> bool:
    table, column = ("publication_search", "publication_id") if on_postgres() else ("publication_fts", "rowid")
    return bool(await fetch_rows(lambda p: f"SELECT 1 FROM {table} WHERE {column} = {p(publication_id)}"))  # noqa: S608


async def _index_holds(word: str) -> bool:
    """Whether the word is anywhere in the index's own storage (SQLite: its segments and content)."""
    if on_postgres():
        return bool(await fetch_rows(
            lambda p: f"SELECT 1 FROM publication_search WHERE document::text LIKE {p(f'%{word.lower()}%')}"))  # noqa: S608
    blocks = [row[0] for row in await fetch_rows("SELECT block FROM publication_fts_data")]
    content = await fetch_rows("SELECT * FROM publication_fts_content")
    return any(word.lower().encode() in bytes(b) for b in blocks if b) or word in repr(content)


async def test_drafts_never_enter_the_index_and_withdrawn_texts_leave_it(demo):
    draft = await Publication.create(program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="index-test",
                                     title="A report", summary="", body_markdown=f"{CANARY} was there.")
    assert not await _indexed(draft.id) and not await _index_holds(CANARY)
    await Publication.filter(id=draft.id).update(body_markdown="Someone was there.")
    await Publication.filter(id=draft.id).update(state=PublicationState.PUBLISHED)
    assert await _indexed(draft.id) and not await _index_holds(CANARY)

    await Publication.filter(id=draft.id).update(state=PublicationState.WITHDRAWN)
    await scrub(["publication_search"], search_index=True)
    assert not await _indexed(draft.id) and not await _index_holds("someone")


async def test_the_demo_publications_in_the_index_are_exactly_the_published_ones(demo):
    published = set(await Publication.filter(state=PublicationState.PUBLISHED).values_list("id", flat=True))
    assert published and await Publication.exclude(state=PublicationState.PUBLISHED).exists()
    for publication in await Publication.all():
        assert await _indexed(publication.id) == (publication.id in published), publication.slug
