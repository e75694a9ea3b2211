"""Seating a hearing: propose seats fairly, swap, confirm (invite), and answer invitations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.outbox import enqueue
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import SEATING_OPEN, SeatStatus
from jurycourt.domain.seating import (
    DocketParty,
    Proposal,
    candidate_exclusions,
    check_swap,
    new_seed,
    propose,
)
from jurycourt.i18n import _
from jurycourt.models import Hearing, Program, Seat, SeatProposal
from jurycourt.queries.docket import parties_on_docket
from jurycourt.queries.jury_duty import owed_sessions
from jurycourt.queries.seating import gather_inputs, waiting_declines

OPEN = SEATING_OPEN


def _check_open(hearing: Hearing) -> None:
    if hearing.status not in OPEN:
        raise Refused(_("Seats can't change at a %(status)s hearing.") % {"status": hearing.status})


async def docket_parties(hearing: Hearing) -> tuple[DocketParty, ...]:
    """The respondents and guardians of the cases on this hearing's docket."""
    return await parties_on_docket(hearing)


async def propose_seats(
    actor: Viewer, hearing: Hearing, *, seed: int | None = None,
    parties: Iterable[DocketParty] | None = None, owed: Mapping[int, int] | None = None,
) -> SeatProposal:
    """Propose every seat from the eligible pool in fairness order, storing seed and inputs.

    Earlier proposed seats are replaced. Once invitations are out, freed seats are filled one by
    one (``fill_seat``) so no one invited loses their seat.
    """
    require(coordinates(actor, hearing.program_id), hide=False)
    _check_open(hearing)
    if await Seat.filter(hearing_id=hearing.id).exclude(status=SeatStatus.PROPOSED).exists():
        raise Refused(_("Invitations have gone out already: fill freed seats one at a time instead."))
    program = await Program.get(id=hearing.program_id)
    parties = tuple(parties) if parties is not None else await docket_parties(hearing)
    owed = owed if owed is not None else await owed_sessions(hearing.program_id)
    inputs = await gather_inputs(hearing, program, parties, owed)
    seed = new_seed() if seed is None else seed
    proposal = propose(inputs, seed)
    async with in_transaction():
        await Seat.filter(hearing_id=hearing.id, status=SeatStatus.PROPOSED).delete()
        for role, person_id in proposal.seats:
            await Seat.create(hearing_id=hearing.id, person_id=person_id, role=role)
        stored = await SeatProposal.create(hearing_id=hearing.id, seed=seed, inputs=inputs.to_dict(),
                                           result=proposal.to_dict(), created_by_id=actor.person_id)
        await record("seats.proposed", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id), proposal=stored.id, missing=proposal.total_missing)
    return stored


async def _current_proposal(hearing: Hearing) -> Proposal:
    seats = await Seat.filter(hearing_id=hearing.id, status=SeatStatus.PROPOSED).values_list("role", "person_id")
    return Proposal(seed=0, seats=tuple(seats), excluded={}, missing={}, order=())


async def swap_seat(actor: Viewer, hearing: Hearing, out_id: int, in_id: int,
                    parties: Iterable[DocketParty] | None = None) -> Seat:
    """Give ``out_id``'s proposed seat to ``in_id``, who must pass every rule a proposal applies."""
    require(coordinates(actor, hearing.program_id), hide=False)
    _check_open(hearing)
    program = await Program.get(id=hearing.program_id)
    parties = tuple(parties) if parties is not None else await docket_parties(hearing)
    inputs = await gather_inputs(hearing, program, parties)
    if await Seat.exists(hearing_id=hearing.id, person_id=in_id):
        raise Refused(_("That person already has a seat at this hearing."), "in_person")
    check_swap(inputs, await _current_proposal(hearing), out_id, in_id)
    async with in_transaction():
        seat = await Seat.get(hearing_id=hearing.id, person_id=out_id)
        await seat.delete()
        new = await Seat.create(hearing_id=hearing.id, person_id=in_id, role=seat.role)
        await record("seats.swapped", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id), out=out_id, into=in_id)
    return new


