"""The coordinator's case list: the cases of their programs, and sanctions to watch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.expressions import Q

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import OPEN, SanctionStatus
from jurycourt.models import Case, Sanction
from jurycourt.queries.paging import Page, paginate

SOON_DAYS = 14


@dataclass(frozen=True)
class Dashboard:
    due_soon: list[Sanction]
    overdue: list[Sanction]
    recently_done: list[Sanction]


def _watched(viewer: Viewer):
    return Sanction.filter(case__program_id__in=viewer.coordinated_programs,
                           case__state=CaseState.MONITORING).select_related("case", "case__respondent")


async def dashboard(viewer: Viewer, today: date) -> Dashboard:
    """Sanctions due in the next two weeks, overdue ones, and those done in the last two weeks."""
    require(coordinates(viewer))
    soon = today + timedelta(days=SOON_DAYS)
    return Dashboard(
        due_soon=await _watched(viewer).filter(status__in=list(OPEN), due_on__gte=today, due_on__lte=soon)
        .order_by("due_on").limit(20),
        overdue=await _watched(viewer).filter(status__in=list(OPEN), due_on__lt=today).order_by("due_on").limit(20),
        recently_done=await _watched(viewer).filter(status=SanctionStatus.DONE,
                                                    updated_at__gte=today - timedelta(days=SOON_DAYS))
        .order_by("-updated_at").limit(20),
    )


#: The list's filter that shows sealed cases (and only them): the default list leaves them out.
SEALED = "sealed"
#: Case numbers are 32-bit keys: a larger number is no case's (and PostgreSQL refuses it for the column).
LARGEST_CASE_NUMBER = 2**31 - 1


def _searched(query, words: str):
    """Cases whose number is ``words`` ("12", "#12"), or whose young person's names hold every word."""
    words = words.strip()
    number = words.lstrip("#")
    if number.isascii() and number.isdigit():
        wanted = int(number)
        return query.filter(id=wanted if wanted <= LARGEST_CASE_NUMBER else 0)  # 0: no case has it
    for word in words.split()[:5]:
        query = query.filter(Q(respondent__given_name__icontains=word) | Q(respondent__family_name__icontains=word)
                             | Q(respondent__preferred_name__icontains=word))
    return query


async def cases_page(viewer: Viewer, state: str, number: int, search: str = "") -> Page:
    """One page of the viewer's programs' cases, newest referral first, filtered by state (or the
    sealed ones: never in the default list) and found by number or the young person's name."""
    require(coordinates(viewer))
    query = Case.filter(program_id__in=viewer.coordinated_programs, sealed_at__isnull=state != SEALED)
    if state in CaseState._value2member_map_:
        query = query.filter(state=state)
    if search.strip():
        query = _searched(query, search[:100])
    return await paginate(query.select_related("respondent").order_by("-referral_date", "-id"), number)

