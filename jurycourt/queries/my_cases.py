"""The cases a person sees on their own page: their own (or their child's) sanctions and
progress, and the briefs of the cases on the docket of a hearing they sit on."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.case_access import JUROR_STATES
from jurycourt.domain.hearings import SHEET_SEATS
from jurycourt.models import Case, CaseGuardian, DocketEntry, Sanction, Seat
from jurycourt.queries.case_page import sanctions_of


@dataclass
class MyCases:
    own: list[Case]
    briefs: list[int]


def _guarded_query(person_id: int):
    return CaseGuardian.filter(person_id=person_id).values_list("case_id", flat=True)

def _own_query(person_id: int):
    return (Case.filter(sealed_at__isnull=True, respondent_id=person_id).order_by("-id")
        .limit(10))

def _seated_at_query(person_id: int):
    return (Seat.filter(person_id=person_id, status__in=list(SHEET_SEATS),
        hearing__docket__case__state__in=list(JUROR_STATES))
        .values_list("hearing_id", flat=True))



async def my_cases(viewer: Viewer) -> MyCases:
    """Own cases (not sealed) with ``.sanction_rows``, and case ids whose brief is open to them."""
    guarded = await _guarded_query(person_id=viewer.person_id)
    own = await _own_query(person_id=viewer.person_id)
    own += await Case.filter(sealed_at__isnull=True, id__in=list(guarded)).order_by("-id").limit(10) \
        if guarded else []
    if own:
        with_sanctions = set(await Sanction.filter(case_id__in=[c.id for c in own]).values_list("case_id", flat=True))
        for case in own:
            case.sanction_rows = await sanctions_of(case.id) if case.id in with_sanctions else []
    hearings = await _seated_at_query(person_id=viewer.person_id)
    briefs = []
    if hearings:
        entries = await DocketEntry.filter(hearing_id__in=list(hearings), case__state__in=list(JUROR_STATES),
                                           case__sealed_at__isnull=True).select_related("hearing", "case__program")
        for entry in entries:
            day = entry.hearing.starts_at.astimezone(ZoneInfo(entry.case.program.time_zone)).date()
            if clock.today(entry.case.program.time_zone) >= day:
                briefs.append(entry.case_id)
    return MyCases(own, briefs)
