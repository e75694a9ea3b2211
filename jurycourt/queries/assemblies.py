"""Reading a citizens' panel's sessions in the room and its members' support.

The tables of a session are seen by the panel's members and its program's coordinators (``sitting_role``);
members' access needs and caring, attendance and claims only by the coordinators. Everyone else: NotFound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import assembly_tables as table_rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus, categories_from_json
from jurycourt.domain.member_support import RECEIPT_TOPIC, AttendanceMark, ClaimStatus, PaymentLine
from jurycourt.domain.panels import PanelKind
from jurycourt.models import (
    CitizensPanel,
    CitizensPanelSession,
    Document,
    Hearing,
    MemberAttendance,
    MemberClaim,
    Panel,
    TableFacilitator,
    TableSeat,
    Volunteer,
)
from jurycourt.queries.citizens_panels import sitting_role
from jurycourt.queries.documents import owned_document

#: Claims listed on the claims page (a panel of 40 members over 8 sessions claims a few hundred).
CLAIMS_PAGE = 500


@dataclass
class TableView:
    number: int  # from 1, as printed
    facilitator: str
    members: list[Volunteer]


@dataclass
class TablesPage:
    panel: Panel
    citizens: CitizensPanel
    role: str  # "coordinator" or "member"
    session: CitizensPanelSession
    hearing: Hearing
    categories: list[str]
    tables: list[TableView] = field(default_factory=list)
    unseated: list[Volunteer] = field(default_factory=list)  # expected, but not at a table
    absent: list[Volunteer] = field(default_factory=list)
    attendance: dict[int, AttendanceMark] = field(default_factory=dict)

    @property
    def may_manage(self) -> bool:
        return self.role == "coordinator" and self.panel.status == CitizensPanelStatus.DRAWN

    @property
    def facilitators_needed(self) -> int:
        return table_rules.facilitators_needed(sum(len(t.members) for t in self.tables))


async def tables_page(viewer: Viewer, panel_id: int, session_id: int) -> TablesPage:
    """A session's tables, facilitators and (for coordinators) attendance and members' needs."""
    panel, role = await sitting_role(viewer, panel_id)
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id).select_related("hearing")
    if session is None:
        raise NotFound()
    citizens = await CitizensPanel.get(panel_id=panel.id)
    page = TablesPage(panel, citizens, role, session, session.hearing,
                      [c.name for c in categories_from_json(citizens.categories)])
    members = {v.id: v for v in await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED)
               .order_by("name", "id")}
    seats = await TableSeat.filter(session_id=session.id).values_list("table", "volunteer_id")
    names = dict(await TableFacilitator.filter(session_id=session.id).values_list("table", "name"))
    by_table: dict[int, list[Volunteer]] = defaultdict(list)
    for table, volunteer_id in seats:
        if volunteer_id in members:
            by_table[table].append(members[volunteer_id])
    page.tables = [TableView(t + 1, names.get(t, ""), sorted(by_table[t], key=lambda v: v.name))
                   for t in range(max(by_table, default=-1) + 1)]
    if role == "coordinator":
        page.attendance = {v: AttendanceMark(m) for v, m in await MemberAttendance.filter(
            session_id=session.id).values_list("volunteer_id", "mark")}
        seated = {v for _t, v in seats}
        page.absent = [m for m in members.values() if page.attendance.get(m.id) == AttendanceMark.ABSENT]
        page.unseated = [m for m in members.values()
                         if m.id not in seated and page.attendance.get(m.id) != AttendanceMark.ABSENT]
    return page


async def _managed(viewer: Viewer, panel_id: int) -> Panel:
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not coordinates(viewer, panel.program_id):
        raise NotFound()
    return panel


async def member_for_support(viewer: Viewer, panel_id: int, volunteer_id: int) -> tuple[Panel, Volunteer]:
    """A member's record with their access needs and caring, for the program's coordinators only."""
    panel = await _managed(viewer, panel_id)
    member = await Volunteer.get_or_none(id=volunteer_id, panel_id=panel.id, status=VolunteerStatus.SELECTED)
    if member is None:
        raise NotFound()
    return panel, member


@dataclass
class Totals:
    approved_cents: int = 0
    pending_cents: int = 0
    attended: int = 0


@dataclass
class ClaimsPage:
    panel: Panel
    sessions: list[tuple[CitizensPanelSession, int]]  # (session, its number from 1)
    members: list[Volunteer]
    claims: list[MemberClaim]
    by_member: dict[int, Totals]
    by_session: dict[int, Totals]

    @property
    def may_enter(self) -> bool:
        return self.panel.status == CitizensPanelStatus.DRAWN

    @property
    def total(self) -> Totals:
        return Totals(sum(t.approved_cents for t in self.by_session.values()),
                      sum(t.pending_cents for t in self.by_session.values()),
                      sum(t.attended for t in self.by_session.values()))


async def claims_page(viewer: Viewer, panel_id: int) -> ClaimsPage:
    """The panel's claims (waiting ones first), with the totals per member and per session, and attendance."""
    panel = await _managed(viewer, panel_id)
    sessions = await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at", "id") \
        .select_related("hearing")
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("name", "id")
    claims = await MemberClaim.filter(session__panel_id=panel.id).order_by("-created_at", "-id").limit(
        CLAIMS_PAGE).select_related("volunteer", "entered_by", "decided_by")
    claims.sort(key=lambda c: c.status != ClaimStatus.PENDING)
    by_member: dict[int, Totals] = {m.id: Totals() for m in members}
    by_session: dict[int, Totals] = {s.id: Totals() for s in sessions}
    rows = await MemberClaim.filter(session__panel_id=panel.id).values_list(
        "session_id", "volunteer_id", "status", "amount_cents")
    for session_id, volunteer_id, status, cents in rows:
        for totals in (by_member.get(volunteer_id), by_session.get(session_id)):
            if totals is not None and status == ClaimStatus.APPROVED:
                totals.approved_cents += cents
            elif totals is not None and status == ClaimStatus.PENDING:
                totals.pending_cents += cents
    for session_id, volunteer_id in await MemberAttendance.filter(
            session__panel_id=panel.id, mark=AttendanceMark.PRESENT).values_list("session_id", "volunteer_id"):
        for totals in (by_member.get(volunteer_id), by_session.get(session_id)):
            if totals is not None:
                totals.attended += 1
    return ClaimsPage(panel, [(s, n) for n, s in enumerate(sessions, start=1)], members, claims, by_member,
                      by_session)


