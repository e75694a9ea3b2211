"""The hearing page: details, status, seats and seating suggestions (shared by its forms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.domain.hearings import LIFECYCLE, SEATING_OPEN
from jurycourt.domain.seating import Proposal
from jurycourt.i18n import _l
from jurycourt.queries.calendar import seats_of
from jurycourt.queries.docket import docket_of
from jurycourt.queries.hearing_screen import active_display
from jurycourt.queries.people import people_by_id
from jurycourt.queries.seating import latest_proposal, next_eligible, waiting_declines
from jurycourt.web.templating import render

if TYPE_CHECKING:
    from jurycourt.models import Person

#: The status buttons' words, by the status they move the hearing to.
STATUS_WORDS = {"planned": _l("Mark planned"), "confirmed": _l("Mark confirmed"), "held": _l("Mark held"),
                "cancelled": _l("Mark cancelled")}

#: Eligible people offered in the swap list, best first (the first fills a declined seat).
SUGGESTIONS = 40


async def seating_context(hearing) -> dict:
    """What the hearing page needs for seating: latest proposal, suggestions for freed seats."""
    latest = await latest_proposal(hearing)
    suggestions: list[Person] = []
    waiting: list[int] = []
    if hearing.status in SEATING_OPEN:
        waiting = await waiting_declines(hearing, hearing.program)
        ids = (await next_eligible(hearing))[:SUGGESTIONS]
        people = await people_by_id(ids)
        suggestions = [people[i] for i in ids if i in people]
    missing = Proposal.from_dict(latest.result).total_missing if latest else 0
    return {"latest": latest, "suggestions": suggestions, "missing": missing, "waiting": waiting}



async def hearing_page(request: Request, found, *, error: str = "", status_code: int = 200,
                       display_url: str = "") -> Response:
    """The hearing page with its seats; refusals from its forms show at the top. ``display_url``:
    the hearing screen's new display link, shown this once."""
    seats = await seats_of(found)
    return render(request, "hearings/detail.html", {
        "hearing": found, "seats": seats, "moves": sorted(LIFECYCLE.targets(found.status)),
        "error": error, "docket": await docket_of(found), **await seating_context(found),
        "display": await active_display(found.id), "display_url": display_url, "status_words": STATUS_WORDS,
    }, status_code=status_code)
