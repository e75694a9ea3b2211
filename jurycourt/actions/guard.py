"""The redaction guard's knowledge: who a program must protect, what is kept of the sealed, and
what a publication shows its readers (every field, as rendered).

The pseudonym key is set once when the app or the command line starts (``use_pseudonym_key``):
sealed identifiers are keyed hashes under it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import outbox
from jurycourt.actions.audit import record
from jurycourt.domain import redaction
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.reading import plain_reader_text, reader_text
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.formats.markdown import render_markdown
from jurycourt.i18n import N_
from jurycourt.models import (
    Affiliation,
    Erratum,
    MatterParticipant,
    Membership,
    Person,
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


def protected_query(program_id: int, matter_people: list[int], today: date | None = None):
    """Everyone the program must not identify: respondents and guardians of its cases, everyone
    in its community justice matters (harmed, responsible, supporters), and every minor or person
    of unknown age connected to a case, matter, panel or inquiry of it."""
    born_by = _adult_born_by(today or clock.today())
    young = Q(date_of_birth__gt=born_by) | Q(date_of_birth__isnull=True)
    connected = (Q(seats__hearing__program_id=program_id) | Q(memberships__program_id=program_id,
                                                              memberships__role__in=[Role.JUROR, Role.PANELIST,
                                                                                     Role.GRAND_JUROR]))
    return Person.filter(
        Q(memberships__program_id=program_id, memberships__role__in=[Role.RESPONDENT, Role.GUARDIAN])
        | Q(cases__program_id=program_id)
        | Q(guarded_cases__case__program_id=program_id)
        | Q(id__in=matter_people or [0])
        | Q(memberships__program_id=program_id, date_of_birth__gt=born_by)
        | (young & connected)
    ).distinct()


async def _matter_people(program_id: int) -> list[int]:
    return list(await MatterParticipant.filter(matter__panel__program_id=program_id).values_list(
        "person_id", flat=True))


async def protected_people(program_id: int, today: date | None = None) -> list[redaction.ProtectedPerson]:
    """The protected people of a program as the guard reads them, with their schools."""
    people = list(await protected_query(program_id, await _matter_people(program_id), today))
    schools: dict[int, list[str]] = {}
    for person_id, key in await Affiliation.filter(person_id__in=[p.id for p in people], kind="school").values_list(
            "person_id", "key"):
        schools.setdefault(person_id, []).append(key)
    return [redaction.ProtectedPerson(p.given_name, p.family_name, p.preferred_name, p.address, p.phone, p.email,
                                      p.date_of_birth, tuple(schools.get(p.id, ()))) for p in people]


async def identifiers(program_id: int) -> redaction.Identifiers:
    """What the guard refuses in a program's publications: its protected people, and the sealed."""
    sealed = dict(await SealedIdentifier.filter(program_id=program_id).values_list("digest", "reason"))
    return redaction.Identifiers.of(await protected_people(program_id), sealed, _pseudonym_key["key"])


async def keep_sealed(program_id: int, people: list[Person]) -> None:
    """Before ``people`` are erased by a seal: keep their identifiers as keyed hashes (inside the
    seal's transaction), so the guard still refuses them."""
    schools: dict[int, list[str]] = {}
    for person_id, key in await Affiliation.filter(person_id__in=[p.id for p in people], kind="school").values_list(
            "person_id", "key"):
        schools.setdefault(person_id, []).append(key)
    rows = set()
    for p in people:
        person = redaction.ProtectedPerson(p.given_name, p.family_name, p.preferred_name, p.address, p.phone,
                                           p.email, p.date_of_birth, tuple(schools.get(p.id, ())))
        rows |= redaction.sealed_digests(pseudonym_key(), person)
    known = set(await SealedIdentifier.filter(program_id=program_id, digest__in=[d for d, _ in rows]).values_list(
        "digest", flat=True))
    await SealedIdentifier.bulk_create([SealedIdentifier(program_id=program_id, digest=d, reason=r)
                                        for d, r in sorted(rows) if d not in known])


