"""Publications: write a draft, submit it, approve and publish it, withdraw it, add errata.

Publishing needs a second coordinator, independent of the one who submitted it and senior enough
(``actions.separation``), and a text the redaction guard finds nothing in; so does a withdrawal.
The Markdown is rendered to safe HTML once, here, and stored.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt import clock, i18n
from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.actions.follow import tell_followers
from jurycourt.actions.separation import require_second
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.db_scrub import scrub
from jurycourt.domain import publication as rules
from jurycourt.domain import redaction
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.formats.markdown import render_markdown
from jurycourt.i18n import _, ngettext
from jurycourt.models import Erratum, Publication, PublicationTranslation
from jurycourt.settings import Settings


class RedactionRefused(Refused):
    """Publishing was refused because the guard found these passages."""

    def __init__(self, findings: list[redaction.Finding]) -> None:
        n = len(findings)
        super().__init__(ngettext(
            "The redaction check found %(num)s passage that could identify a respondent, a guardian or a minor. "
            "Change the draft, then submit it again.",
            "The redaction check found %(num)s passages that could identify a respondent, a guardian or a minor. "
            "Change the draft, then submit it again.", n) % {"num": n})
        self.findings = findings


protected_people = guard.protected_people  # who the guard protects: see actions.guard


async def guard_findings(publication: Publication) -> list[redaction.Finding]:
    """What the redaction guard finds in everything the publication shows readers (actions.guard)."""
    return await guard.publication_findings(publication)


async def _coordinated(actor: Viewer, publication_id: int) -> Publication:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None or not coordinates(actor, publication.program_id):
        raise NotFound()
    return publication


def _validate(title: str, summary: str, kind: str, body: str) -> tuple[str, PublicationKind]:
    title = " ".join(title.split())
    if not title:
        raise Refused(_("Give the publication a title."), "title")
    if len(title) > 200:
        raise Refused(_("Use at most 200 characters for the title."), "title")
    if len(summary) > 1000:
        raise Refused(_("Keep the summary to at most 1000 characters."), "summary")
    try:
        parsed_kind = PublicationKind(kind)
    except ValueError:
        raise Refused(_("Choose what kind of publication this is."), "kind") from None
    if not body.strip():
        raise Refused(_("Write the body of the publication."), "body")
    if len(body) > 200_000:
        raise Refused(_("The body is too long."), "body")
    return title, parsed_kind


async def _unique_slug(title: str, exclude_id: int | None = None) -> str:
    base = rules.slugify(title)
    slug, n = base, 2
    while await Publication.filter(slug=slug).exclude(id=exclude_id or 0).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


async def create_draft(actor: Viewer, program_id: int, *, title: str, summary: str, kind: str, topics: str,
                       body: str, language: str | None = None) -> Publication:
    """A coordinator starts a draft publication of their program, written in ``language`` (by
    default the language they work in)."""
    require(coordinates(actor, program_id), hide=False)
    title, parsed_kind = _validate(title, summary, kind, body)
    stored_topics = rules.store_topics(rules.parse_topics(topics))
    async with in_transaction():
        publication = await Publication.create(
            program_id=program_id, kind=parsed_kind, slug=await _unique_slug(title), title=title,
            summary=summary.strip(), body_markdown=body, topics=stored_topics, created_by_id=actor.person_id,
            language=i18n.supported(language) or i18n.current_language())
        await record("publication.drafted", actor_id=actor.person_id, program_id=program_id,
                     subject=("publication", publication.id))
    return publication


async def update_draft(actor: Viewer, publication_id: int, *, title: str, summary: str, kind: str, topics: str,
                       body: str) -> Publication:
    """Change a draft's text. Only drafts change: a publication in review is returned first."""
    publication = await _coordinated(actor, publication_id)
    rules.check_editable(publication.state)
    title, parsed_kind = _validate(title, summary, kind, body)
    stored_topics = rules.store_topics(rules.parse_topics(topics))
    async with in_transaction():
        changed = await Publication.filter(id=publication.id, state=PublicationState.DRAFT).update(
            title=title, summary=summary.strip(), kind=parsed_kind, topics=stored_topics, body_markdown=body,
            released_words=[], updated_at=clock.now())
        if not changed:
            raise Refused(_("Only a draft can be edited. Return it to draft first."))
        await record("publication.edited", actor_id=actor.person_id, program_id=publication.program_id,
                     subject=("publication", publication.id))
    return await Publication.get(id=publication.id)


