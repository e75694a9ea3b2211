"""Reading the jury room: who may enter it, and what they see there.

Seated jurors (foreperson or juror, invited or accepted) enter only inside the case's access
window (domain.case_access); coordinators always. Everyone else is told it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.db import Params, as_utc, fetch_rows
from jurycourt.domain.case_access import JUROR_STATES, Access, access
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import SHEET_SEATS
from jurycourt.domain.jury_room import Member, Phase, Tally, decided_view_closes, decided_view_open, thread_rights
from jurycourt.domain.ledger import Served, service_credit
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole
from jurycourt.models import (
    Case,
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


class RoomShut(Exception):
    """A juror seated on the room's hearing knocked while the room is shut to them: not open yet
    (before the hearing's day) or closed (the decided view's time is over, or the case left the
    jury). They know the room exists, so they are told so plainly, never "not found"."""

    def __init__(self, entry_id: int, opens_on: date | None = None) -> None:
        super().__init__(entry_id)
        self.entry_id = entry_id
        self.opens_on = opens_on

    @property
    def closed(self) -> bool:
        return self.opens_on is None


@dataclass
class RoomView:
    """One case's jury room as one viewer may enter it."""

    entry: DocketEntry
    case: Case
    hearing: Hearing
    program: Program
    member: Member
    person_id: int
    deliberation: Deliberation | None
    seated: int  # seated jurors (foreperson included), from the room access read
    recorded_age: int | None = None  # the intake's record of the respondent's age, from the room access read

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
    def thread_seat(self) -> threads.ThreadReader | None:
        """The room's thread (the threads component) as this member may use it, once it exists."""
        thread = self.thread
        return threads.ThreadReader(thread, self.person_id, thread_rights(self.phase, self.member)) if thread else None

    @property
    def thread(self) -> Thread | None:
        # An unfetched relation reads as an awaitable: only a loaded thread counts.
        thread = getattr(self.deliberation, "thread", None)
        return thread if isinstance(thread, Thread) else None

    def etag(self) -> str:
        return _etag(self.entry.id, self.member, self.phase, self.version, self.thread.version if self.thread else 0,
                     self.seated)


def _etag(entry_id: int, member: Member, phase: Phase, version: int, said: int, seated: int) -> str:
    """What a member sees of the room changes with its phase, its version, its thread's version,
    the number of jurors seated (the vote's count) and their part in it."""
    who = "c" if member.coordinator else "f" if member.foreperson else "j"
    return f'"room-{entry_id}-{phase}-{version}-{said}-{seated}-{who}"'


@dataclass(frozen=True)
class RoomAccess:
    """May this viewer enter the room now, and which version of it is there: plain values."""

    entry_id: int
    member: Member
    phase: Phase
    version: int
    said: int
    deliberation_id: int | None
    seated: int
    recorded_age: int | None = None  # the respondent's age as the case's intake recorded it, if it did

    def etag(self) -> str:
        return _etag(self.entry_id, self.member, self.phase, self.version, self.said, self.seated)


def _door_sql(p: Params, person_id: int, entry_id: int) -> str:
    """Everything the access rule and the ETag need in one read (the seat is unique per hearing and
    person, the deliberation per hearing and case, so it is at most one row)."""
    person = p(person_id)
    statuses, roles = p.each(sorted(str(s) for s in SHEET_SEATS)), p.each(sorted(str(r) for r in JURY_ROLES))
    return (
        "SELECT h.program_id, h.starts_at, p.time_zone, c.state, c.sealed_at, c.respondent_id,"  # noqa: S608 - only placeholders are interpolated
        f" (SELECT COUNT(*) FROM case_guardian g WHERE g.case_id = c.id AND g.person_id = {person}),"
        " d.id, d.phase, d.version, d.sealed_at, t.version, s.role,"
        " (SELECT COUNT(*) FROM seat j WHERE j.hearing_id = e.hearing_id"
        f" AND j.status IN ({statuses}) AND j.role IN ({roles})),"
        " (SELECT i.age FROM case_intake i WHERE i.case_id = c.id)"
        " FROM docket_entry e JOIN hearing h ON h.id = e.hearing_id JOIN program p ON p.id = h.program_id"
        " JOIN case_file c ON c.id = e.case_id"
        " LEFT JOIN deliberation d ON d.hearing_id = e.hearing_id AND d.case_id = e.case_id"
        " LEFT JOIN thread t ON t.id = d.thread_id"
        f" LEFT JOIN seat s ON s.hearing_id = e.hearing_id AND s.person_id = {person}"
        f" AND s.status IN ({statuses}) AND s.role IN ({roles})"
        f" WHERE e.id = {p(entry_id)}"
    )


