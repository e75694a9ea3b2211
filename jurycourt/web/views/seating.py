"""Seating a hearing: propose, swap, fill a declined seat, confirm; and the person's answer."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import seating as act
from jurycourt.auth.policy import NotFound
from jurycourt.domain.errors import Refused
from jurycourt.domain.seating import Proposal
from jurycourt.models import Person, SeatProposal
from jurycourt.queries.calendar import hearing_for_coordinator
from jurycourt.web.forms import read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render
from jurycourt.web.views.hearing_page import hearing_page


def _int(value) -> int | None:
    raw = str(value or "")
    return int(raw) if raw.isdigit() else None


async def _hearing(request: Request):
    viewer = signed_in(request)
    return viewer, await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))


async def propose(request: Request) -> Response:
    viewer, hearing = await _hearing(request)
    await read_form(request)
    try:
        await act.propose_seats(viewer, hearing)
    except Refused as refusal:
        return await hearing_page(request, hearing, error=refusal.message, status_code=400)
    return redirect(request, "hearing", hearing_id=hearing.id)


async def swap(request: Request) -> Response:
    viewer, hearing = await _hearing(request)
    data = await read_form(request)
    out_id, in_id = _int(data.get("out_person")), _int(data.get("in_person"))
    try:
        if out_id is None or in_id is None:
            raise Refused("Choose who leaves the seat and who takes it.", "in_person")
        await act.swap_seat(viewer, hearing, out_id, in_id)
    except Refused as refusal:
        return await hearing_page(request, hearing, error=refusal.message, status_code=400)
    return redirect(request, "hearing", hearing_id=hearing.id)


async def fill(request: Request) -> Response:
    viewer, hearing = await _hearing(request)
    data = await read_form(request)
    seat_id, in_id = _int(data.get("seat")), _int(data.get("in_person"))
    try:
        if seat_id is None or in_id is None:
            raise Refused("Choose someone to offer the seat to.", "in_person")
        await act.fill_seat(viewer, hearing, seat_id, in_id)
    except Refused as refusal:
        return await hearing_page(request, hearing, error=refusal.message, status_code=400)
    return redirect(request, "hearing", hearing_id=hearing.id)


async def confirm(request: Request) -> Response:
    viewer, hearing = await _hearing(request)
    await read_form(request)
    try:
        await act.confirm_seats(viewer, hearing)
    except Refused as refusal:
        return await hearing_page(request, hearing, error=refusal.message, status_code=400)
    return redirect(request, "hearing", hearing_id=hearing.id)


async def proposal(request: Request) -> Response:
    """The stored proposal: seed, seats and why each excluded person was excluded."""
    viewer, hearing = await _hearing(request)
    stored = await SeatProposal.get_or_none(id=int(request.path_params["proposal_id"]), hearing_id=hearing.id)
    if stored is None:
        raise NotFound()
    result = Proposal.from_dict(stored.result)
    ids = {pid for _, pid in result.seats} | set(result.excluded)
    names = {p.id: p.display_name for p in await Person.filter(id__in=list(ids))}
    return render(request, "hearings/proposal.html", {
        "hearing": hearing, "stored": stored, "result": result, "names": names,
    })


async def answer(request: Request) -> Response:
    """The invited person accepts or declines (htmx swaps the invitation card in place)."""
    viewer = signed_in(request)
    data = await read_form(request)
    choice = str(data.get("answer") or "")
    if choice not in ("accept", "decline"):
        raise Refused("Choose accept or decline.")
    seat = await act.answer_invitation(viewer, int(request.path_params["seat_id"]), choice == "accept")
    await seat.fetch_related("hearing", "hearing__room", "hearing__program")
    if request.headers.get("hx-request-type") == "partial":
        return render(request, "account/_invitation.html", {"seat": seat})
    return redirect(request, "me")