async def _move(actor: Viewer, publication: Publication, action: str, **values) -> None:
    to = rules.LIFECYCLE.next(publication.state, action)
    async with in_transaction():
        if not await Publication.filter(id=publication.id, state=publication.state).update(
                state=to, updated_at=clock.now(), **values):
            raise Refused(_("Someone else changed this publication just now. Look again."))
        await record(f"publication.{action}", actor_id=actor.person_id, program_id=publication.program_id,
                     subject=("publication", publication.id))
        if action == "publish":  # in the same transaction: published means its followers will hear of it
            await tell_followers(publication.id)


async def submit(actor: Viewer, publication_id: int) -> None:
    """Send a draft for review by a second coordinator."""
    publication = await _coordinated(actor, publication_id)
    rules.LIFECYCLE.next(publication.state, "submit")
    findings = [f for f in await guard_findings(publication) if not f.releasable]
    if findings:  # only a word a second coordinator may release goes on to review
        raise RedactionRefused(findings)
    await _move(actor, publication, "submit", submitted_by_id=actor.person_id)


async def return_to_draft(actor: Viewer, publication_id: int) -> None:
    """Take a publication in review back to draft, for changes."""
    publication = await _coordinated(actor, publication_id)
    await _move(actor, publication, "return", submitted_by_id=None)


async def _second(actor: Viewer, publication: Publication, first: int | None, step: str, alone_reason: str,
                  settings: Settings | None) -> None:
    """The actor must be a second coordinator independent of ``first`` (who submitted or proposed)."""
    if first is None:
        raise Refused(_("Submit it for review first."))
    await require_second(actor, publication.program_id, first, step, alone_reason=alone_reason, settings=settings,
                         subject=("publication", publication.id))


async def release_word(actor: Viewer, publication_id: int, word: str, reason: str, alone_reason: str = "", *,
                       settings: Settings | None = None) -> None:
    """A second coordinator releases a first-name match that is an ordinary word here ("Will"),
    saying why; the reason is recorded (never the word: it is a protected person's name)."""
    publication = await _coordinated(actor, publication_id)
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(_("Say why this word does not point at the person."), "reason")
    if len(reason) > 500:
        raise Refused(_("Keep the reason to at most 500 characters."), "reason")
    if publication.state != PublicationState.IN_REVIEW:
        raise Refused(_("Words are released while a publication is in review."))
    await _second(actor, publication, publication.submitted_by_id, "publications.release_word", alone_reason,
                  settings)
    findings = await guard_findings(publication)
    if not any(f.releasable == word for f in findings):
        raise Refused(_("Only a first-name match the check found can be released."))
    async with in_transaction():
        await Publication.filter(id=publication.id, state=PublicationState.IN_REVIEW).update(
            released_words=sorted({*publication.released_words, word}))
        await record("publication.word_released", actor_id=actor.person_id, program_id=publication.program_id,
                     subject=("publication", publication.id), reason=reason)  # not the word: it is a name


async def publish(actor: Viewer, publication_id: int, alone_reason: str = "", now: datetime | None = None, *,
                  settings: Settings | None = None) -> Publication:
    """Approve and publish: refused unless the actor is a second coordinator independent of the
    submitter (or, where the program has none, gives a reason to act alone), and when the
    redaction guard finds anything."""
    publication = await _coordinated(actor, publication_id)
    rules.LIFECYCLE.next(publication.state, "publish")
    findings = await guard_findings(publication)
    if findings:
        raise RedactionRefused(findings)
    rendered = render_markdown(publication.body_markdown)
    now = now or clock.now()
    await _second(actor, publication, publication.submitted_by_id, "publications.publish", alone_reason, settings)
    await _move(actor, publication, "publish", approved_by_id=actor.person_id, published_at=now, withheld_at=None,
                body_html=rendered.html, toc=[list(t) for t in rendered.toc],
                slug=await _unique_slug(publication.title, publication.id))
    return await Publication.get(id=publication.id)