async def fill_seat(actor: Viewer, hearing: Hearing, seat_id: int, in_id: int,
                    parties: Iterable[DocketParty] | None = None) -> Seat:
    """Offer a declined seat's role to ``in_id`` (a new proposed seat), under every seating rule."""
    require(coordinates(actor, hearing.program_id), hide=False)
    _check_open(hearing)
    declined = await Seat.get_or_none(id=seat_id, hearing_id=hearing.id, status=SeatStatus.DECLINED)
    if declined is None:
        raise Refused(_("Only a declined seat can be filled."))
    program = await Program.get(id=hearing.program_id)
    if seat_id not in await waiting_declines(hearing, program):
        raise Refused(_("That seat has been offered to someone else already."))
    parties = tuple(parties) if parties is not None else await docket_parties(hearing)
    inputs = await gather_inputs(hearing, program, parties)
    if await Seat.exists(hearing_id=hearing.id, person_id=in_id):
        raise Refused(_("That person already has a seat at this hearing."), "in_person")
    reasons = exclusion_reasons(inputs, in_id)
    if reasons:
        raise Refused(_("Can't seat them: ") + " ".join(reasons), "in_person")
    async with in_transaction():
        seat = await Seat.create(hearing_id=hearing.id, person_id=in_id, role=declined.role)
        await record("seats.filled", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id), into=in_id)
    return seat


async def confirm_seats(actor: Viewer, hearing: Hearing) -> int:
    """Invite everyone in a proposed seat; each gets a message. Returns how many were invited."""
    require(coordinates(actor, hearing.program_id), hide=False)
    _check_open(hearing)
    now = clock.now()
    async with in_transaction():
        seats = await Seat.filter(hearing_id=hearing.id, status=SeatStatus.PROPOSED)
        for seat in seats:
            await Seat.filter(id=seat.id).update(status=SeatStatus.INVITED, invited_at=now)
            await enqueue(seat.person_id, "invitation", f"invitation:{seat.id}",
                          params={"kind": str(hearing.kind), "role": str(seat.role), "seat": seat.id},
                          thread=f"hearing:{hearing.id}")
        await record("seats.confirmed", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id), invited=len(seats))
    return len(seats)


async def answer_invitation(viewer: Viewer, seat_id: int, accept: bool) -> Seat:
    """The seated person accepts or declines their own invitation. A decline frees the seat."""
    seat = await Seat.filter(id=seat_id, person_id=viewer.person_id).select_related("hearing").first()
    if seat is None or seat.status == SeatStatus.PROPOSED:
        raise NotFound()
    _check_open(seat.hearing)
    status = SeatStatus.ACCEPTED if accept else SeatStatus.DECLINED
    # A decline is final: the seat may already be offered to the next person. Accepting may
    # still turn into a decline.
    allowed = {SeatStatus.INVITED: (SeatStatus.ACCEPTED, SeatStatus.DECLINED),
               SeatStatus.ACCEPTED: (SeatStatus.DECLINED,)}
    if status not in allowed.get(seat.status, ()):
        raise Refused(_("You declined this seat: ask the coordinator if you can serve after all.")
                      if seat.status == SeatStatus.DECLINED else (_("You have %(status)s this seat already.")
                                                                  % {"status": seat.status}))
    async with in_transaction():
        if not await Seat.filter(id=seat.id, status=seat.status).update(status=status, responded_at=clock.now()):
            raise Refused(_("This invitation changed just now: look again."))
        await record(f"seat.{status}", actor_id=viewer.person_id, program_id=seat.hearing.program_id,
                     subject=("seat", seat.id))
    seat.status = status
    return seat


def exclusion_reasons(inputs, person_id: int) -> list[str]:
    """Why one person can't sit, in words (for the swap form)."""
    candidate = next((c for c in inputs.candidates if c.person_id == person_id), None)
    if candidate is None:
        return [_("Not a member who serves at this kind of session.")]
    return [e.message for e in candidate_exclusions(inputs, candidate)]
