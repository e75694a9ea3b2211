"""Gathering the inputs of a seat proposal from the database, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery

from jurycourt.auth.policy import NotFound
from jurycourt.db import as_date, fetch_rows
from jurycourt.domain.hearings import HOLDING_SEATS, HearingStatus, SeatStatus
from jurycourt.domain.people import age_on
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import (
    Candidate,
    DocketParty,
    PairConflict,
    SeatingInputs,
    SeatRole,
    SessionKind,
    exclusions,
    fairness_order,
    group_key,
    seat_plan,
    seating_inputs,
    unfilled_declines,
)
from jurycourt.models import (
    Affiliation,
    Availability,
    Conflict,
    Hearing,
    Program,
    Seat,
    SeatProposal,
)
from jurycourt.queries.docket import parties_on_docket

#: Which membership serves in which kind of session.
SERVING_ROLE = {
    SessionKind.JURY_HEARING: Role.JUROR,
    SessionKind.PANEL_SESSION: Role.PANELIST,
    SessionKind.INQUIRY_HEARING: Role.GRAND_JUROR,
}


async def _members(program_id: int, role: Role) -> list[tuple]:
    """(person, status, trained, pledged, date of birth) of everyone holding the serving role."""
    return await fetch_rows(lambda p: (
        "SELECT m.person_id, m.status, m.training_date IS NOT NULL, m.pledge_date IS NOT NULL, p.date_of_birth"  # noqa: S608 - only placeholders are interpolated
        f" FROM membership m JOIN person p ON p.id = m.person_id WHERE m.program_id = {p(program_id)}"
        f" AND m.role = {p(str(role))}"))


async def _groups(program_id: int, role: Role, party_ids: list[int]) -> dict[int, frozenset[str]]:
    """School/household keys of the pool and of the docket's parties."""
    rows = await fetch_rows(lambda p: (
        "SELECT a.person_id, a.kind, a.key FROM affiliation a JOIN membership m ON m.person_id = a.person_id"  # noqa: S608 - only placeholders are interpolated
        f" WHERE m.program_id = {p(program_id)} AND m.role = {p(str(role))}"))
    if party_ids:
        rows += await Affiliation.filter(person_id__in=party_ids).values_list("person_id", "kind", "key")
    groups: dict[int, set[str]] = defaultdict(set)
    for person_id, kind, key in rows:
        groups[person_id].add(group_key(kind, key))
    return {pid: frozenset(g) for pid, g in groups.items()}


async def _service_history(hearing: Hearing) -> dict[int, tuple[date | None, int, bool]]:
    """person → (last day served, times served, has served on a jury), from attended seats at
    the program's earlier hearings, aggregated by the database."""
    rows = await fetch_rows(lambda p: (
        "SELECT s.person_id, MAX(h.starts_at), COUNT(*),"  # noqa: S608 - only placeholders are interpolated
        f" SUM(CASE WHEN h.kind = {p(str(SessionKind.JURY_HEARING))} THEN 1 ELSE 0 END)"
        " FROM seat s JOIN hearing h ON h.id = s.hearing_id"
        f" WHERE h.program_id = {p(hearing.program_id)} AND s.checked_in_at IS NOT NULL"
        f" AND h.starts_at < {p(hearing.starts_at)}"
        " GROUP BY s.person_id"))
    return {pid: (as_date(last), int(count), bool(jury)) for pid, last, count, jury in rows}


async def _busy(hearing: Hearing) -> set[int]:
    """People holding a seat at another, overlapping hearing that is not cancelled."""
    overlapping = Hearing.filter(starts_at__lt=hearing.ends_at, ends_at__gt=hearing.starts_at).exclude(
        id=hearing.id).exclude(status=HearingStatus.CANCELLED).values("id")
    rows = await Seat.filter(hearing_id__in=Subquery(overlapping), status__in=list(HOLDING_SEATS)).values_list(
        "person_id", flat=True)
    return set(rows)


