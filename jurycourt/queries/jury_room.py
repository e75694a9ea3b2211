"""Reading the jury room: who may enter it, and what they see there.

Seated jurors (foreperson or juror, invited or accepted) enter only inside the case's access
window (domain.case_access); coordinators always. Everyone else is told it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from jurycourt.actions.case_views import log_view
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.case_access import Access, access
from jurycourt.domain.hearings import SHEET_SEATS
from jurycourt.domain.jury_room import Member, Phase, Tally, thread_rights
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole
from jurycourt.models import (
    Case,
    CaseGuardian,
    Deliberation,
    DocketEntry,
    Hearing,
    Program,
    Proposal,
    Question,
    Seat,
    Support,
    Thread,
    Vote,
)
from jurycourt.queries import threads

JURY_ROLES = (SeatRole.FOREPERSON, SeatRole.JUROR)


@dataclass
class Room:
    """One case's jury room as one viewer may enter it."""

    entry: DocketEntry
    case: Case
    hearing: Hearing
    program: Program
    member: Member
    person_id: int
    deliberation: Deliberation | None

    @property
    def phase(self) -> Phase:
        return self.deliberation.phase if self.deliberation else Phase.PREPARING

    @property
    def version(self) -> int:
        return self.deliberation.version if self.deliberation else 0

    @property
    def voting_rule(self) -> str:
        return rules_with_defaults(self.program.rules)["voting_rule"]

    @property
    def thread_seat(self) -> threads.Seat | None:
        """The room's thread (the threads component) as this member may use it, once it exists."""
        thread = self.thread
        return threads.Seat(thread, self.person_id, thread_rights(self.phase, self.member)) if thread else None

    @property
    def thread(self) -> Thread | None:
        # An unfetched relation reads as an awaitable: only a loaded thread counts.
        thread = getattr(self.deliberation, "thread", None)
        return thread if isinstance(thread, Thread) else None

    def etag(self) -> str:
        who = "c" if self.member.coordinator else "f" if self.member.foreperson else "j"
        said = self.thread.version if self.thread else 0
        return f'"room-{self.entry.id}-{self.phase}-{self.version}-{said}-{who}"'


async def enter_room(viewer: Viewer, entry_id: int, *, log: bool = True) -> Room:
    """The room for ``viewer``, or NotFound. A page view is logged as a view of the case."""
    if not viewer.signed_in:
        raise NotFound()
    entry = await DocketEntry.get_or_none(id=entry_id).select_related(
        "case", "case__respondent", "hearing", "hearing__program")
    if entry is None:
        raise NotFound()
    case, hearing, program = entry.case, entry.hearing, entry.hearing.program
    coordinator = viewer.has_role(program.id, Role.COORDINATOR)
    seat = None if coordinator else await Seat.get_or_none(
        hearing_id=hearing.id, person_id=viewer.person_id, status__in=list(SHEET_SEATS), role__in=list(JURY_ROLES))
    deliberation = await Deliberation.get_or_none(hearing_id=hearing.id, case_id=case.id).select_related("thread")
    if not coordinator:
        if seat is None or (deliberation and deliberation.sealed_at):
            raise NotFound()
        party = viewer.person_id == case.respondent_id or await CaseGuardian.exists(
            case_id=case.id, person_id=viewer.person_id)
        today = datetime.now(UTC).astimezone(ZoneInfo(program.time_zone)).date()
        day = hearing.starts_at.astimezone(ZoneInfo(program.time_zone)).date()
        level = access(coordinator=False, party=party, seated=True, hearing_day=day, today=today,
                       state=case.state, sealed=case.sealed_at is not None)
        if level != Access.JUROR:
            raise NotFound()
    if log:
        await log_view(case.id, viewer.person_id, "room:full" if coordinator else "room:juror")
    member = Member(seated=seat is not None, foreperson=seat is not None and seat.role == SeatRole.FOREPERSON,
                    coordinator=coordinator)
    return Room(entry, case, hearing, program, member, viewer.person_id, deliberation)


async def seated_count(room: Room) -> int:
    return await Seat.filter(hearing_id=room.hearing.id, status__in=list(SHEET_SEATS),
                             role__in=list(JURY_ROLES)).count()


@dataclass
class ProposalView:
    proposal: Proposal
    author: str
    supports: int = 0
    objections: int = 0
    reasons: list[tuple[str, bool, str]] = field(default_factory=list)
    current: bool = True


@dataclass
class Live:
    """The part of the room that updates live: phase, thread, proposals and the vote."""

    room: Room
    thread: threads.ThreadView | None
    proposals: list[ProposalView]
    questions: list[Question]
    tally: Tally | None
    my_vote: Vote | None


def _name(person) -> str:
    return person.preferred_name or person.given_name


async def live(room: Room) -> Live:
    """Everything the live fragment shows, in a fixed number of queries whatever the thread's length."""
    d = room.deliberation
    questions = await Question.filter(case_id=room.case.id).select_related("author").order_by("position", "id")
    questions = [q for q in questions if q.shared or q.author_id == room.person_id]
    if d is None:
        return Live(room, None, [], questions, None, None)
    seat = room.thread_seat
    thread = await threads.read_thread(seat) if seat else None
    proposals = await Proposal.filter(deliberation_id=d.id).select_related("author").order_by("id")
    supports = await Support.filter(proposal__deliberation_id=d.id).select_related("person").order_by("id")
    views = {p.id: ProposalView(p, _name(p.author)) for p in proposals}
    latest_by_author = {p.author_id: p.id for p in proposals}
    for view in views.values():
        view.current = latest_by_author[view.proposal.author_id] == view.proposal.id
    for s in supports:
        view = views[s.proposal_id]
        if s.supports:
            view.supports += 1
        else:
            view.objections += 1
        view.reasons.append((_name(s.person), s.supports, s.reason))
    tally, my_vote = None, None
    if d.phase in (Phase.VOTING, Phase.DECIDED) and d.under_vote_id:
        votes = await Vote.filter(deliberation_id=d.id).values_list("person_id", "in_favour")
        if any(person == room.person_id for person, _ in votes):
            my_vote = await Vote.get(deliberation_id=d.id, person_id=room.person_id)
        in_favour = sum(1 for _, yes in votes if yes)
        tally = Tally(await seated_count(room), in_favour, len(votes) - in_favour, d.vote_closed)
    return Live(room, thread, list(views.values()), questions, tally, my_vote)
