"""Seating a hearing: propose, swap, fill a declined seat, confirm; and the person's answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import seating as act
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.seating import Proposal
from jurycourt.i18n import gettext
from jurycourt.queries.calendar import hearing_for_coordinator
from jurycourt.queries.people import display_names
from jurycourt.queries.seating import stored_proposal
from jurycourt.web import answer as answering
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render
from jurycourt.web.views.hearing_page import hearing_page

if TYPE_CHECKING:
    from jurycourt.models import Hearing


async def _hearing(request: Request):
    viewer = signed_in(request)
    return viewer, await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))


async def _seating_step(request: Request, step: Callable[[Viewer, Hearing, FormData], Awaitable[object]]) -> Response:
    """Run one seating step for the hearing; a refusal re-renders the hearing page saying why."""
    viewer, hearing = await _hearing(request)
    data = await read_form(request)
    return await answering.answer(
        request, Form(), lambda: step(viewer, hearing, data),
        done=lambda _: redirect(request, "hearing", hearing_id=hearing.id),
        failed=lambda form, status: hearing_page(request, hearing, error=form.message, status_code=400))


def _pair(data: FormData, first: str, second: str, problem: str) -> tuple[int, int]:
    a, b = parse_id(data.get(first)), parse_id(data.get(second))
    if a is None or b is None:
        raise Refused(problem, "in_person")
    return a, b


async def propose(request: Request) -> Response:
    return await _seating_step(request, lambda viewer, hearing, data: act.propose_seats(viewer, hearing))


async def swap(request: Request) -> Response:
    async def step(viewer, hearing, data):
        out_id, in_id = _pair(data, "out_person", "in_person", gettext("Choose who leaves the seat and who takes it."))
        await act.swap_seat(viewer, hearing, out_id, in_id)

    return await _seating_step(request, step)


async def fill(request: Request) -> Response:
    async def step(viewer, hearing, data):
        seat_id, in_id = _pair(data, "seat", "in_person", gettext("Choose someone to offer the seat to."))
        await act.fill_seat(viewer, hearing, seat_id, in_id)

    return await _seating_step(request, step)


async def confirm(request: Request) -> Response:
    return await _seating_step(request, lambda viewer, hearing, data: act.confirm_seats(viewer, hearing))


async def proposal(request: Request) -> Response:
    """The stored proposal: seed, seats and why each excluded person was excluded."""
    viewer, hearing = await _hearing(request)
    stored = await stored_proposal(hearing, int(request.path_params["proposal_id"]))
    result = Proposal.from_dict(stored.result)
    ids = {pid for _, pid in result.seats} | set(result.excluded)
    names = await display_names(list(ids))
    return render(request, "hearings/proposal.html", {
        "hearing": hearing, "stored": stored, "result": result, "names": names,
    })


async def answer(request: Request) -> Response:
    """The invited person accepts or declines (htmx swaps the invitation card in place)."""
    viewer = signed_in(request)
    data = await read_form(request)
    choice = str(data.get("answer") or "")
    if choice not in ("accept", "decline"):
        raise Refused(gettext("Choose accept or decline."))
    seat = await act.answer_invitation(viewer, int(request.path_params["seat_id"]), choice == "accept")
    await seat.fetch_related("hearing", "hearing__room", "hearing__program")
    if request.headers.get("hx-request-type") == "partial":
        return render(request, "account/_invitation.html", {"seat": seat})
    return redirect(request, "me")

