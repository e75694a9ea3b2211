"""Sealing closed cases: erase for good the personal data of the respondent and guardians.

What stays is anonymised: the offence category, state, sanctions (kind, size, status) and
outcome, the age band, and dates to the month (gender, race and ethnicity go). A person who still has another role (an
account, an active membership other than respondent or guardian, another unsealed case) keeps
their record; only the case's link to them goes. Anyone else is erased in place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.append_only import Rewrite, permitted_rewrite
from jurycourt.actions.audit import record
from jurycourt.actions.demographics import erase_demographics
from jurycourt.actions.follow_ups import unlink_sealed
from jurycourt.actions.guard import keep_sealed
from jurycourt.actions.service_sites import erase_service
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.db_scrub import ScrubError, scrub
from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import THREAD_TOPIC
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.sealing import SEALED, is_due, log_creation, to_month
from jurycourt.i18n import _
from jurycourt.models import (
    Account,
    Affiliation,
    AuditEvent,
    Case,
    CaseEvent,
    CaseGuardian,
    CaseIntake,
    CaseView,
    Deliberation,
    DocketEntry,
    Membership,
    OutboxMessage,
    Person,
    PersonHarmed,
    Program,
    Question,
    RestitutionPayment,
    Sanction,
    Thread,
)

PARTY_ROLES = (Role.RESPONDENT, Role.GUARDIAN)
#: The days a person harmed's record keeps of each step, erased by the seal.
HARMED_DAYS = ("consent_on", "safety_on", "reviewed_on", "apology_passed_on", "outcome_told_on", "follow_up_on",
               "survey_offered_on")

#: Every table sealing erases from or rewrites, rewritten on disk afterwards (jurycourt.db_scrub).
SEALED_TABLES = ["person", "affiliation", "outbox_message", "membership", "case_guardian", "case_file",
                 "case_intake", "case_event", "case_view", "docket_entry", "thread", "thread_statement",
                 "deliberation", "room_proposal", "room_support", "room_vote", "room_vote_past", "room_question",
                 "sanction", "restitution_payment", "audit_event", "follow_up", "case_demographics",
                 "service_hours", "service_placement", "service_extension",
                 "person_harmed"]

log = logging.getLogger("jurycourt.sealing")


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
    ids += [pid for pid in await PersonHarmed.filter(case_id=case.id, person_id__isnull=False).values_list(
        "person_id", flat=True) if pid not in ids]
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
    rooms = await Deliberation.filter(case_id=case.id).values_list("id", flat=True)
    threads = await Thread.filter(topic=THREAD_TOPIC, topic_id__in=list(rooms)).values_list("id", flat=True)
    await keep_sealed(case.program_id, [*plan.erased, *plan.unlinked])  # the guard still refuses their names
    await CaseGuardian.filter(case_id=case.id).delete()
    for person in plan.erased:
        await _erase_person(person.id, case.program_id)
    await Case.filter(id=case.id).update(respondent_id=None, summary="", referring_officer="",
                                         agency_reference="", sealed_at=_month_start(clock.now()))
    await CaseIntake.filter(case_id=case.id).update(witness="", consenting_guardian_id=None, age=None)
    await CaseEvent.filter(case_id=case.id).update(reason="")
    # Its place on a hearing's docket goes: the hearing's exact time would date the case.
    await DocketEntry.filter(case_id=case.id).delete()
    # The jury room's text for the case goes too: statements, proposals, votes and questions.
    await Thread.filter(id__in=list(threads)).delete()
    await Deliberation.filter(case_id=case.id).delete()
    await Question.filter(case_id=case.id).delete()
    await Sanction.filter(case_id=case.id).update(detail="", status_reason="")
    await erase_service(case.id)  # where and on which days the hours were served, and why deadlines moved
    await erase_demographics(case.id)
    # The person harmed's record keeps only that there was one: who they are, what they said, the plan,
    # the notes and the days of each step (which would date the case) all go.
    await PersonHarmed.filter(case_id=case.id).update(
        person_id=None, impact_statement="", safety_answers=None, follow_up_note="", consent_by_id=None,
        safety_by_id=None, reviewed_by_id=None, **dict.fromkeys(HARMED_DAYS))
    await unlink_sealed(case.id)  # its follow-up keeps the outcome flags and the pseudonym only
    await record("case.sealed", actor_id=actor_id, program_id=case.program_id, subject=("case", case.id),
                 erased=len(plan.erased), unlinked=len(plan.unlinked))
    await coarsen_sealed_case_dates(case, [p.id for p in plan.erased], list(threads))  # the seal's own event too


def _month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


async def _coarsen_column(model, column: str, **where) -> None:
    """Set ``column`` of the rows matching ``where`` to the first of its month (dates and UTC times)."""
    for row_id, value in await model.filter(**where).values_list("id", column):
        if value is not None:
            coarsened = _month_start(value) if isinstance(value, datetime) else to_month(value)
            if coarsened != value:
                await model.filter(id=row_id).update(**{column: coarsened})


async def coarsen_sealed_case_dates(case: Case, erased_people: list[int], threads: list[int]) -> None:
    """Keep every date about a sealed case only to its month, as the seal's preview promises: the
    case's own dates, its intake's, its history, its view log, its sanctions and payments, and the
    audit events about it, its sanctions, its erased people and its jury room's thread (inside the
    caller's transaction). The one path that may rewrite the time of an audit event: nothing else
    changes an event's ``at``. The link to the hearing (whose exact time would date the case)
    is removed by the seal itself."""
    for column in ("referral_date", "disposition_date", "closed_on", "created_at", "updated_at"):
        await _coarsen_column(Case, column, id=case.id)
    for column in ("respondent_consent_on", "guardian_consent_on", "updated_at"):
        await _coarsen_column(CaseIntake, column, case_id=case.id)
    await _coarsen_column(CaseEvent, "at", case_id=case.id)
    await _coarsen_column(CaseView, "at", case_id=case.id)
    sanctions = [str(i) for i in await Sanction.filter(case_id=case.id).values_list("id", flat=True)]
    for column in ("due_on", "created_at", "updated_at"):
        await _coarsen_column(Sanction, column, case_id=case.id)
    for column in ("paid_on", "created_at"):
        await _coarsen_column(RestitutionPayment, column, sanction__case_id=case.id)
    for column in ("created_at", "updated_at"):
        await _coarsen_column(Person, column, id__in=erased_people)
        await _coarsen_column(PersonHarmed, column, case_id=case.id)
    subjects = (Q(subject_type="case", subject_id=str(case.id)) | Q(subject_type="sanction", subject_id__in=sanctions)
                | Q(subject_type="person", subject_id__in=[str(i) for i in erased_people])
                | Q(subject_type="thread", subject_id__in=[str(i) for i in threads]))
    async with permitted_rewrite(Rewrite.SEAL):  # the audit log is append-only but for this rewrite
        for row_id, at, detail in await AuditEvent.filter(subjects).values_list("id", "at", "detail"):
            # An event's detail may name the hearing the case was put on: that too would date it.
            remaining_detail = {k: v for k, v in (detail or {}).items() if k != "hearing"}
            await AuditEvent.filter(id=row_id).update(at=_month_start(at), detail=remaining_detail)


async def seal_case(actor: Viewer, case: Case) -> None:
    """Seal ``case`` now, at a coordinator's request, once its period has passed."""
    require(coordinates(actor, case.program_id), hide=True)
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    if not is_due(case.state, case.closed_on, case.sealed_at is not None, today, program.rules):
        raise Refused(_("This case can't be sealed yet."))
    async with in_transaction():
        fresh = await Case.get(id=case.id)
        if fresh.sealed_at is not None:
            raise Refused(_("This case is sealed already."))
        await _seal(fresh, actor.person_id)
    try:
        await scrub(SEALED_TABLES, later=True)  # PostgreSQL's rewrite waits for the housekeeping round
    except ScrubError:  # the rows are erased and committed; only old bytes in the files wait
        log.warning("case sealed, but the database files could not be cleaned yet (the write-ahead log stayed "
                    "busy): run `jurycourt seal --compact` when the site is quiet")


async def seal_due_cases(today: date | None = None) -> int:
    """Seal every case whose period has passed (the `jurycourt seal` command); how many."""
    sealed = 0
    for program in await Program.all():
        day = today or clock.today(program.time_zone)
        candidates = await Case.filter(program_id=program.id, sealed_at__isnull=True, closed_on__isnull=False)
        for case in candidates:
            if is_due(case.state, case.closed_on, False, day, program.rules):
                async with in_transaction():
                    await _seal(case, None)
                sealed += 1
    if sealed:
        await scrub(SEALED_TABLES)
    return sealed


async def seal_again(logged: list[tuple[int, str]]) -> int:
    """After a restore, seal again every case the seal log names that the restored data holds
    unsealed (``logged``: case id and creation time, as the seal log writes them; a case that
    reused an id has another creation time and is left alone); how many."""
    created = dict(logged)
    sealed = 0
    for case in await Case.filter(id__in=list(created), sealed_at__isnull=True):
        if log_creation(case.created_at) == created[case.id]:
            async with in_transaction():
                await _seal(case, None)
            sealed += 1
    return sealed
