"""What the redaction guard knows and lets through (reads only): who must be protected, the
identifiers kept of the sealed, what a publication shows its readers, and ``may_show``, the one
way every public output decides what it may show as it is built. The writes (withholding,
alerts, keeping sealed identifiers) are ``jurycourt.actions.guard``'s.

The pseudonym key is set once when the app or the command line starts (``use_pseudonym_key``):
sealed identifiers are keyed hashes under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol, TypeVar

from cachetools import LRUCache
from tortoise.expressions import Q

from jurycourt import clock
from jurycourt.db import fetch_rows
from jurycourt.domain import redaction
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.reading import plain_reader_text, reader_text
from jurycourt.domain.roles import Role
from jurycourt.formats.markdown import render_markdown
from jurycourt.i18n import N_
from jurycourt.models import (
    Affiliation,
    Erratum,
    MatterParticipant,
    Person,
    PersonHarmed,
    Program,
    Publication,
    SealedIdentifier,
)

_pseudonym_key = {"key": ""}


def use_pseudonym_key(key: str) -> None:
    """Set the key sealed identifiers are hashed with (the app and the command line, at start)."""
    _pseudonym_key["key"] = key


def pseudonym_key() -> str:
    key = _pseudonym_key["key"]
    if not key:
        raise RuntimeError("The pseudonym key is not set: start jurycourt through create_app or its CLI.")
    return key


def _adult_born_by(today: date) -> date:
    if today.month == 2 and today.day == 29:
        return today - timedelta(days=365 * 18 + 4)
    return today.replace(year=today.year - 18)


def protected_query(program_ids: list[int], matter_people: list[int], today: date | None = None):
    """Everyone ``program_ids`` must not identify: respondents and guardians of their cases,
    everyone in their community justice matters (harmed, responsible, supporters), and every minor
    or person of unknown age connected to a case, matter, panel or inquiry of them."""
    born_by = _adult_born_by(today or clock.today())
    programs = program_ids or [0]
    young = Q(date_of_birth__gt=born_by) | Q(date_of_birth__isnull=True)
    connected = (Q(seats__hearing__program_id__in=programs)
                 | Q(memberships__program_id__in=programs,
                     memberships__role__in=[Role.JUROR, Role.PANELIST, Role.GRAND_JUROR]))
    return Person.filter(
        Q(memberships__program_id__in=programs, memberships__role__in=[Role.RESPONDENT, Role.GUARDIAN])
        | Q(cases__program_id__in=programs)
        | Q(guarded_cases__case__program_id__in=programs)
        | Q(id__in=matter_people or [0])
        | Q(memberships__program_id__in=programs, date_of_birth__gt=born_by)
        | (young & connected)
    ).distinct()


async def _matter_people(program_ids: list[int]) -> list[int]:
    """Everyone in the programs' justice matters, and every person harmed of their cases (protected
    like a minor: their name is refused, in disguise too)."""
    people = await MatterParticipant.filter(matter__panel__program_id__in=program_ids or [0]).values_list(
        "person_id", flat=True)
    harmed = await PersonHarmed.filter(program_id__in=program_ids or [0], person_id__isnull=False).values_list(
        "person_id", flat=True)
    return list({*people, *harmed})


async def _program_ids(program_id: int | None) -> list[int]:
    if program_id is not None:
        return [program_id]
    return list(await Program.all().values_list("id", flat=True))


async def protected_people(program_id: int | None = None, today: date | None = None
                           ) -> list[redaction.ProtectedPerson]:
    """The protected people as the guard reads them, with their schools: of one program, or (the
    guard's own use, ``None``) of every program, since a minor protected by one program must not be
    named by another's publication either."""
    programs = await _program_ids(program_id)
    people = list(await protected_query(programs, await _matter_people(programs), today))
    schools: dict[int, list[str]] = {}
    for person_id, key in await Affiliation.filter(person_id__in=[p.id for p in people], kind="school").values_list(
            "person_id", "key"):
        schools.setdefault(person_id, []).append(key)
    return [redaction.ProtectedPerson(p.given_name, p.family_name, p.preferred_name, p.address, p.phone, p.email,
                                      p.date_of_birth, tuple(schools.get(p.id, ()))) for p in people]


#: Every table whose rows decide who is protected and what is known of them. A change to any of
#: them changes ``_stamp`` (a row added or removed changes a count or the largest id; a person's
#: details edited change the latest ``updated_at``), so a kept ``Identifiers`` is never stale.
PROTECTION_TABLES = ("person", "membership", "case_file", "case_guardian", "matter_participant", "affiliation",
                     "sealed_identifier", "seat", "person_harmed")
_COUNTS = ", ".join(f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t})" for t in PROTECTION_TABLES)  # noqa: S608
_STAMP_SQL = f"SELECT {_COUNTS}, (SELECT MAX(updated_at) FROM person)"  # noqa: S608 - fixed table names only
#: The guard's knowledge, kept per stamp (building it for thousands of people takes seconds).
_known: LRUCache[tuple, redaction.Identifiers] = LRUCache(4)
#: Verdicts on published texts, kept per stamp and per version of each text.
_verdicts: LRUCache[tuple, bool] = LRUCache(20_000)


