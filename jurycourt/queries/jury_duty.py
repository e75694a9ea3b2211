"""Jury duty owed under dispositions: sessions owed, attended since, and still to serve."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import OPEN, SanctionKind, sessions_left
from jurycourt.domain.seating import SessionKind
from jurycourt.models import Sanction, Seat


@dataclass(frozen=True)
class DutyProgress:
    """One jury-duty sanction's progress: sessions owed, attended since the disposition, left."""

    sanction_id: int
    case_id: int
    person_id: int
    owed: int
    attended: int

    @property
    def left(self) -> int:
        return sessions_left(self.owed, self.attended)


async def _attended_since(person_ids: list[int], since: dict[int, date]) -> dict[int, int]:
    """Jury seats each person attended (checked in) at hearings from their disposition date on."""
    if not person_ids:
        return {}
    earliest = min(since.values())
    rows = await Seat.filter(person_id__in=person_ids, checked_in_at__isnull=False,
                             hearing__kind=SessionKind.JURY_HEARING,
                             hearing__starts_at__gte=datetime.combine(earliest, time(), UTC)).values_list(
        "person_id", "hearing__starts_at")
    counts: dict[int, int] = defaultdict(int)
    for person_id, starts_at in rows:
        if starts_at.astimezone(UTC).date() >= since[person_id]:
            counts[person_id] += 1
    return counts


async def duty_progress(*, program_id: int | None = None, person_id: int | None = None,
                        case_id: int | None = None) -> list[DutyProgress]:
    """Open jury-duty sanctions of disposed cases, with attendance counted since the disposition.

    A person's attended sessions are spent on their sanctions oldest first."""
    query = Sanction.filter(kind=SanctionKind.JURY_DUTY, status__in=list(OPEN), case__state=CaseState.MONITORING,
                            case__disposition_date__isnull=False)
    if program_id is not None:
        query = query.filter(case__program_id=program_id)
    if person_id is not None:
        query = query.filter(case__respondent_id=person_id)
    if case_id is not None:
        query = query.filter(case_id=case_id)
    rows = await query.order_by("case__disposition_date", "id").values_list(
        "id", "case_id", "case__respondent_id", "quantity", "case__disposition_date")
    since: dict[int, date] = {}
    for _, _, pid, _, disposed in rows:
        since[pid] = min(since.get(pid, disposed), disposed)
    attended = await _attended_since(list(since), since)
    progress = []
    for sid, cid, pid, owed, _ in rows:
        spent = min(owed or 0, attended[pid])
        attended[pid] -= spent
        progress.append(DutyProgress(sid, cid, pid, owed or 0, spent))
    return progress


async def owed_sessions(program_id: int) -> dict[int, int]:
    """person → jury sessions still owed in the program (for seating priority)."""
    owed: dict[int, int] = defaultdict(int)
    for p in await duty_progress(program_id=program_id):
        owed[p.person_id] += p.left
    return {pid: n for pid, n in owed.items() if n}
