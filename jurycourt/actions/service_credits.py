"""Crediting service: hours served at hearings (from attendance, once per seat) and other service
a coordinator logs or approves.

1 hour served = 1 hour of credit, whoever gives it: minutes come from the program's issuing
account into the person's account.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.actions.audit import record
from jurycourt.actions.separation import require_for_beneficiary
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.form_keys import check_form_key
from jurycourt.domain.hearings import SHEET_SEATS, HearingStatus, check_times
from jurycourt.domain.ledger import AccountKind, Decision, Entry, PostingKind, check_amount, service_credit
from jurycourt.domain.roles import MembershipStatus
from jurycourt.i18n import _
from jurycourt.models import Hearing, Membership, Posting, Program, Seat, ServiceClaim
from jurycourt.settings import Settings


async def _credit(program_id: int, person_id: int, minutes: int, reference: str, key: str, *,
                  recorded_by: int | None, occurred_at: datetime, memo: str) -> Posting:
    issuing = await ledger.program_account(program_id, AccountKind.ISSUING)
    account = await ledger.personal_account(program_id, person_id)
    return await ledger.post(program_id, PostingKind.SERVICE_CREDIT, reference, key,
                             [Entry(issuing.id, -minutes), Entry(account.id, minutes)],
                             recorded_by=recorded_by, occurred_at=occurred_at, memo=memo)


async def post_service_credit(seat: Seat, *, recorded_by: int | None = None) -> Posting | None:
    """Credit the seated person for the minutes they served at a held hearing (check-in to
    check-out, rounded by the program's rule), exactly once per seat: the idempotency key is
    "seat:<id>". None when the seat earned nothing (a no-show, or no check-out)."""
    await seat.fetch_related("hearing", "hearing__program")
    hearing = seat.hearing
    if hearing.status != HearingStatus.HELD:
        raise Refused(_("Hours are credited once the hearing is marked held."))
    minutes = service_credit(seat, hearing.program.rules)
    if not minutes:
        return None
    return await _credit(hearing.program_id, seat.person_id, minutes, f"seat:{seat.id}", f"seat:{seat.id}",
                         recorded_by=recorded_by, occurred_at=hearing.starts_at,
                         memo=hearing.title or "Hearing")


async def attended_seats(hearing: Hearing) -> list[Seat]:
    """The seats of ``hearing`` whose person attended (checked out): credited when it is marked held."""
    return list(await Seat.filter(hearing_id=hearing.id, status__in=list(SHEET_SEATS),
                                  checked_out_at__not_isnull=True).order_by("id"))


async def credit_attended_seats(hearing: Hearing, *, recorded_by: int | None = None,
                                seats: list[Seat] | None = None) -> list[Posting]:
    """Credit every attended seat of a held hearing, as ``post_service_credit`` credits one (seats
    already credited are not credited again), in a few queries however many seats there are.
    Run when the hearing is marked held, in the same transaction."""
    if not await Hearing.exists(id=hearing.id, status=HearingStatus.HELD):
        raise Refused(_("Hours are credited once the hearing is marked held."))
    seats = await attended_seats(hearing) if seats is None else seats
    program = await Program.get(id=hearing.program_id)
    earned = [(seat, minutes) for seat in seats if (minutes := service_credit(seat, program.rules))]
    if not earned:
        return []
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    accounts = await ledger.personal_accounts(program.id, {seat.person_id for seat, _minutes in earned})
    return await ledger.post_many(program.id, PostingKind.SERVICE_CREDIT, [
        ledger.Draft(f"seat:{seat.id}", f"seat:{seat.id}",
                     [Entry(issuing.id, -minutes), Entry(accounts[seat.person_id].id, minutes)],
                     occurred_at=hearing.starts_at, memo=hearing.title or "Hearing")
        for seat, minutes in earned], recorded_by=recorded_by)


async def correct_attendance(actor: Viewer, seat_id: int, checked_in_at: datetime | None,
                             checked_out_at: datetime | None, *, alone_reason: str = "",
                             settings: Settings | None = None) -> Posting | None:
    """Correct a held hearing's attendance for one seat: the times are changed, the seat's
    credit is reversed and the corrected minutes posted again (None if it now earns nothing).
    Refused when the credit was already spent below the floor."""
    seat = await Seat.filter(id=seat_id).select_related("hearing", "hearing__program").first()
    if seat is None or not coordinates(actor, seat.hearing.program_id):
        raise NotFound()
    if seat.hearing.status != HearingStatus.HELD:
        raise Refused(_("Use the attendance sheet: this hearing is not marked held yet."))
    if checked_in_at and checked_out_at:
        check_times(checked_in_at, checked_out_at)
    async with in_transaction():
        await require_for_beneficiary(actor, seat.hearing.program_id, seat.person_id,
                                      "service_credits.correct_attendance", alone_reason=alone_reason,
                                      settings=settings, subject=("seat", seat.id))
        credits = await Posting.filter(reference=f"seat:{seat.id}", kind=PostingKind.SERVICE_CREDIT).order_by("-id")
        undone = set(await Posting.filter(reverses_id__in=[p.id for p in credits]).values_list(
            "reverses_id", flat=True))
        current = next((p for p in credits if p.id not in undone), None)
        reversal = None
        if current is not None:
            reversal = await ledger.reverse(current, recorded_by=actor.person_id, memo=_("Attendance corrected"))
        await Seat.filter(id=seat.id).update(checked_in_at=checked_in_at, checked_out_at=checked_out_at,
                                             no_show=checked_in_at is None)
        await record("attendance.corrected", actor_id=actor.person_id, program_id=seat.hearing.program_id,
                     subject=("seat", seat.id), hearing=seat.hearing_id)
        seat.checked_in_at, seat.checked_out_at, seat.no_show = checked_in_at, checked_out_at, checked_in_at is None
        minutes = service_credit(seat, seat.hearing.program.rules)
        if not minutes:
            return None
        key = f"seat:{seat.id}:after:{reversal.id}" if reversal else f"seat:{seat.id}"
        return await _credit(seat.hearing.program_id, seat.person_id, minutes, f"seat:{seat.id}", key,
                             recorded_by=actor.person_id, occurred_at=seat.hearing.starts_at,
                             memo=seat.hearing.title or "Hearing")


async def check_member(program_id: int, person_id: int) -> None:
    """Refuse anyone who is not an active member of the program."""
    if not await Membership.exists(program_id=program_id, person_id=person_id, status=MembershipStatus.ACTIVE):
        raise Refused(_("Choose an active member of this program."), "person")


def _check_claim(minutes: int, note: str, served_on: date, today: date) -> str:
    check_amount(minutes)
    note = " ".join(note.split())
    if not note:
        raise Refused(_("Say what the service was, e.g. tutoring at the library."), "note")
    if len(note) > 300:
        raise Refused(_("Use at most 300 characters."), "note")
    if served_on > today:
        raise Refused(_("This date is in the future."), "served_on")
    return note


async def propose_service(actor: Viewer, program_id: int, minutes: int, note: str, served_on: date,
                          key: str | None = None) -> ServiceClaim:
    """A member proposes service they gave outside hearings; it counts once a coordinator approves.

    ``key`` is the form's idempotency key (the web always sends one; a missing or malformed key
    is refused). Sending it again with the same details returns the first claim (``replayed``)
    and creates nothing; the same key with different details is refused."""
    if key is not None:
        key = check_form_key(key)
    await check_member(program_id, actor.person_id)
    note = _check_claim(minutes, note, served_on, clock.today())
    offered = (program_id, actor.person_id, minutes, note, served_on)
    if key is not None and (earlier := await ServiceClaim.get_or_none(idempotency_key=key)) is not None:
        return _replayed_claim(earlier, offered)
    try:
        async with in_transaction():
            claim = await ServiceClaim.create(program_id=program_id, person_id=actor.person_id, minutes=minutes,
                                              note=note, served_on=served_on, proposed_by_id=actor.person_id,
                                              idempotency_key=key)
            await record("service.proposed", actor_id=actor.person_id, program_id=program_id,
                         subject=("service_claim", claim.id), minutes=minutes)
    except IntegrityError:  # the same form sent twice at once: the other one made the claim
        earlier = await ServiceClaim.get_or_none(idempotency_key=key) if key is not None else None
        if earlier is None:
            raise
        return _replayed_claim(earlier, offered)
    claim.replayed = False
    return claim


def _replayed_claim(earlier: ServiceClaim, offered: tuple) -> ServiceClaim:
    """The claim a replayed key made, if the replay asks for the same thing (the same person too)."""
    made = (earlier.program_id, earlier.person_id, earlier.minutes, earlier.note, earlier.served_on)
    if made != offered:
        raise Refused(_("This form was already sent with different details. Reload the page to propose "
                      "another service."), "key")
    earlier.replayed = True
    return earlier


async def log_service(actor: Viewer, program_id: int, person_id: int, minutes: int, note: str,
                      served_on: date, key: str | None = None, *, alone_reason: str = "",
                      settings: Settings | None = None) -> ServiceClaim:
    """A coordinator records service a member gave (credited at once). With ``key`` (the form's
    idempotency key) it is logged once: a repeat returns the service the first one logged.
    Service of a coordinator (the actor too) is logged by a second, independent coordinator."""
    require(coordinates(actor, program_id))
    await check_member(program_id, person_id)
    note = _check_claim(minutes, note, served_on, clock.today())
    posting_key = f"service_log:{key}" if key else None
    if posting_key:
        done = await Posting.get_or_none(idempotency_key=posting_key, program_id=program_id)
        claim = await ServiceClaim.get_or_none(posting_id=done.id) if done else None
        if claim is not None:
            return claim
    async with in_transaction():
        await require_for_beneficiary(actor, program_id, person_id, "service_credits.log_service",
                                      alone_reason=alone_reason, settings=settings, subject=("person", person_id))
        claim = await ServiceClaim.create(program_id=program_id, person_id=person_id, minutes=minutes, note=note,
                                          served_on=served_on, proposed_by_id=actor.person_id)
        await _approve(actor, claim, posting_key)
    return claim


async def decide_claim(actor: Viewer, claim_id: int, approve: bool, reason: str = "", *, alone_reason: str = "",
                       settings: Settings | None = None) -> ServiceClaim:
    """Approve (credit) or decline (with a reason) a member's proposed service, once. A
    coordinator's own claim (or another coordinator's) is approved by a second, independent one."""
    claim = await ServiceClaim.get_or_none(id=claim_id)
    if claim is None or not coordinates(actor, claim.program_id):
        raise NotFound()
    reason = " ".join(reason.split())[:300]
    if not approve and not reason:
        raise Refused(_("Tell them why, so they can put it right."), "reason")
    async with in_transaction():
        if approve:
            await require_for_beneficiary(actor, claim.program_id, claim.person_id, "service_credits.decide_claim",
                                          alone_reason=alone_reason, settings=settings,
                                          subject=("service_claim", claim.id))
            await _approve(actor, claim)
        else:
            await _decide(actor, claim, Decision.DECLINED, reason=reason)
    return claim


async def _decide(actor: Viewer, claim: ServiceClaim, status: Decision, **values) -> None:
    now = clock.now()
    if not await ServiceClaim.filter(id=claim.id, status=Decision.PENDING).update(
            status=status, decided_at=now, decided_by_id=actor.person_id, **values):
        raise Refused(_("Someone has already decided this."))
    await record(f"service.{status}", actor_id=actor.person_id, program_id=claim.program_id,
                 subject=("service_claim", claim.id))
    claim.status, claim.decided_at = status, now
    for name, value in values.items():
        setattr(claim, name, value)


async def _approve(actor: Viewer, claim: ServiceClaim, key: str | None = None) -> None:
    posting = await _credit(claim.program_id, claim.person_id, claim.minutes, f"service_claim:{claim.id}",
                            key or f"service_claim:{claim.id}", recorded_by=actor.person_id,
                            occurred_at=datetime.combine(claim.served_on, time(12), tzinfo=UTC), memo=claim.note)
    await _decide(actor, claim, Decision.APPROVED, posting_id=posting.id)
