"""The restorative meeting is a panel session: the panel is seated in the hearings calendar,
attendance is taken there and the volunteers' hours are credited by the ledger like any service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt import clock
from jurycourt.actions import attendance, hearings
from jurycourt.actions import justice_matters as matters
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.justice import MatterState, ParticipantRole
from jurycourt.domain.ledger import PostingKind
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import (
    Conflict,
    Hearing,
    JusticeMatter,
    LedgerEntry,
    MatterParticipant,
    OutboxMessage,
    Posting,
    Seat,
)
from tests.web.members import new_member, person_id


async def _coordinator(demo) -> Viewer:
    return Viewer(person_id=await person_id("coordinator"), account_id=1,
                  roles={demo.id: frozenset({Role.COORDINATOR})})


async def _prepared(demo, coordinator: Viewer) -> tuple[JusticeMatter, list[int]]:
    referral = matters.MatterReferral("police", "", clock.today(), "criminal_damage", "Tagged a wall.")
    matter = await matters.refer_matter(coordinator, demo.id, referral, {"given_name": "Sam", "family_name": "Wren"})
    await matters.move_matter(coordinator, matter, "prepare")
    panel = [await person_id("panelist"), await person_id("panelist2"),
             (await new_member(demo, Role.PANELIST, "Vera", "Lund", age=50)).id]
    await matters.appoint_panel(coordinator, matter, panel[0], panel[1:])
    responsible = await MatterParticipant.get(matter_id=matter.id)
    await matters.record_visit(coordinator, matter, responsible.id, clock.today(), None, "")
    return matter, panel


async def test_the_meeting_is_a_panel_session_whose_attendance_credits_the_volunteers_hours(demo):
    coordinator = await _coordinator(demo)
    matter, panel = await _prepared(demo, coordinator)
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    await matters.schedule_meeting(coordinator, matter, starts, starts + timedelta(hours=2), None)
    hearing = await Hearing.get(id=matter.meeting_id)
    assert hearing.kind == SessionKind.PANEL_SESSION and matter.state == MatterState.MEETING_SCHEDULED
    seats = {s.person_id: s for s in await Seat.filter(hearing_id=hearing.id)}
    assert set(seats) == set(panel) and seats[panel[0]].role == SeatRole.CHAIR
    for seat in seats.values():  # invited like any seat: each volunteer gets a message
        assert seat.status == SeatStatus.INVITED
        assert await OutboxMessage.exists(person_id=seat.person_id, dedupe_key=f"invitation:{seat.id}")
    for pid in panel[:2]:  # two attend for 90 minutes, the third does not come
        await attendance.check_in(coordinator, seats[pid].id, now=starts)
        await attendance.check_out(coordinator, seats[pid].id, now=starts + timedelta(minutes=90))
    await attendance.mark_no_show(coordinator, seats[panel[2]].id, now=starts)
    await hearings.set_hearing_status(coordinator, hearing, HearingStatus.CONFIRMED)
    await hearings.set_hearing_status(coordinator, hearing, HearingStatus.HELD)
    for pid in panel[:2]:
        posting = await Posting.get(reference=f"seat:{seats[pid].id}", kind=PostingKind.SERVICE_CREDIT)
        credited = await LedgerEntry.filter(posting_id=posting.id, account__person_id=pid).values_list(
            "minutes", flat=True)
        assert credited == [90]
    assert not await Posting.exists(reference=f"seat:{seats[panel[2]].id}")


async def test_taking_the_meeting_off_cancels_its_session_and_frees_the_panel(demo):
    coordinator = await _coordinator(demo)
    matter, _ = await _prepared(demo, coordinator)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    await matters.schedule_meeting(coordinator, matter, starts, starts + timedelta(hours=1), None)
    meeting_id = matter.meeting_id
    await matters.move_matter(coordinator, matter, "unschedule", "The person harmed is unwell")
    assert (await Hearing.get(id=meeting_id)).status == HearingStatus.CANCELLED
    assert (await JusticeMatter.get(id=matter.id)).meeting_id is None and matter.state == MatterState.PREPARING


async def test_a_meeting_is_scheduled_only_once_the_panel_and_a_visit_are_in_place(demo):
    coordinator = await _coordinator(demo)
    referral = matters.MatterReferral("council", "", clock.today(), "antisocial", "Noise.")
    matter = await matters.refer_matter(coordinator, demo.id, referral, {"given_name": "Al", "family_name": "Poe"})
    await matters.move_matter(coordinator, matter, "prepare")
    starts = datetime.now(UTC) + timedelta(days=2)
    with pytest.raises(Refused, match="Appoint the whole panel"):
        await matters.schedule_meeting(coordinator, matter, starts, starts + timedelta(hours=1), None)
    assert not await Hearing.exists(title=f"Community justice panel #{matter.panel_id}")


async def test_a_volunteer_with_a_declared_conflict_with_a_participant_is_never_appointed(demo):
    coordinator = await _coordinator(demo)
    referral = matters.MatterReferral("police", "", clock.today(), "theft", "Took a bike.")
    matter = await matters.refer_matter(coordinator, demo.id, referral, {"given_name": "Jo", "family_name": "Kerr"})
    harmed = await matters.add_participant(coordinator, matter, ParticipantRole.HARMED, "indirect",
                                           {"given_name": "Ed", "family_name": "Vance"})
    panelist = await person_id("panelist")
    await Conflict.create(program_id=demo.id, person_id=panelist, other_id=harmed.person_id, relation="relative")
    others = [await person_id("panelist2"), (await new_member(demo, Role.PANELIST, "Vera", "Lund", age=50)).id]
    with pytest.raises(Refused, match="conflict of interest"):
        await matters.appoint_panel(coordinator, matter, others[0], [panelist, others[1]])