async def propose_withdrawal(actor: Viewer, publication_id: int, notice: str) -> None:
    """A coordinator proposes withdrawing a published publication, with the notice readers will see."""
    publication = await _coordinated(actor, publication_id)
    rules.LIFECYCLE.next(publication.state, "withdraw")
    notice = notice.strip()
    if not notice:
        raise Refused(_("Write the notice readers will see in its place."), "notice")
    if len(notice) > 2000:
        raise Refused(_("Keep the notice to at most 2000 characters."), "notice")
    if await guard.text_findings(publication.program_id, "notice", notice):
        raise Refused(_("The notice could identify a respondent, a guardian or a minor."), "notice")
    async with in_transaction():
        await Publication.filter(id=publication.id, state=PublicationState.PUBLISHED).update(
            withdrawal_notice=notice, withdrawal_proposed_by_id=actor.person_id, updated_at=clock.now())
        await record("publication.withdrawal_proposed", actor_id=actor.person_id,
                     program_id=publication.program_id, subject=("publication", publication.id))


async def confirm_withdrawal(actor: Viewer, publication_id: int, alone_reason: str = "", *,
                             settings: Settings | None = None) -> None:
    """A second coordinator, independent of the one who proposed it, confirms the proposed
    withdrawal: the page then shows only the notice."""
    publication = await _coordinated(actor, publication_id)
    rules.LIFECYCLE.next(publication.state, "withdraw")
    if publication.withheld_at is None:  # a text the guard withheld: its withdrawal is proposed already
        if publication.withdrawal_proposed_by_id is None:
            raise Refused(_("Propose the withdrawal, with its notice, first."))
        await _second(actor, publication, publication.withdrawal_proposed_by_id, "publications.confirm_withdrawal",
                      alone_reason, settings)
    await _move(actor, publication, "withdraw", withdrawn_at=clock.now())
    # its entries leave the search index's files too (PostgreSQL's rewrite: the next housekeeping round)
    await scrub(["publication_search"], search_index=True, later=True)


async def add_erratum(actor: Viewer, publication_id: int, text: str, now: datetime | None = None) -> Erratum:
    """A dated correction shown with a published publication; its own text stays as published."""
    publication = await _coordinated(actor, publication_id)
    if publication.state != PublicationState.PUBLISHED:
        raise Refused(_("Errata are added to published publications only."))
    text = text.strip()
    if not text:
        raise Refused(_("Write the correction."), "text")
    if len(text) > 5000:
        raise Refused(_("Keep the correction to at most 5000 characters."), "text")
    if await guard.text_findings(publication.program_id, "text", text):
        raise Refused(_("The correction could identify a respondent, a guardian or a minor."), "text")
    async with in_transaction():
        erratum = await Erratum.create(publication_id=publication.id, published_at=now or clock.now(),
                                       text=text, created_by_id=actor.person_id)
        await record("publication.erratum", actor_id=actor.person_id, program_id=publication.program_id,
                     subject=("publication", publication.id))
    return erratum


TRANSLATOR_MAX = 120


async def save_translation(actor: Viewer, publication_id: int, *, language: str, title: str, summary: str,
                           body: str, translator: str) -> PublicationTranslation:
    """A coordinator adds (or corrects) a person's translation of a publication into ``language``.
    It is shown beside the original, labelled with who translated it; the redaction guard reads it
    as it reads the original (a translation may not name anyone the original may not)."""
    publication = await _coordinated(actor, publication_id)
    tag = i18n.supported(language)
    if tag is None or tag != language or tag == publication.language:
        raise Refused(_("Choose a language other than the original's."), "language")
    title, _kind = _validate(title, summary, publication.kind, body)
    translator = " ".join(translator.split())
    if not translator or len(translator) > TRANSLATOR_MAX:
        raise Refused(_("Say who translated it (at most %(num)s characters).") % {"num": TRANSLATOR_MAX},
                      "translator")
    found = []
    for field, text in (("title", title), ("summary", summary), ("body", body), ("translator", translator)):
        found += await guard.text_findings(publication.program_id, field, text)
    if found:
        raise RedactionRefused(found)
    html = render_markdown(body).html
    now = clock.now()
    async with in_transaction():
        translation, _created = await PublicationTranslation.update_or_create(
            publication_id=publication.id, language=tag,
            defaults={"title": title, "summary": summary.strip(), "body_markdown": body, "body_html": html,
                      "translated_by_id": actor.person_id, "translator_name": translator})
        # The public site's version moves, so kept pages and feeds show the translation at once.
        await Publication.filter(id=publication.id).update(updated_at=now)
        await record("publication.translated", actor_id=actor.person_id, program_id=publication.program_id,
                     subject=("publication", publication.id), language=tag)
    return translation
