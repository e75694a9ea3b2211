"""Demo of a citizens' panel in the room: tables at every session (allocated by the same seeded rule the
page uses), facilitators named, attendance at the sessions held, members' access needs and caring, and
honorarium and expense claims, some approved by the second coordinator and some waiting."""

from __future__ import annotations

from jurycourt import clock
from jurycourt.domain import assembly_tables as tables
from jurycourt.domain.citizens_panels import VolunteerStatus, categories_from_json
from jurycourt.domain.member_support import AttendanceMark, ClaimKind, ClaimStatus
from jurycourt.models import (
    Account,
    CitizensPanel,
    CitizensPanelSession,
    MemberAttendance,
    MemberClaim,
    Panel,
    TableFacilitator,
    TableSeat,
    Volunteer,
)

FACILITATORS = ["Rosa Delgado", "Tom Achebe"]
HONORARIUM_CENTS = 7_500
NEEDS = [("Step-free access; uses a wheelchair.", ""), ("", "Cares for her father on weekday evenings."),
         ("A hearing loop, please; sits near the front.", "Two children under ten.")]


async def seed_assembly(panel: Panel, accounts: dict[str, Account], sessions: list[CitizensPanelSession],
                        held: int) -> None:
    """Tables and facilitators for every session, attendance and claims for the ``held`` first ones."""
    citizens = await CitizensPanel.get(panel_id=panel.id)
    names = [c.name for c in categories_from_json(citizens.categories)]
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("id")
    for member, (access, caring) in zip(members[1:], NEEDS, strict=False):
        member.access_needs, member.caring = access, caring
        await member.save(update_fields=["access_needs", "caring"])
    strata = [tables.Member(m.id, tuple(str(m.answers.get(n, "")) for n in names)) for m in members]
    history: list[list[list[int]]] = []
    absent = members[-1].id  # missed the second session: the tables were repaired around them
    for number, session in enumerate(sessions):
        seated = tables.allocate(strata, citizens.table_size, tables.pairs_met(history), seed=session.id)
        if number == 1:
            seated, _moves = tables.drop_out(seated, absent, {m.id: m.strata for m in strata},
                                             tables.pairs_met(history))
        history.append(seated)
        await TableSeat.bulk_create([TableSeat(session_id=session.id, volunteer_id=member, table=t)
                                     for t, table in enumerate(seated) for member in table])
        await TableFacilitator.bulk_create([TableFacilitator(session_id=session.id, table=t, name=name)
                                            for t, name in zip(range(len(seated)), FACILITATORS, strict=False)])
        if number < held:
            await MemberAttendance.bulk_create([
                MemberAttendance(session_id=session.id, volunteer_id=m.id,
                                 mark=AttendanceMark.ABSENT if number == 1 and m.id == absent else
                                 AttendanceMark.PRESENT) for m in members])
    await _claims(accounts, members, sessions[:held], absent)


async def _claims(accounts: dict[str, Account], members: list[Volunteer], held: list[CitizensPanelSession],
                  absent: int) -> None:
    first = accounts["coordinator"].person_id if "coordinator" in accounts else None
    second = accounts["coordinator2"].person_id if "coordinator2" in accounts else None
    now = clock.now()
    claims = []
    for number, session in enumerate(held):
        latest = number == len(held) - 1
        for member in members:
            if number == 1 and member.id == absent:
                continue
            status = ClaimStatus.PENDING if latest else ClaimStatus.APPROVED
            claims.append(MemberClaim(session_id=session.id, volunteer_id=member.id, kind=ClaimKind.HONORARIUM,
                                      amount_cents=HONORARIUM_CENTS, entered_by_id=first, status=status,
                                      decided_by_id=None if latest else second, decided_at=None if latest else now))
        claims.append(MemberClaim(session_id=session.id, volunteer_id=members[1].id, kind=ClaimKind.TRAVEL,
                                  amount_cents=1_850, note="Accessible taxi both ways", entered_by_id=first,
                                  status=ClaimStatus.PENDING if latest else ClaimStatus.APPROVED,
                                  decided_by_id=None if latest else second, decided_at=None if latest else now))
    claims.append(MemberClaim(session_id=held[0].id, volunteer_id=members[2].id, kind=ClaimKind.CARE,
                              amount_cents=4_000, note="Evening carer, 4 hours", entered_by_id=first,
                              status=ClaimStatus.PENDING))
    await MemberClaim.bulk_create(claims)