async def _stamp() -> tuple:
    """What changes whenever anyone's protection or protected details change (one query), with
    today's date (minors come of age) and the pseudonym key."""
    [row] = await fetch_rows(_STAMP_SQL)
    return (*(str(v) for v in row), clock.today().isoformat(), _pseudonym_key["key"])


async def identifiers(program_id: int | None = None, stamp: tuple | None = None) -> redaction.Identifiers:
    """What the guard refuses in any publication: every program's protected people, and the sealed
    (``program_id`` narrows it to one program, for tests and the coordinators' lists). Kept until
    ``_stamp`` changes."""
    if program_id is not None:
        sealed = dict(await SealedIdentifier.filter(program_id=program_id).values_list("digest", "reason"))
        return redaction.Identifiers.of(await protected_people(program_id), sealed, _pseudonym_key["key"])
    stamp = stamp or await _stamp()
    known = _known.get(stamp)
    if known is None:
        sealed = dict(await SealedIdentifier.all().values_list("digest", "reason"))
        known = redaction.Identifiers.of(await protected_people(), sealed, _pseudonym_key["key"])
        _known[stamp] = known
    return known


@lru_cache(maxsize=128)
def _body_as_read(markdown: str) -> str:
    """A body as its readers read it (rendered, reduced to text), kept: bodies are checked often."""
    return reader_text(render_markdown(markdown).html)


def shown_fields(publication: Publication, errata: list[Erratum] | None = None) -> dict[str, str]:
    """Every field of a publication that reaches readers, as they read it: the rendered body with
    its link targets, the title, summary, topics and address (slug), the withdrawal notice and
    each erratum. Of a withdrawn publication readers see only its title, topics, address and notice."""
    fields = {"title": plain_reader_text(publication.title),
              "topics": plain_reader_text(", ".join(t for t in publication.topics.split(",") if t)),
              "address": publication.slug, "notice": plain_reader_text(publication.withdrawal_notice)}
    if publication.state == PublicationState.WITHDRAWN:
        return fields
    fields |= {"summary": plain_reader_text(publication.summary),
               "body": _body_as_read(publication.body_markdown)}
    for erratum in errata or []:
        fields[f"erratum {erratum.id}"] = plain_reader_text(erratum.text)
    return fields


async def publication_findings(publication: Publication, errata: list[Erratum] | None = None,
                               known: redaction.Identifiers | None = None) -> list[redaction.Finding]:
    """What the guard finds in everything a publication shows readers."""
    known = known or await identifiers()
    return redaction.check(shown_fields(publication, errata), known, set(publication.released_words))


async def text_findings(program_id: int, field: str, text: str) -> list[redaction.Finding]:
    """What the guard finds in one public text (a response, a status reason, a bank question)."""
    return redaction.check({field: plain_reader_text(text)}, await identifiers())


WITHHELD_NOTICE = N_("This publication is withheld while the program reviews it.")


class _HasId(Protocol):
    id: int


Shown = TypeVar("Shown", bound=_HasId)


async def may_show(items: Sequence[Shown]) -> list[Shown]:
    """What of ``items`` (publications, or anything carrying a publication's ``id``) a public
    output may show: the one way every public output built from the texts (the report page and
    its PDF, the index, search, the Atom feeds, the open data) learns it, as it is built.

    Kept are published texts not withheld, and withdrawn ones (their title and notice), whose
    shown fields the guard passes now, against everyone protected now: a text that named someone
    who became protected after it went out is left out even before an action withheld it. A read:
    the withholding, its audit and its alerts are the actions' (``withhold_failing``). Order kept."""
    ids = [item.id for item in items]
    if not ids:
        return []
    full = {p.id: p for p in await Publication.filter(
        id__in=ids, state__in=[PublicationState.PUBLISHED, PublicationState.WITHDRAWN], withheld_at__isnull=True)}
    if not full:
        return []
    errata_of: dict[int, list[Erratum]] = {}
    for erratum in await Erratum.filter(publication_id__in=list(full)):
        errata_of.setdefault(erratum.publication_id, []).append(erratum)
    stamp = await _stamp()
    known: redaction.Identifiers | None = None
    passing: set[int] = set()
    for publication in full.values():
        errata = errata_of.get(publication.id, [])
        key = (stamp, publication.id, publication.state, publication.updated_at, tuple(sorted(e.id for e in errata)))
        verdict = _verdicts.get(key)
        if verdict is None:
            known = known or await identifiers(stamp=stamp)
            verdict = not await publication_findings(publication, errata, known)
            _verdicts[key] = verdict
        if verdict:
            passing.add(publication.id)
    return [item for item in items if item.id in passing]
