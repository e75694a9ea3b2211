"""Reading the jury room: who may enter it, and what they see there.

Seated jurors (foreperson or juror, invited or accepted) enter only inside the case's access
window (domain.case_access); coordinators always. Everyone else is told it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.db import as_utc, fetch_rows, model_columns, model_from_row
from jurycourt.domain.case_access import Access, access
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import SHEET_SEATS
from jurycourt.domain.jury_room import Member, Phase, Tally, thread_rights
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole
from jurycourt.lru import Lru
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
from jurycourt.prepared import Prepared
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
    seated: int  # seated jurors (foreperson included), from the door
    recorded_age: int | None = None  # the intake's record of the respondent's age, from the door

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
        return _etag(self.entry.id, self.member, self.phase, self.version, self.thread.version if self.thread else 0,
                     self.seated)

    @property
    def state_key(self) -> tuple:
        """Names one version of what every reader of the room shares (see ``live``)."""
        return ("room", self.entry.id, self.deliberation.id if self.deliberation else None, self.phase,
                self.version, self.thread.version if self.thread else 0, self.seated)


def _etag(entry_id: int, member: Member, phase: Phase, version: int, said: int, seated: int) -> str:
    """What a member sees of the room changes with its phase, its version, its thread's version,
    the number of jurors seated (the vote's count) and their part in it."""
    who = "c" if member.coordinator else "f" if member.foreperson else "j"
    return f'"room-{entry_id}-{phase}-{version}-{said}-{seated}-{who}"'


@dataclass(frozen=True)
class Door:
    """May this viewer enter the room now, and which version of it is there: plain values (and the
    deliberation's and its thread's rows, made into models only when the room is entered)."""

    entry_id: int
    member: Member
    phase: Phase
    version: int
    said: int
    deliberation_id: int | None
    seated: int
    recorded_age: int | None = None  # the respondent's age as the case's intake recorded it, if it did
    rows: tuple = ()  # the deliberation's and the thread's columns (``_room_columns``), when there is one

    def etag(self) -> str:
        return _etag(self.entry_id, self.member, self.phase, self.version, self.said, self.seated)

    def deliberation(self) -> Deliberation | None:
        """The room's deliberation with its thread (if it has one), from the door's own row."""
        if self.deliberation_id is None:
            return None
        deliberation_columns, thread_columns = _room_columns()
        deliberation = model_from_row(Deliberation, deliberation_columns, self.rows[:len(deliberation_columns)])
        thread_row = self.rows[len(deliberation_columns):]
        if deliberation.thread_id is not None:
            deliberation.thread = model_from_row(Thread, thread_columns, thread_row)
        return deliberation


@cache
def _room_columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return model_columns(Deliberation), model_columns(Thread)


@cache
def _door_sql() -> str:
    """Everything the access rule and the ETag need, and the deliberation and thread themselves, in
    one read (the seat is unique per hearing and person, the deliberation per hearing and case, so
    it is at most one row). Made once the models are known."""
    deliberation_columns, thread_columns = _room_columns()
    return (
        "SELECT h.program_id, h.starts_at, p.time_zone, c.state, c.sealed_at, c.respondent_id,"  # noqa: S608 - only column names and placeholders are interpolated
        " (SELECT COUNT(*) FROM case_guardian g WHERE g.case_id = c.id AND g.person_id = ?),"
        " d.id, d.phase, d.version, d.sealed_at, t.version, s.role,"
        " (SELECT COUNT(*) FROM seat j WHERE j.hearing_id = e.hearing_id"
        f" AND j.status IN ({', '.join('?' * len(SHEET_SEATS))}) AND j.role IN ({', '.join('?' * len(JURY_ROLES))})),"
        " (SELECT i.age FROM case_intake i WHERE i.case_id = c.id),"
        f" {', '.join(f'd.{column}' for column in deliberation_columns)},"
        f" {', '.join(f't.{column}' for column in thread_columns)}"
        " FROM docket_entry e JOIN hearing h ON h.id = e.hearing_id JOIN program p ON p.id = h.program_id"
        " JOIN case_file c ON c.id = e.case_id"
        " LEFT JOIN deliberation d ON d.hearing_id = e.hearing_id AND d.case_id = e.case_id"
        " LEFT JOIN thread t ON t.id = d.thread_id"
        " LEFT JOIN seat s ON s.hearing_id = e.hearing_id AND s.person_id = ?"
        f" AND s.status IN ({', '.join('?' * len(SHEET_SEATS))}) AND s.role IN ({', '.join('?' * len(JURY_ROLES))})"
        " WHERE e.id = ?"
    )


async def open_door(viewer: Viewer, entry_id: int) -> Door:
    """The door of the room for ``viewer``, or NotFound: in one query, so a live poll that finds
    nothing new costs it and the session only. Coordinators of the program always enter; a juror
    seated on the hearing (invited or accepted) only while the case is open to them (domain.case_access)
    and the room is not sealed."""
    if not viewer.signed_in:
        raise NotFound()
    jury = [*sorted(str(s) for s in SHEET_SEATS), *sorted(str(r) for r in JURY_ROLES)]
    rows = await fetch_rows(_door_sql(), [viewer.person_id, *jury, viewer.person_id, *jury, entry_id])
    if not rows:
        raise NotFound()
    (program_id, starts_at, time_zone, state, case_sealed, respondent_id, guardian, deliberation_id, phase,
     version, room_sealed, said, seat_role, seated_count, recorded_age) = rows[0][:15]
    coordinator = viewer.has_role(program_id, Role.COORDINATOR)
    seated = not coordinator and seat_role is not None
    if not coordinator:
        if not seated or room_sealed is not None:
            raise NotFound()
        zone = ZoneInfo(time_zone)
        level = access(coordinator=False, party=viewer.person_id == respondent_id or bool(guardian), seated=True,
                       hearing_day=as_utc(starts_at).astimezone(zone).date(),
                       today=datetime.now(UTC).astimezone(zone).date(),
                       state=CaseState(state), sealed=case_sealed is not None)
        if level != Access.JUROR:
            raise NotFound()
    member = Member(seated=seated, foreperson=seated and seat_role == SeatRole.FOREPERSON, coordinator=coordinator)
    return Door(entry_id, member, Phase(phase) if phase else Phase.PREPARING, version or 0, said or 0,
                deliberation_id, int(seated_count), recorded_age, rows[0][15:])


_JOINS = ("case", "hearing", "hearing__program")
_ENTRY = Prepared(lambda entry_id: DocketEntry.get_or_none(id=entry_id).select_related(*_JOINS), entry_id=int)
_ENTRY_WITH_RESPONDENT = Prepared(lambda entry_id: DocketEntry.get_or_none(id=entry_id).select_related(
    *_JOINS, "case__respondent"), entry_id=int)


async def enter_room(viewer: Viewer, entry_id: int, *, respondent: bool = False,
                     door: Door | None = None) -> Room:
    """The room for ``viewer``, or NotFound (``door``: the one ``open_door`` gave for this request).
    ``respondent`` loads the case's respondent too (for the brief on the full page, which the view
    then logs as a view of the case)."""
    door = door or await open_door(viewer, entry_id)
    entry = await (_ENTRY_WITH_RESPONDENT if respondent else _ENTRY)(entry_id=entry_id)
    if entry is None:
        raise NotFound()
    deliberation = door.deliberation()
    return Room(entry, entry.case, entry.hearing, entry.hearing.program, door.member, viewer.person_id,
                deliberation, door.seated, door.recorded_age)


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


@dataclass(frozen=True)
class RoomState:
    """One version of the room's live part as every reader shares it: read once per version
    (``Room.state_key``: every write in the room bumps its version or its thread's) and kept."""

    questions: list[Question]  # drafts included: each reader is shown the shared ones and their own
    proposals: list[ProposalView]
    votes: dict[int, bool]  # person → in favour, on the proposal under vote


@dataclass(frozen=True)
class Cast:
    """The reader's own vote."""

    in_favour: bool


@dataclass
class Live:
    """The part of the room that updates live: phase, thread, proposals and the vote."""

    room: Room
    thread: threads.ThreadView | None
    proposals: list[ProposalView]
    questions: list[Question]
    tally: Tally | None
    my_vote: Cast | None


def _name(person) -> str:
    return person.preferred_name or person.given_name


async def live(room: Room, kept: Lru | None = None, thread: threads.ThreadView | None = None) -> Live:
    """Everything the live fragment shows, in a fixed number of queries whatever the thread's length;
    none at all for a version of the room already in ``kept`` (the app's store of rendered things).
    ``thread``: the reader's view of the thread when the caller has it (e.g. already rendered)."""
    state = kept.get(room.state_key) if kept is not None else None
    if state is None:
        state = await _state(room)
        if kept is not None:
            kept.put(room.state_key, state)
    questions = [q for q in state.questions if q.shared or q.author_id == room.person_id]
    d = room.deliberation
    if d is None:
        return Live(room, None, [], questions, None, None)
    if thread is None and (seat := room.thread_seat) is not None:
        thread = await threads.read_thread(seat)
    tally, my_vote = None, None
    if d.phase in (Phase.VOTING, Phase.DECIDED) and d.under_vote_id:
        mine = state.votes.get(room.person_id)
        my_vote = Cast(mine) if mine is not None else None
        in_favour = sum(1 for yes in state.votes.values() if yes)
        tally = Tally(room.seated, in_favour, len(state.votes) - in_favour, d.vote_closed)
    return Live(room, thread, state.proposals, questions, tally, my_vote)


async def _state(room: Room) -> RoomState:
    questions = list(await Question.filter(case_id=room.case.id).order_by("position", "id"))
    d = room.deliberation
    if d is None:
        return RoomState(questions, [], {})
    proposals = await Proposal.filter(deliberation_id=d.id).select_related("author").order_by("id")
    supports = await Support.filter(proposal__deliberation_id=d.id).order_by("id").values_list(
        "proposal_id", "supports", "reason", "person__preferred_name", "person__given_name")
    views = {p.id: ProposalView(p, _name(p.author)) for p in proposals}
    latest_by_author = {p.author_id: p.id for p in proposals}
    for view in views.values():
        view.current = latest_by_author[view.proposal.author_id] == view.proposal.id
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
