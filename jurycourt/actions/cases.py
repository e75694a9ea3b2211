"""Moving a case through its lifecycle: every move is checked by the table and kept in history."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.agencies import notify_agency
from jurycourt.actions.audit import record
from jurycourt.actions.follow_ups import plan_follow_ups
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import LIFECYCLE, CaseFacts, CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import Checklist, Consent, is_eligible
from jurycourt.domain.lifecycle import Step
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.sanctions import SETTLED, SanctionKind
from jurycourt.i18n import _
from jurycourt.models import Case, CaseEvent, CaseIntake, DocketEntry, Membership, Program, Sanction

#: Transitions that close a case, and so date its closing.
CLOSING = {"complete", "fail", "decline", "withdraw"}


async def case_facts(case: Case, program: Program, today: date | None = None) -> CaseFacts:
    """What the transition table needs to know about ``case`` now."""
    today = today or clock.today(program.time_zone)
    intake = await CaseIntake.get_or_none(case_id=case.id)
    entry = await DocketEntry.get_or_none(case_id=case.id).select_related("hearing")
    statuses = await Sanction.filter(case_id=case.id).values_list("status", flat=True)
    checklist = Checklist(intake.first_offence, intake.non_violent, intake.accepts_responsibility,
                          intake.age) if intake else Checklist()
    consent = Consent(intake.respondent_consent_on, intake.guardian_consent_on, intake.witness,
                      intake.consent_refused) if intake else Consent()
    day = entry.hearing.starts_at.astimezone(ZoneInfo(program.time_zone)).date() if entry else None
    return CaseFacts(
        eligible=is_eligible(checklist, program.rules), consented=consent.given, on_docket=entry is not None,
        hearing_day_reached=day is not None and today >= day, sanctions=len(statuses),
        unsettled_sanctions=sum(1 for s in statuses if s not in SETTLED),
    )


async def add_event(case: Case, actor: Viewer, action: str, reason: str = "",
                    from_state: CaseState | None = None) -> CaseEvent:
    """Append to the case history (inside the caller's transaction)."""
    return await CaseEvent.create(case_id=case.id, actor_id=actor.person_id, action=action,
                                  from_state=str(from_state or case.state), to_state=str(case.state),
                                  reason=reason[:500])


async def ensure_juror(case: Case) -> None:
    """Jury duty owed makes the respondent an active juror of the program (created or reactivated)."""
    membership = await Membership.get_or_none(person_id=case.respondent_id, program_id=case.program_id,
                                              role=Role.JUROR)
    if membership is None:
        await Membership.create(person_id=case.respondent_id, program_id=case.program_id, role=Role.JUROR)
    elif membership.status != MembershipStatus.ACTIVE:
        await Membership.filter(id=membership.id).update(status=MembershipStatus.ACTIVE)


async def apply_transition(actor: Viewer, case: Case, transition: Step[CaseState], reason: str, today: date) -> None:
    """Write one checked transition (inside the caller's transaction)."""
    source = case.state
    updates: dict[str, object] = {"state": transition.target}
    if transition.name == "dispose":
        updates["disposition_date"] = today
    if transition.name in CLOSING:
        updates["closed_on"] = today
    if transition.name == "unschedule":
        await DocketEntry.filter(case_id=case.id).delete()
    if not await Case.filter(id=case.id, state=source).update(**updates):
        raise Refused(_("This case changed just now: look again."))
    for name, value in updates.items():
        setattr(case, name, value)
    if transition.name == "dispose" and await Sanction.exists(case_id=case.id, kind=SanctionKind.JURY_DUTY):
        await ensure_juror(case)
    if transition.target == CaseState.COMPLETED:
        await plan_follow_ups(case, await Program.get(id=case.program_id))
    await add_event(case, actor, transition.name, reason, from_state=source)
    await notify_agency(case)
    await record(f"case.{transition.name}", actor_id=actor.person_id, program_id=case.program_id,
                 subject=("case", case.id), to=str(transition.target))


async def move_case(actor: Viewer, case: Case, name: str, reason: str = "") -> Case:
    """Make the lifecycle step ``name`` on ``case``, or refuse it with the table's message."""
    require(coordinates(actor, case.program_id), hide=True)
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    roles = actor.roles.get(case.program_id, frozenset())
    transition = LIFECYCLE.check(case.state, name, await case_facts(case, program, today), reason, roles=roles)
    async with in_transaction():
        await apply_transition(actor, case, transition, reason.strip(), today)
    return case