def shown_fields(publication: Publication, errata: list[Erratum] | None = None) -> dict[str, str]:
    """Every field of a publication that reaches readers, as they read it: the rendered body with
    its link targets, the title, summary, topics and address (slug), the withdrawal notice and
    each erratum."""
    fields = {"title": plain_reader_text(publication.title), "summary": plain_reader_text(publication.summary),
              "body": reader_text(render_markdown(publication.body_markdown).html),
              "topics": plain_reader_text(", ".join(t for t in publication.topics.split(",") if t)),
              "address": publication.slug, "notice": plain_reader_text(publication.withdrawal_notice)}
    for erratum in errata or []:
        fields[f"erratum {erratum.id}"] = plain_reader_text(erratum.text)
    return fields


async def publication_findings(publication: Publication, errata: list[Erratum] | None = None,
                               known: redaction.Identifiers | None = None) -> list[redaction.Finding]:
    """What the guard finds in everything a publication shows readers."""
    known = known or await identifiers(publication.program_id)
    return redaction.check(shown_fields(publication, errata), known, set(publication.released_words))


async def text_findings(program_id: int, field: str, text: str) -> list[redaction.Finding]:
    """What the guard finds in one public text (a response, a status reason, a bank question)."""
    return redaction.check({field: plain_reader_text(text)}, await identifiers(program_id))


WITHHELD_NOTICE = N_("This publication is withheld while the program reviews it.")


async def withhold_failing(program_id: int, now: datetime | None = None) -> list[int]:
    """Withhold every published text of the program the guard now refuses (someone named in it
    became protected after it went out). The ids withheld."""
    known = await identifiers(program_id)
    failing = []
    for publication in await Publication.filter(program_id=program_id, state=PublicationState.PUBLISHED,
                                                withheld_at__isnull=True):
        errata = list(await Erratum.filter(publication_id=publication.id))
        if await publication_findings(publication, errata, known):
            failing.append(publication)
    await withhold(failing, now)
    return [p.id for p in failing]


async def withhold(publications: list[Publication], now: datetime | None = None) -> None:
    """Take ``publications`` off every public output: a withdrawal is proposed (its notice in
    place, any coordinator confirms) and each coordinator of the program is alerted at once."""
    now = now or clock.now()
    for publication in publications:
        coordinators = await Membership.filter(program_id=publication.program_id, role=Role.COORDINATOR,
                                               status=MembershipStatus.ACTIVE).values_list("person_id", flat=True)
        async with in_transaction():
            notice = publication.withdrawal_notice or WITHHELD_NOTICE
            if not await Publication.filter(id=publication.id, withheld_at__isnull=True).update(
                    withheld_at=now, updated_at=now, withdrawal_notice=notice):
                continue
            await record("publication.withheld", actor_id=None, program_id=publication.program_id,
                         subject=("publication", publication.id))
            for person_id in coordinators:  # generic words: the passage names someone protected
                await outbox.enqueue(
                    person_id, "publication_withheld", f"publication-withheld:{publication.id}:{now.isoformat()}",
                    "A publication was withheld",
                    f"The redaction check now finds passages in publication {publication.id} that could identify "
                    "someone who became protected after it was published. It is withheld from the public site and "
                    f"its withdrawal is proposed: review it at /publications/{publication.id}.")


async def passing(publications: list[Publication]) -> list[Publication]:
    """The publications about to be shown publicly that the guard still lets through (a read: the
    writes and alerts of withholding are the actions' that make someone protected)."""
    known: dict[int, redaction.Identifiers] = {}
    kept = []
    ids = [p.id for p in publications] or [0]
    full = {p.id: p for p in await Publication.filter(id__in=ids)}  # every field, one query for all
    errata_of: dict[int, list[Erratum]] = {}
    for erratum in await Erratum.filter(publication_id__in=ids):
        errata_of.setdefault(erratum.publication_id, []).append(erratum)
    for shown in publications:
        publication = full[shown.id]
        if publication.state != PublicationState.PUBLISHED or publication.withheld_at is not None:
            kept.append(shown)
            continue
        if publication.program_id not in known:
            known[publication.program_id] = await identifiers(publication.program_id)
        if await publication_findings(publication, errata_of.get(publication.id, []),
                                      known[publication.program_id]):
            continue
        kept.append(shown)
    return kept