async def claim_receipt(viewer: Viewer, panel_id: int, claim_id: int) -> Document:
    """A claim's receipt, for the program's coordinators only."""
    panel = await _managed(viewer, panel_id)
    claim = await MemberClaim.get_or_none(id=claim_id, session__panel_id=panel.id)
    if claim is None or claim.receipt_id is None:
        raise NotFound()
    return await owned_document(RECEIPT_TOPIC, claim.id, claim.receipt_id)


async def payment_lines(viewer: Viewer, panel_id: int) -> tuple[Panel, list[PaymentLine]]:
    """The approved claims, oldest decision first, as the finance office pays them."""
    panel = await _managed(viewer, panel_id)
    order = {s: n for n, s in enumerate(await CitizensPanelSession.filter(panel_id=panel.id).order_by(
        "hearing__starts_at", "id").values_list("id", flat=True), start=1)}
    claims = await MemberClaim.filter(session__panel_id=panel.id, status=ClaimStatus.APPROVED).order_by(
        "decided_at", "id").select_related("volunteer", "session__hearing")
    return panel, [PaymentLine(c.id, c.volunteer.name, c.volunteer.reference,
                               f"{order.get(c.session_id, 0)} ({c.session.hearing.starts_at.date().isoformat()})",
                               c.kind, c.amount_cents, c.note,
                               c.decided_at.date().isoformat() if c.decided_at else "") for c in claims]
