"""Sealing closed cases: erase for good the personal data of the respondent and guardians.

What stays is anonymised: the offence category, state, sanctions (kind, size, status) and
outcome, the age band, and dates to the month. A person who still has another role (an
account, an active membership other than respondent or guardian, another unsealed case) keeps
their record; only the case's link to them goes. Anyone else is erased in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.actions.cases import local_today
from jurycourt.actions.guard import keep_sealed
from jurycourt.auth.policy import may_manage_people, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import THREAD_TOPIC
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.sealing import SEALED, is_due, to_month
from jurycourt.models import (
    Account,
    Affiliation,
    Case,
    CaseEvent,
    CaseGuardian,
    CaseIntake,
    Deliberation,
    Membership,
    OutboxMessage,
    Person,
    Program,
    Question,
    Sanction,
    Thread,
)

PARTY_ROLES = (Role.RESPONDENT, Role.GUARDIAN)


@dataclass(frozen=True)
class SealPlan:
    """Who sealing a case touches: people erased outright, and people only unlinked."""

    case_id: int
    erased: list[Person]
    unlinked: list[Person]


async def _keeps_record(person_id: int, case_id: int) -> bool:
    """Whether the person has a life in the program beyond this case."""
    if await Account.exists(person_id=person_id):
        return True
    if await Membership.filter(person_id=person_id, status=MembershipStatus.ACTIVE).exclude(
            role__in=list(PARTY_ROLES)).exists():
        return True
    other = Case.filter(sealed_at__isnull=True).exclude(id=case_id)
    return await other.filter(Q(respondent_id=person_id) | Q(guardians__person_id=person_id)).exists()


async def seal_plan(case: Case) -> SealPlan:
    """What sealing ``case`` would do to each person linked to it (for the preview)."""
    ids = [case.respondent_id] if case.respondent_id else []
    ids += [pid for pid in await CaseGuardian.filter(case_id=case.id).values_list("person_id", flat=True)
            if pid not in ids]
    erased, unlinked = [], []
    for person in await Person.filter(id__in=ids).order_by("id"):
        (unlinked if await _keeps_record(person.id, case.id) else erased).append(person)
    return SealPlan(case.id, erased, unlinked)


async def _erase_person(person_id: int, program_id: int) -> None:
    await Person.filter(id=person_id).update(given_name=SEALED, family_name="", preferred_name="",
                                             date_of_birth=None, email="", phone="", address="")
    await Affiliation.filter(person_id=person_id).delete()
    await OutboxMessage.filter(person_id=person_id).delete()
    # The party roles go too: nothing is left to protect, and an erased record must not keep
    # counting as a respondent (the publication guard would then protect the word "Sealed").
    await Membership.filter(person_id=person_id, program_id=program_id, role__in=list(PARTY_ROLES)).delete()


async def _seal(case: Case, actor_id: int | None) -> None:
    """Seal one case (inside the caller's transaction)."""
    plan = await seal_plan(case)
    await keep_sealed(case.program_id, [*plan.erased, *plan.unlinked])  # the guard still refuses their names
    await CaseGuardian.filter(case_id=case.id).delete()
    for person in plan.erased:
        await _erase_person(person.id, case.program_id)
    await Case.filter(id=case.id).update(
        respondent_id=None, summary="", referring_officer="", referral_date=to_month(case.referral_date),
        disposition_date=to_month(case.disposition_date), closed_on=to_month(case.closed_on),
        sealed_at=datetime.now(UTC))
    intake = await CaseIntake.get_or_none(case_id=case.id)
    if intake is not None:
        await CaseIntake.filter(id=intake.id).update(
            witness="", consenting_guardian_id=None, age=None,
            respondent_consent_on=to_month(intake.respondent_consent_on),
            guardian_consent_on=to_month(intake.guardian_consent_on))
    await CaseEvent.filter(case_id=case.id).update(reason="")
    # The jury room's text for the case goes too: statements, proposals, votes and questions.
    rooms = await Deliberation.filter(case_id=case.id).values_list("id", flat=True)
    await Thread.filter(topic=THREAD_TOPIC, topic_id__in=list(rooms)).delete()
    await Deliberation.filter(case_id=case.id).delete()
    await Question.filter(case_id=case.id).delete()
    await Sanction.filter(case_id=case.id).update(detail="", status_reason="")
    await record("case.sealed", actor_id=actor_id, program_id=case.program_id, subject=("case", case.id),
                 erased=len(plan.erased), unlinked=len(plan.unlinked))


async def seal_case(actor: Viewer, case: Case) -> None:
    """Seal ``case`` now, at a coordinator's request, once its period has passed."""
    require(may_manage_people(actor, case.program_id), hide=True)
    program = await Program.get(id=case.program_id)
    if not is_due(case.state, case.closed_on, case.sealed_at is not None, local_today(program), program.rules):
        raise Refused("This case can't be sealed yet.")
    async with in_transaction():
        fresh = await Case.get(id=case.id)
        if fresh.sealed_at is not None:
            raise Refused("This case is sealed already.")
        await _seal(fresh, actor.person_id)


async def seal_due_cases(today: date | None = None) -> int:
    """Seal every case whose period has passed (the `jurycourt seal` command); how many."""
    sealed = 0
    for program in await Program.all():
        day = today or local_today(program)
        candidates = await Case.filter(program_id=program.id, sealed_at__isnull=True, closed_on__isnull=False)
        for case in candidates:
            if is_due(case.state, case.closed_on, False, day, program.rules):
                async with in_transaction():
                    await _seal(case, None)
                sealed += 1
    return sealed