async def room_access(viewer: Viewer, entry_id: int) -> RoomAccess:
    """The access to the room for ``viewer``, or NotFound: in one query, so a live poll that finds
    nothing new costs it and the session only. Coordinators of the program always enter; a juror
    seated on the hearing (invited or accepted) while the case is open to them (domain.case_access),
    then read-only for a while once the decision is recorded; else RoomShut (``_check_juror``)."""
    if not viewer.signed_in:
        raise NotFound()
    rows = await fetch_rows(lambda p: _door_sql(p, viewer.person_id, entry_id))
    if not rows:
        raise NotFound()
    (program_id, starts_at, time_zone, state, case_sealed, respondent_id, guardian, deliberation_id, phase,
     version, room_sealed, said, seat_role, seated_count, recorded_age) = rows[0]
    coordinator = viewer.has_role(program_id, Role.COORDINATOR)
    seated = not coordinator and seat_role is not None
    if not coordinator:
        await _check_juror(entry_id, viewer.person_id == respondent_id or bool(guardian), seated, program_id,
                           as_utc(starts_at).astimezone(ZoneInfo(time_zone)).date(),
                           clock.today(time_zone), CaseState(state),
                           case_sealed is not None, as_utc(room_sealed) if room_sealed is not None else None)
    member = Member(seated=seated, foreperson=seated and seat_role == SeatRole.FOREPERSON, coordinator=coordinator)
    return RoomAccess(entry_id, member, Phase(phase) if phase else Phase.PREPARING, version or 0, said or 0,
                deliberation_id, int(seated_count), recorded_age)


async def _check_juror(entry_id: int, party: bool, seated: bool, program_id: int, hearing_day: date, today: date,
                       state: CaseState, case_sealed: bool, room_sealed: datetime | None) -> None:
    """A seated juror enters from the hearing's day until the decision, then keeps the decided
    room (read-only) for the program's ``decided_room_hours``; outside that the room is shut to
    them (RoomShut). Anyone else, a party to the case and every room of a sealed case: NotFound."""
    if not seated or party or case_sealed:
        raise NotFound()
    if room_sealed is not None:
        rules = await Program.filter(id=program_id).first().values_list("rules", flat=True)
        if not decided_view_open(room_sealed, clock.now(), rules):
            raise RoomShut(entry_id)
        return
    level = access(coordinator=False, party=False, seated=True, hearing_day=hearing_day, today=today, state=state)
    if level != Access.JUROR:
        raise RoomShut(entry_id, hearing_day if today < hearing_day and state in JUROR_STATES else None)


_JOINS = ("case", "hearing", "hearing__program", "hearing__room")
def _entry_query(entry_id: int):
    return DocketEntry.get_or_none(id=entry_id).select_related(*_JOINS)

def _entry_with_respondent_query(entry_id: int):
    return (DocketEntry.get_or_none(id=entry_id).select_related(
        *_JOINS, "case__respondent"))



async def enter_room(viewer: Viewer, entry_id: int, *, respondent: bool = False,
                     entry_access: RoomAccess | None = None) -> RoomView:
    """The room for ``viewer``, or NotFound (``entry_access``: the one ``room_access`` gave for this request).
    ``respondent`` loads the case's respondent too (for the brief on the full page, which the view
    then logs as a view of the case)."""
    entry_access = entry_access or await room_access(viewer, entry_id)
    entry = await (_entry_with_respondent_query if respondent else _entry_query)(entry_id=entry_id)
    if entry is None:
        raise NotFound()
    deliberation = None
    if entry_access.deliberation_id is not None:
        deliberation = await Deliberation.get_or_none(id=entry_access.deliberation_id).select_related("thread")
    return RoomView(entry, entry.case, entry.hearing, entry.hearing.program, entry_access.member, viewer.person_id,
                deliberation, entry_access.seated, entry_access.recorded_age)


async def seated_count(room: RoomView) -> int:
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


@dataclass(frozen=True)
class RoomState:
    """The room's live part as every reader shares it (each is then shown their own part of it)."""

    questions: list[Question]  # drafts included: each reader is shown the shared ones and their own
    proposals: list[ProposalView]
    votes: dict[int, bool]  # person → in favour, on the proposal under vote


@dataclass(frozen=True)
class MyVote:
    """The reader's own vote."""

    in_favour: bool