async def _available(hearing: Hearing) -> set[int]:
    """People whose declared availability covers the hearing and who haven't declined it."""
    rows = await Availability.filter(
        program_id=hearing.program_id, starts_at__lte=hearing.starts_at, ends_at__gte=hearing.ends_at
    ).values_list("person_id", flat=True)
    declined = await Seat.filter(hearing_id=hearing.id, status=SeatStatus.DECLINED).values_list(
        "person_id", flat=True)
    return set(rows) - set(declined)


async def gather_inputs(
    hearing: Hearing, program: Program, parties: Iterable[DocketParty] = (),
    owed: Mapping[int, int] | None = None,
) -> SeatingInputs:
    """The pool for ``hearing``: every member holding the serving role of its kind.

    ``parties`` are the docket's parties and ``owed`` the jury sessions each person still owes
    (both supplied by the cases area; empty until a docket has cases).
    """
    kind = SessionKind(hearing.kind)
    role = SERVING_ROLE[kind]
    parties = tuple(parties)
    party_ids = [p.person_id for p in parties]
    day = hearing.starts_at.astimezone(ZoneInfo(program.time_zone)).date()
    members = await _members(program.id, role)
    groups = await _groups(program.id, role, party_ids)
    history = await _service_history(hearing)
    busy, available = await _busy(hearing), await _available(hearing)
    owed = owed or {}
    candidates = []
    for pid, status, trained, pledged, born in members:
        last, times, jury = history.get(pid, (None, 0, False))
        candidates.append(Candidate(
            person_id=pid, age=age_on(as_date(born), day), active=status == MembershipStatus.ACTIVE,
            trained=bool(trained), pledged=bool(pledged), available=pid in available, busy=pid in busy,
            owes_duty=owed.get(pid, 0), last_served=last, times_served=times, experienced=jury,
            groups=groups.get(pid, frozenset()),
        ))
    parties = tuple(DocketParty(p.person_id, p.role, groups.get(p.person_id, p.groups)) for p in parties)
    conflict_rows = await Conflict.filter(
        Q(person_id__in=party_ids) | Q(other_id__in=party_ids)
    ).values_list("person_id", "other_id", "relation") if party_ids else []
    return seating_inputs(kind, program.rules, candidates, parties,
                          [PairConflict(a, b, rel) for a, b, rel in conflict_rows])


async def latest_proposal(hearing: Hearing) -> SeatProposal | None:
    """The hearing's latest stored seating proposal (``hearing`` from an access-checked read)."""
    return await SeatProposal.filter(hearing_id=hearing.id).order_by("-id").first()


async def stored_proposal(hearing: Hearing, proposal_id: int) -> SeatProposal:
    """One of the hearing's stored seating proposals; NotFound for another hearing's."""
    found = await SeatProposal.get_or_none(id=proposal_id, hearing_id=hearing.id)
    if found is None:
        raise NotFound()
    return found


async def waiting_declines(hearing: Hearing, program: Program) -> list[int]:
    """Ids of the hearing's declined seats not yet offered to anyone else."""
    rows = await Seat.filter(hearing_id=hearing.id).exclude(status=SeatStatus.PROPOSED).values_list(
        "id", "role", "status")
    holding = await Seat.filter(hearing_id=hearing.id, status__in=list(HOLDING_SEATS)).values_list("role", flat=True)
    declined = [(sid, SeatRole(role)) for sid, role, status in rows if status == SeatStatus.DECLINED]
    plan = seat_plan(SessionKind(hearing.kind), program.rules)
    return unfilled_declines(plan, [SeatRole(r) for r in holding], declined)


async def next_eligible(hearing: Hearing, parties: Iterable[DocketParty] | None = None) -> list[int]:
    """Eligible people not holding a seat, best first (the suggestions after a decline)."""
    program = await Program.get(id=hearing.program_id)
    parties = tuple(parties) if parties is not None else await parties_on_docket(hearing)
    inputs = await gather_inputs(hearing, program, parties)
    excluded = exclusions(inputs)
    taken = set(await Seat.filter(hearing_id=hearing.id).values_list("person_id", flat=True))
    eligible = [c for c in inputs.candidates if c.person_id not in excluded and c.person_id not in taken]
    latest = await SeatProposal.filter(hearing_id=hearing.id).order_by("-id").first()
    return fairness_order(inputs, eligible, latest.seed if latest else 0)
