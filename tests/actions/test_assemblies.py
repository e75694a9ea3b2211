"""The panel in the room at the action level: the tables replaced by a new allocation keep no one twice,
members marked absent are left out, and ending the panel erases every member's needs."""

from __future__ import annotations

import pytest

from jurycourt.actions import assemblies, citizens_panels, member_support
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.models import CitizensPanelSession, MemberAttendance, Panel, TableSeat, Volunteer
from tests.web.members import person_id


@pytest.fixture
async def upcoming(demo) -> CitizensPanelSession:
    panel = await Panel.filter(kind="citizens", status="drawn").order_by("id").first()
    return (await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at"))[3]


async def _coordinator(demo, login: str = "coordinator") -> Viewer:
    return Viewer(person_id=await person_id(login), account_id=1, roles={demo.id: frozenset({Role.COORDINATOR})})


async def test_members_marked_absent_get_no_table_and_everyone_else_one(demo, upcoming):
    coordinator = await _coordinator(demo)
    members = await Volunteer.filter(panel_id=upcoming.panel_id, status="selected").order_by("id")
    await assemblies.mark_attendance(coordinator, upcoming.panel_id, upcoming.id, members[0].id, "absent")
    seated = await assemblies.allocate_tables(coordinator, upcoming.panel_id, upcoming.id, table_size=6)
    flat = sorted(m for table in seated for m in table)
    assert flat == sorted(m.id for m in members[1:])
    assert await TableSeat.filter(session_id=upcoming.id).count() == len(flat)
    assert await MemberAttendance.filter(session_id=upcoming.id).count() == 1


async def test_ending_the_panel_erases_its_members_needs_and_stops_new_claims(demo, upcoming):
    coordinator = await _coordinator(demo)
    assert await Volunteer.filter(panel_id=upcoming.panel_id).exclude(access_needs="").exists()
    await citizens_panels.end_panel(coordinator, upcoming.panel_id)
    assert not await Volunteer.filter(panel_id=upcoming.panel_id).exclude(access_needs="").exists()
    assert not await Volunteer.filter(panel_id=upcoming.panel_id).exclude(caring="").exists()
    member = await Volunteer.filter(panel_id=upcoming.panel_id, status="selected").first()
    with pytest.raises(Refused):
        await member_support.enter_claim(coordinator, upcoming.panel_id, session_id=upcoming.id,
                                         volunteer_id=member.id, kind="travel", amount_cents=500, note="",
                                         receipt=None)
    with pytest.raises(Refused):
        await assemblies.allocate_tables(coordinator, upcoming.panel_id, upcoming.id, table_size=7)