@dataclass
class Live:
    """The part of the room that updates live: phase, thread, proposals and the vote."""

    room: RoomView
    thread: threads.ThreadView | None
    proposals: list[ProposalView]
    questions: list[Question]
    tally: Tally | None
    my_vote: MyVote | None


def _name(person) -> str:
    return person.preferred_name or person.given_name


async def live(room: RoomView, thread: threads.ThreadView | None = None) -> Live:
    """Everything the live fragment shows, in a fixed number of queries whatever the thread's length.
    ``thread``: the reader's view of the thread when the caller has it."""
    state = await _state(room)
    questions = [q for q in state.questions if q.shared or q.author_id == room.person_id]
    d = room.deliberation
    if d is None:
        return Live(room, None, [], questions, None, None)
    if thread is None and (seat := room.thread_seat) is not None:
        thread = await threads.read_thread(seat)
    tally, my_vote = None, None
    if d.phase in (Phase.VOTING, Phase.DECIDED) and d.under_vote_id:
        mine = state.votes.get(room.person_id)
        my_vote = MyVote(mine) if mine is not None else None
        in_favour = sum(1 for yes in state.votes.values() if yes)
        tally = Tally(room.seated, in_favour, len(state.votes) - in_favour, d.vote_closed)
    return Live(room, thread, state.proposals, questions, tally, my_vote)


async def _state(room: RoomView) -> RoomState:
    questions = list(await Question.filter(case_id=room.case.id).order_by("position", "id"))
    d = room.deliberation
    if d is None:
        return RoomState(questions, [], {})
    proposals = await Proposal.filter(deliberation_id=d.id).select_related("author").order_by("id")
    supports = await Support.filter(proposal__deliberation_id=d.id).order_by("id").values_list(
        "proposal_id", "supports", "reason", "person__preferred_name", "person__given_name")
    views = {p.id: ProposalView(p, _name(p.author)) for p in proposals}
    latest_by_author = {p.author_id: p.id for p in proposals if p.round == d.round}
    for view in views.values():
        # Only this round's proposals are open: a vote that did not carry sent the room back.
        view.current = latest_by_author.get(view.proposal.author_id) == view.proposal.id \
            and view.proposal.round == d.round
    for proposal_id, supports_it, reason, preferred, given in supports:
        view = views[proposal_id]
        if supports_it:
            view.supports += 1
        else:
            view.objections += 1
        view.reasons.append((preferred or given, bool(supports_it), reason))
    votes: dict[int, bool] = {}
    if d.phase in (Phase.VOTING, Phase.DECIDED) and d.under_vote_id:
        votes = {person: bool(yes) for person, yes in
                 await Vote.filter(deliberation_id=d.id).values_list("person_id", "in_favour")}
    return RoomState(questions, list(views.values()), votes)


@dataclass(frozen=True)
class Decision:
    """What the jury decided, as every seated juror and the coordinator see it once it is recorded:
    the sanctions (kind, quantity), the vote, and for a juror the time they will be credited."""

    sanctions: tuple[tuple[str, int | None], ...]
    tally: Tally | None
    voting_rule: str
    recorded_at: datetime
    closes_at: datetime | None  # when the room closes to the seated jurors (None for a coordinator)
    credited: int | None  # minutes to be credited: exact once the juror has checked out
    estimated: int | None  # else from check-in (or the start) to the hearing's end, rounded alike
    no_show: bool = False


async def decision_of(room: RoomView, live_part: Live) -> Decision | None:
    """The recorded decision of ``room`` (None before it): one query more, for a juror's seat."""
    d = room.deliberation
    if d is None or d.phase != Phase.DECIDED or d.sealed_at is None:
        return None
    chosen = next((p.proposal for p in live_part.proposals if p.proposal.id == d.under_vote_id), None)
    sanctions = tuple((item["kind"], item.get("quantity")) for item in (chosen.sanctions if chosen else []))
    rules = room.program.rules
    sealed_at = as_utc(d.sealed_at)
    decision = Decision(sanctions, live_part.tally, room.voting_rule, sealed_at,
                        None if room.member.coordinator else decided_view_closes(sealed_at, rules), None, None)
    if not room.member.seated:
        return decision
    seat = await Seat.filter(hearing_id=room.hearing.id, person_id=room.person_id,
                             status__in=list(SHEET_SEATS)).first()
    if seat is None or seat.no_show:
        return replace(decision, no_show=seat is not None)
    credited = service_credit(seat, rules)
    if credited is not None:
        return replace(decision, credited=credited)
    start = seat.checked_in_at or room.hearing.starts_at
    return replace(decision, estimated=service_credit(Served(start, room.hearing.ends_at), rules))
