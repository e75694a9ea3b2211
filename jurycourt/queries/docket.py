"""A hearing's docket: the parties of the cases on it (for seating), and its cases with their
jury rooms (for the coordinator's hearing page)."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.domain.cases import ON_DOCKET_STATES
from jurycourt.domain.jury_room import Phase
from jurycourt.domain.seating import DocketParty, PartyRole
from jurycourt.models import CaseGuardian, Deliberation, DocketEntry, Hearing


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


@dataclass(frozen=True)
class DocketLine:
    """One case on a hearing's docket as its coordinator sees it, with its jury room's phase."""

    entry: DocketEntry
    phase: Phase


async def docket_of(hearing: Hearing) -> list[DocketLine]:
    """The cases on ``hearing``'s docket in order, each with its room's phase: two queries. The
    caller has checked that the viewer coordinates the hearing's program."""
    entries = await DocketEntry.filter(hearing_id=hearing.id).select_related("case").order_by("position", "id")
    phases = dict(await Deliberation.filter(hearing_id=hearing.id).values_list("case_id", "phase")) \
        if entries else {}
    return [DocketLine(e, Phase(phases.get(e.case_id) or Phase.PREPARING)) for e in entries]
