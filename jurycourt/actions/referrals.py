"""Taking a referral: the respondent (new or an existing person), a guardian, and the facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event
from jurycourt.actions.people import _details
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.i18n import _
from jurycourt.models import Agency, Case, CaseGuardian, Membership, Person


@dataclass(frozen=True)
class Referral:
    """A referral as entered: who refers, for what, and a short factual summary."""

    agency: str
    referring_officer: str
    referral_date: date
    offence_category: str
    summary: str
    #: The agency record, for cases since agencies became records (old cases have the word only).
    referring_agency_id: int | None = None
    agency_reference: str = ""


async def _member(person_id: int, program_id: int, role: Role) -> None:
    membership = await Membership.get_or_none(person_id=person_id, program_id=program_id, role=role)
    if membership is None:
        await Membership.create(person_id=person_id, program_id=program_id, role=role)
    elif membership.status != MembershipStatus.ACTIVE:
        await Membership.filter(id=membership.id).update(status=MembershipStatus.ACTIVE)


async def _person(existing_id: int | None, values: dict[str, str] | None) -> int:
    if existing_id is not None:
        return existing_id
    assert values is not None
    return (await Person.create(**_details(values))).id


async def refer_case(actor: Viewer, program_id: int, referral: Referral, *,
                     respondent_id: int | None = None, respondent: dict[str, str] | None = None,
                     guardian_id: int | None = None, guardian: dict[str, str] | None = None) -> Case:
    """Open a case in the referred state. People are reused by id or created from ``values``
    (already checked by ``domain.people.person_problems``), and given their role."""
    require(coordinates(actor, program_id), hide=False)
    if referral.referring_agency_id is not None and not await Agency.exists(
            id=referral.referring_agency_id, program_id=program_id):
        raise Refused(_("Choose one of the program's agencies."), "referring_agency")
    async with in_transaction():
        rid = await _person(respondent_id, respondent)
        await _member(rid, program_id, Role.RESPONDENT)
        case = await Case.create(program_id=program_id, respondent_id=rid, **referral.__dict__)
        if guardian_id is not None or guardian:
            gid = await _person(guardian_id, guardian)
            await _member(gid, program_id, Role.GUARDIAN)
            await CaseGuardian.create(case_id=case.id, person_id=gid)
        await add_event(case, actor, "refer", _("Referred by %(agency)s") % {"agency": referral.agency})
        await record("case.referred", actor_id=actor.person_id, program_id=program_id, subject=("case", case.id))
    await guard.withhold_failing(program_id)  # newly protected: named in a publication?
    return case


async def add_guardian(actor: Viewer, case: Case, person_id: int | None, values: dict[str, str] | None) -> None:
    """Add a guardian to a case (an existing person or a new one)."""
    require(coordinates(actor, case.program_id), hide=True)
    async with in_transaction():
        gid = await _person(person_id, values)
        await _member(gid, case.program_id, Role.GUARDIAN)
        await CaseGuardian.get_or_create(case_id=case.id, person_id=gid)
        await add_event(case, actor, "guardian.added")
    await guard.withhold_failing(case.program_id)  # newly protected: named in a publication?
