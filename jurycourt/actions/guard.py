"""The redaction guard's knowledge: who a program must protect, what is kept of the sealed, and
what a publication shows its readers (every field, as rendered).

The pseudonym key is set once when the app or the command line starts (``use_pseudonym_key``):
sealed identifiers are keyed hashes under it.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import outbox
from jurycourt.actions.audit import record
from jurycourt.domain import redaction
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import (
    Affiliation,
    Erratum,
    Membership,
    Person,
    Publication,
    SealedIdentifier,
)
from jurycourt.queries.publication_guard import (  # noqa: F401 - the guard's reads, used here and by callers
    _COUNTS,
    _STAMP_SQL,
    PROTECTION_TABLES,
    WITHHELD_NOTICE,
    Shown,
    _adult_born_by,
    _body_as_read,
    _HasId,
    _matter_people,
    _program_ids,
    _pseudonym_key,
    _stamp,
    identifiers,
    may_show,
    protected_people,
    protected_query,
    pseudonym_key,
    publication_findings,
    shown_fields,
    text_findings,
    use_pseudonym_key,
)


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


async def withhold_failing(program_id: int | None = None, now: datetime | None = None) -> list[int]:
    """Withhold every published text the guard now refuses (someone named in it became protected
    after it went out, in this program or another). The ids withheld. Every action that can make
    someone protected, or change what is known of a protected person, calls this (or ``recheck``)."""
    known = await identifiers()
    failing = []
    for publication in await Publication.filter(state=PublicationState.PUBLISHED, withheld_at__isnull=True):
        errata = list(await Erratum.filter(publication_id=publication.id))
        if await publication_findings(publication, errata, known):
            failing.append(publication)
    await withhold(failing, now)
    return [p.id for p in failing]


async def recheck_person(person_id: int) -> list[int]:
    """After a person was added to a program, case, matter or panel, or their name, birth date,
    address, phone, email or school changed: withhold (and alert about) every published text that
    now identifies them, if they are protected. The ids withheld."""
    programs = await _program_ids(None)
    if not await protected_query(programs, await _matter_people(programs)).filter(id=person_id).exists():
        return []
    return await withhold_failing()


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
                    person_id, "publication_withheld",
                    f"publication-withheld:{publication.id}:{person_id}:{now.isoformat()}",
                    params={"publication_id": publication.id})


