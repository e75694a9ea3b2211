"""A hearing's docket as seating sees it: the parties of the cases on it."""

from __future__ import annotations

from jurycourt.domain.cases import ON_DOCKET_STATES
from jurycourt.domain.seating import DocketParty, PartyRole
from jurycourt.models import CaseGuardian, DocketEntry, Hearing


async def parties_on_docket(hearing: Hearing) -> tuple[DocketParty, ...]:
    """Respondents and guardians of the cases on ``hearing``'s docket (their groups are filled
    in by the seating inputs)."""
    rows = await DocketEntry.filter(hearing_id=hearing.id, case__state__in=list(ON_DOCKET_STATES)).values_list(
        "case_id", "case__respondent_id")
    case_ids = [cid for cid, _ in rows]
    guardians = await CaseGuardian.filter(case_id__in=case_ids).values_list("person_id", flat=True) \
        if case_ids else []
    parties = [DocketParty(pid, PartyRole.RESPONDENT, frozenset()) for _, pid in rows]
    parties += [DocketParty(pid, PartyRole.GUARDIAN, frozenset()) for pid in sorted(set(guardians))]
    return tuple(parties)
