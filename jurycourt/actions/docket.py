"""A jury hearing's docket: putting a case on it, moving it to another hearing, taking it off."""

from __future__ import annotations

from tortoise.functions import Max
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event, apply_transition, case_facts
from jurycourt.actions.harmed import check_meeting_safety
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import DOCKET_OPEN_STATES, LIFECYCLE, CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.seating import SessionKind
from jurycourt.i18n import _
from jurycourt.models import Case, DocketEntry, Hearing, Program

UPCOMING = (HearingStatus.PLANNED, HearingStatus.CONFIRMED)


async def _check_hearing(case: Case, hearing_id: int) -> Hearing:
    hearing = await Hearing.get_or_none(id=hearing_id, program_id=case.program_id)
    if hearing is None or hearing.kind != SessionKind.JURY_HEARING:
        raise Refused(_("Choose one of the program's jury hearings."), "hearing")
    if hearing.status not in UPCOMING or hearing.starts_at <= clock.now():
        raise Refused(_("Choose an upcoming jury hearing that is not cancelled."), "hearing")
    return hearing


async def put_on_docket(actor: Viewer, case: Case, hearing_id: int, reason: str = "") -> DocketEntry:
    """Put the case last on an upcoming jury hearing's docket, or move it there from another."""
    require(coordinates(actor, case.program_id), hide=True)
    if case.state not in DOCKET_OPEN_STATES:
        raise Refused(_("A %(state)s case can't be put on a docket.") % {"state": case.state.label.lower()})
    hearing = await _check_hearing(case, hearing_id)
    program = await Program.get(id=case.program_id)
    await check_meeting_safety(case_id=case.id, rules_of_program=program.rules)  # the person harmed attends?
    async with in_transaction():
        current = await DocketEntry.get_or_none(case_id=case.id)
        if current is not None and current.hearing_id == hearing.id:
            raise Refused(_("The case is on that hearing's docket already."), "hearing")
        last = await DocketEntry.filter(hearing_id=hearing.id).annotate(top=Max("position")).values_list(
            "top", flat=True)
        position = (last[0] or 0) + 1 if last else 1
        if current is None:
            entry = await DocketEntry.create(hearing_id=hearing.id, case_id=case.id, position=position)
            await add_event(case, actor, "docket.added", reason or _("Hearing #%(id)s") % {"id": hearing.id})
        else:
            await DocketEntry.filter(id=current.id).update(hearing_id=hearing.id, position=position)
            entry = await DocketEntry.get(id=current.id)
            await add_event(case, actor, "docket.moved", reason or (_("From hearing #%(hearing_id)s to hearing "
                                                                      "#%(id)s")
                                                                    % {"hearing_id": current.hearing_id,
                                                                       "id": hearing.id}))
        await record("case.docketed", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("case", case.id), hearing=hearing.id)
    return entry


async def take_off_docket(actor: Viewer, case: Case, reason: str) -> None:
    """Take the case off its docket. A scheduled case goes back to intake (the table's unschedule)."""
    require(coordinates(actor, case.program_id), hide=True)
    if case.state not in DOCKET_OPEN_STATES or not await DocketEntry.exists(case_id=case.id):
        raise Refused(_("The case is not on a docket that can change."))
    if not reason.strip():
        raise Refused(_("Give a reason: it is kept in the case history."), "reason")
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    async with in_transaction():
        if case.state == CaseState.SCHEDULED:
            unschedule = LIFECYCLE.check(case.state, "unschedule", await case_facts(case, program, today), reason)
            await apply_transition(actor, case, unschedule, reason.strip(), today)
        else:
            await DocketEntry.filter(case_id=case.id).delete()
            await add_event(case, actor, "docket.removed", reason.strip())
        await record("case.undocketed", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("case", case.id))
