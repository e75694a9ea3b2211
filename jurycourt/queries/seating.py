"""Gathering the inputs of a seat proposal from the database, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from jurycourt.domain.hearings import HOLDING_SEATS, HearingStatus, SeatStatus
from jurycourt.domain.people import age_on
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import (
    Candidate,
    DocketParty,
    PairConflict,
    SeatingInputs,
    SessionKind,
    group_key,
    seating_inputs,
)
from jurycourt.models import (
    Affiliation,
    Availability,
    Conflict,
    Hearing,
    Membership,
    Person,
    Program,
    Seat,
)

#: Which membership serves in which kind of session.
SERVING_ROLE = {
    SessionKind.JURY_HEARING: Role.JUROR,
    SessionKind.PANEL_SESSION: Role.PANELIST,
    SessionKind.INQUIRY_HEARING: Role.GRAND_JUROR,
}


async def _groups(person_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    rows = await Affiliation.filter(person_id__in=list(person_ids)).values_list("person_id", "kind", "key")
    groups: dict[int, set[str]] = defaultdict(set)
    for person_id, kind, key in rows:
        groups[person_id].add(group_key(kind, key))
    return {pid: frozenset(g) for pid, g in groups.items()}


async def _service_history(person_ids: list[int], before) -> dict[int, tuple[date | None, int, bool]]:
    """person → (last day served, times served, has served on a jury) from attended seats."""
    rows = await Seat.filter(
        person_id__in=person_ids, checked_in_at__not_isnull=True, hearing__starts_at__lt=before
    ).values_list("person_id", "hearing__starts_at", "hearing__kind")
    history: dict[int, tuple[date | None, int, bool]] = {}
    for person_id, starts_at, kind in rows:
        last, count, jury = history.get(person_id, (None, 0, False))
        day = starts_at.date()
        history[person_id] = (max(last, day) if last else day, count + 1,
                              jury or kind == SessionKind.JURY_HEARING)
    return history


async def _busy(person_ids: list[int], hearing: Hearing) -> set[int]:
    rows = await Seat.filter(
        person_id__in=person_ids, status__in=list(HOLDING_SEATS),
        hearing__starts_at__lt=hearing.ends_at, hearing__ends_at__gt=hearing.starts_at,
    ).exclude(hearing_id=hearing.id).exclude(hearing__status=HearingStatus.CANCELLED).values_list(
        "person_id", flat=True
    )
    return set(rows)


async def _available(person_ids: list[int], hearing: Hearing) -> set[int]:
    """People whose declared availability covers the hearing and who haven't declined it."""
    rows = await Availability.filter(
        person_id__in=person_ids, starts_at__lte=hearing.starts_at, ends_at__gte=hearing.ends_at
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
    memberships = await Membership.filter(program_id=hearing.program_id, role=SERVING_ROLE[kind]).values(
        "person_id", "status", "training_date", "pledge_date"
    )
    ids = [m["person_id"] for m in memberships]
    parties = tuple(parties)
    party_ids = [p.person_id for p in parties]
    day = hearing.starts_at.astimezone(ZoneInfo(program.time_zone)).date()
    births = dict(await Person.filter(id__in=ids).values_list("id", "date_of_birth"))
    groups = await _groups([*ids, *party_ids])
    history = await _service_history(ids, hearing.starts_at)
    busy, available = await _busy(ids, hearing), await _available(ids, hearing)
    owed = owed or {}
    candidates = []
    for m in memberships:
        pid = m["person_id"]
        last, times, jury = history.get(pid, (None, 0, False))
        candidates.append(Candidate(
            person_id=pid, age=age_on(births.get(pid), day),
            active=m["status"] == MembershipStatus.ACTIVE, trained=m["training_date"] is not None,
            pledged=m["pledge_date"] is not None, available=pid in available, busy=pid in busy,
            owes_duty=owed.get(pid, 0), last_served=last, times_served=times, experienced=jury,
            groups=groups.get(pid, frozenset()),
        ))
    parties = tuple(DocketParty(p.person_id, p.role, groups.get(p.person_id, p.groups)) for p in parties)
    conflict_rows = await Conflict.filter(
        Q(person_id__in=party_ids) | Q(other_id__in=party_ids)
    ).values_list("person_id", "other_id", "relation") if party_ids else []
    return seating_inputs(kind, program.rules, candidates, parties,
                          [PairConflict(a, b, rel) for a, b, rel in conflict_rows])
