"""A citizens' panel's sessions in the room: the discussion tables, their facilitators, and who came.

The coordinator allocates a session's tables (``domain.assembly_tables``, seeded by the session, so the
same members and history give the same tables), names a facilitator per table, marks attendance, and takes
out a member who drops out, moving as few of the others as possible.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import managed_panel
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import assembly_tables as tables
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus, categories_from_json
from jurycourt.domain.errors import Refused
from jurycourt.domain.member_support import AttendanceMark
from jurycourt.i18n import _
from jurycourt.models import (
    CitizensPanel,
    CitizensPanelSession,
    MemberAttendance,
    Panel,
    TableFacilitator,
    TableSeat,
    Volunteer,
)


async def open_session(actor: Viewer, panel_id: int, session_id: int) -> tuple[Panel, CitizensPanel,
                                                                               CitizensPanelSession]:
    """The session, for a coordinator of the panel's program (404 otherwise), while the panel sits."""
    panel, citizens = await managed_panel(actor, panel_id)
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id)
    if session is None:
        raise NotFound()
    if panel.status != CitizensPanelStatus.DRAWN:
        raise Refused(_("Tables and attendance are kept while the panel sits (after the draw, until it ends)."))
    return panel, citizens, session


async def session_member(panel: Panel, volunteer_id: int) -> Volunteer:
    member = await Volunteer.get_or_none(id=volunteer_id, panel_id=panel.id, status=VolunteerStatus.SELECTED)
    if member is None:
        raise Refused(_("Choose a member of this panel."), "volunteer")
    return member


async def seated_tables(session_id: int) -> list[list[int]]:
    """The session's tables as lists of volunteer ids (empty when not allocated)."""
    rows = await TableSeat.filter(session_id=session_id).order_by("table", "volunteer_id").values_list(
        "table", "volunteer_id")
    seated: list[list[int]] = [[] for _ in range(max((t for t, _v in rows), default=-1) + 1)]
    for table, volunteer_id in rows:
        seated[table].append(volunteer_id)
    return seated


async def _met_before(panel_id: int, session_id: int) -> dict[frozenset[int], int]:
    others = await CitizensPanelSession.filter(panel_id=panel_id).exclude(id=session_id).values_list("id", flat=True)
    return dict(tables.pairs_met([await seated_tables(other) for other in others]))


async def allocate_tables(actor: Viewer, panel_id: int, session_id: int, *, table_size: int) -> list[list[int]]:
    """Seat the panel's members (those not marked absent) at the session's tables, mixed across the strata
    and away from the people they sat with at the panel's other sessions. Replaces an earlier allocation;
    the table size becomes the panel's setting."""
    panel, citizens, session = await open_session(actor, panel_id, session_id)
    table_size = tables.check_table_size(table_size)
    absent = await MemberAttendance.filter(session_id=session.id, mark=AttendanceMark.ABSENT).values_list(
        "volunteer_id", flat=True)
    names = [c.name for c in categories_from_json(citizens.categories)]
    members = [tables.Member(v["id"], tuple(str(v["answers"].get(n, "")) for n in names)) for v in
               await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).exclude(
                   id__in=list(absent)).order_by("id").values("id", "answers")]
    if not members:
        raise Refused(_("Nobody is expected at this session: there is no one to seat."))
    seated = tables.allocate(members, table_size, await _met_before(panel.id, session.id), seed=session.id)
    async with in_transaction():
        citizens.table_size = table_size
        await citizens.save(update_fields=["table_size"])
        await TableSeat.filter(session_id=session.id).delete()
        await TableSeat.bulk_create([TableSeat(session_id=session.id, volunteer_id=member, table=number)
                                     for number, table in enumerate(seated) for member in table])
        await TableFacilitator.filter(session_id=session.id, table__gte=len(seated)).delete()
        await record("citizens_panel.tables_allocated", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), session=session.id, tables=len(seated), seed=session.id)
    return seated


async def drop_out(actor: Viewer, panel_id: int, session_id: int, volunteer_id: int) -> list[tables.Move]:
    """A member will not come to this session: they are marked absent and leave their table; at most one
    other member moves (from the fullest table to theirs) so the tables stay within one of each other."""
    panel, citizens, session = await open_session(actor, panel_id, session_id)
    member = await session_member(panel, volunteer_id)
    seated = await seated_tables(session.id)
    names = [c.name for c in categories_from_json(citizens.categories)]
    strata = {v["id"]: tuple(str(v["answers"].get(n, "")) for n in names) for v in
              await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).values("id", "answers")}
    _after, moves = tables.drop_out(seated, member.id, strata, await _met_before(panel.id, session.id))
    async with in_transaction():
        await TableSeat.filter(session_id=session.id, volunteer_id=member.id).delete()
        for move in moves:
            await TableSeat.filter(session_id=session.id, volunteer_id=move.member).update(table=move.to_table)
        await _mark(actor, session, member.id, AttendanceMark.ABSENT)
        await record("citizens_panel.dropped_out", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), session=session.id, volunteer=member.id, moved=len(moves))
    return moves


async def _mark(actor: Viewer, session: CitizensPanelSession, volunteer_id: int, mark: AttendanceMark) -> None:
    updated = await MemberAttendance.filter(session_id=session.id, volunteer_id=volunteer_id).update(
        mark=mark, marked_by_id=actor.person_id)
    if not updated:
        await MemberAttendance.create(session_id=session.id, volunteer_id=volunteer_id, mark=mark,
                                      marked_by_id=actor.person_id)


async def mark_attendance(actor: Viewer, panel_id: int, session_id: int, volunteer_id: int, mark: str) -> None:
    """Record whether a member came to the session (present or absent); a second mark replaces the first."""
    panel, _citizens, session = await open_session(actor, panel_id, session_id)
    member = await session_member(panel, volunteer_id)
    try:
        chosen = AttendanceMark(mark)
    except ValueError:
        raise Refused(_("Choose present or absent."), "mark") from None
    async with in_transaction():
        await _mark(actor, session, member.id, chosen)
        await record("citizens_panel.attendance", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), session=session.id, volunteer=member.id, mark=chosen.value)


async def set_facilitators(actor: Viewer, panel_id: int, session_id: int, names: list[str]) -> None:
    """Name who facilitates each table (by table, from the first); a blank name clears that table's."""
    panel, _citizens, session = await open_session(actor, panel_id, session_id)
    count = len(await seated_tables(session.id))
    if not count:
        raise Refused(_("Allocate the tables first."))
    cleaned = [tables.check_facilitator(name) for name in names[:count]]
    async with in_transaction():
        await TableFacilitator.filter(session_id=session.id).delete()
        await TableFacilitator.bulk_create([TableFacilitator(session_id=session.id, table=number, name=name)
                                            for number, name in enumerate(cleaned) if name])
        await record("citizens_panel.facilitators", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), session=session.id, named=sum(1 for n in cleaned if n))
