"""Text messages coming in and the choices behind texts going out: consent, channels, STOP and START,
YES and NO answers to invitations, delivery reports, and the coordinators' inbox.

Every incoming text is recorded once by the provider's message id, so a webhook the provider
repeats changes nothing twice. A STOP is honoured at once for the number: everyone who shares it (a
family phone) stops receiving texts there, and the audit log names who is affected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.seating import answer_invitation
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.messaging import (
    PROVIDER_STATES,
    ContactChoice,
    DeliveryState,
    ReplyKind,
    advances,
    phone_number,
    read_reply,
)
from jurycourt.i18n import _, _l, use_language
from jurycourt.models import InboundText, OutboxMessage, Person, Seat, TextConsent, TextStop
from jurycourt.queries.outbox import inbox


async def set_contact_choice(actor: Viewer, person: Person, choice: str, copies_to_guardian: bool) -> None:
    """The person (or a coordinator of theirs, for someone without an account) chooses how
    messages reach them, and whether their guardians get copies of duty messages."""
    if actor.person_id != person.id:
        require(coordinates(actor), hide=False)
    try:
        chosen = ContactChoice(choice)
    except ValueError:
        raise Refused(_("Choose email, text messages or both."), "contact_by") from None
    async with in_transaction():
        await Person.filter(id=person.id).update(contact_by=chosen.value, copies_to_guardian=copies_to_guardian)
        await record("person.contact_choice", actor_id=actor.person_id, subject=("person", person.id),
                     contact_by=chosen.value, copies_to_guardian=copies_to_guardian)


async def record_consent(actor: Viewer, person: Person, by_guardian: bool, source: str) -> TextConsent:
    """Record consent to texts at the person's current number, with how it was given. The person may
    record their own; a guardian's consent, and any consent given on paper or by phone, is recorded
    by a coordinator."""
    if actor.person_id != person.id or by_guardian:
        require(coordinates(actor), hide=False)
    phone = phone_number(person.phone)
    if phone is None:
        raise Refused(_("Add a mobile number that can take texts first."), "phone")
    source = " ".join(source.split())[:200]
    if not source:
        raise Refused(_("Say how the consent was given (a signed form, a call, in person)."), "source")
    async with in_transaction():
        consent, _made = await TextConsent.get_or_create(
            person_id=person.id, phone=phone, by_guardian=by_guardian,
            defaults={"source": source, "recorded_by_id": actor.person_id})
        await record("texts.consent", actor_id=actor.person_id, subject=("person", person.id),
                     by_guardian=by_guardian)
    return consent


async def withdraw_consent(actor: Viewer, person: Person) -> None:
    """The person (or a coordinator) withdraws every consent to texts recorded for them."""
    if actor.person_id != person.id:
        require(coordinates(actor), hide=False)
    async with in_transaction():
        await TextConsent.filter(person_id=person.id).delete()
        await record("texts.consent_withdrawn", actor_id=actor.person_id, subject=("person", person.id))


async def people_at(phone: str) -> list[Person]:
    """Everyone whose stored number is ``phone`` (E.164), whatever separators it was typed with."""
    digits = phone[-10:]
    found = await Person.filter(phone__contains=digits[-4:]).only(
        "id", "phone", "given_name", "family_name", "preferred_name", "language")
    return [p for p in found if phone_number(p.phone) == phone]


async def stop_number(phone: str, now: datetime) -> list[int]:
    """Nothing more is texted to ``phone`` until it says START. Returns who shares the number."""
    affected = [p.id for p in await people_at(phone)]
    async with in_transaction():
        if not await TextStop.filter(phone=phone).update(stopped_at=now):
            try:
                async with in_transaction():
                    await TextStop.create(phone=phone, stopped_at=now)
            except IntegrityError:
                pass
        await record("texts.stopped", actor_id=None, people=affected)
    return affected


@dataclass(frozen=True)
class Answer:
    """What to text back (empty: nothing), and what the incoming text did."""

    reply: str
    outcome: str


async def receive_text(provider_ref: str, phone_raw: str, body: str, now: datetime | None = None) -> Answer | None:
    """Act on one incoming text, once: None when this provider id was handled already."""
    now = now or clock.now()
    phone = phone_number(phone_raw) or phone_raw[:20]
    try:
        async with in_transaction():
            item = await InboundText.create(provider_ref=provider_ref[:64], phone=phone, body=body[:1600],
                                            received_at=now, outcome="inbox")
    except IntegrityError:
        return None
    people = await people_at(phone)
    language = people[0].language if people else "en-US"
    with use_language(language):
        answer = await _answer(phone, people, read_reply(body), now)
    await InboundText.filter(id=item.id).update(outcome=answer.outcome)
    return answer


HELP_TEXT = _l("jurycourt: texts about your youth court duties. Reply STOP to end texts, START to get them "
               "again. Questions: ask your coordinator.")


async def _answer(phone: str, people: list[Person], reply, now: datetime) -> Answer:
    if reply.kind == ReplyKind.STOP:
        await stop_number(phone, now)
        return Answer(_("jurycourt: you will get no more texts at this number. Reply START to get them again."),
                      "stop")
    if reply.kind == ReplyKind.START:
        await TextStop.filter(phone=phone).delete()
        await record("texts.started", actor_id=None, people=[p.id for p in people])
        return Answer(_("jurycourt: texts to this number are on again. Reply STOP to end them."), "start")
    if reply.kind == ReplyKind.HELP:
        return Answer(str(HELP_TEXT), "help")
    if reply.kind in (ReplyKind.YES, ReplyKind.NO) and people:
        return await _answer_invitation(people, reply, reply.kind == ReplyKind.YES)
    return Answer("", "inbox")


async def _answer_invitation(people: list[Person], reply, accept: bool) -> Answer:
    """YES or NO answers the only pending invitation to the number, or the one named by its number."""
    pending = await Seat.filter(person_id__in=[p.id for p in people], status=SeatStatus.INVITED).select_related(
        "hearing").order_by("hearing__starts_at")
    if reply.reference is not None:
        pending = [s for s in pending if s.id == reply.reference]
        if not pending:
            return Answer(_("jurycourt: there is no open invitation number {number} for this phone.").format(
                number=reply.reference), "refused")
    if not pending:
        return Answer(_("jurycourt: there is no invitation waiting for an answer at this number."), "refused")
    if len(pending) > 1:
        choices = ", ".join(f"{s.id}" for s in pending[:5])
        word = "YES" if accept else "NO"
        return Answer(_("jurycourt: you have several invitations. Reply {word} and the number of the one you "
                        "mean: {choices}.").format(word=word, choices=choices), "asked")
    seat = pending[0]
    try:
        await answer_invitation(Viewer(person_id=seat.person_id), seat.id, accept)
    except (Refused, NotFound):
        return Answer(_("jurycourt: this seat is no longer open, so nothing changed. Your coordinator will be in "
                        "touch."), "refused")
    if accept:
        return Answer(_("jurycourt: thank you, you are serving. We will remind you before the session."), "accepted")
    return Answer(_("jurycourt: thank you for answering. You are not serving this time."), "declined")


async def delivery_report(provider_ref: str, status: str, error_code: str = "") -> bool:
    """Record a provider's delivery report for one text (reports arrive late, twice, out of order:
    a state only moves forward). Returns whether anything changed."""
    reported = PROVIDER_STATES.get(status.lower())
    message = await OutboxMessage.filter(provider_ref=provider_ref).first() if reported else None
    if message is None or not advances(DeliveryState(message.state), reported):
        return False
    detail = f"provider error {error_code}" if error_code and reported != DeliveryState.DELIVERED else ""
    return bool(await OutboxMessage.filter(id=message.id, state=message.state).update(
        state=reported.value, state_at=clock.now(), state_detail=detail or message.state_detail))


async def mark_handled(actor: Viewer, item_id: int) -> None:
    """A coordinator has dealt with a text in their inbox (one they may see: from their people's
    numbers or from a number no program knows)."""
    require(coordinates(actor), hide=False)
    if not await inbox(actor, item_id):
        raise NotFound()
    async with in_transaction():
        if not await InboundText.filter(id=item_id, outcome="inbox", handled_at=None).update(
                handled_at=clock.now()):
            raise NotFound()
        await record("texts.handled", actor_id=actor.person_id, subject=("inbound_text", item_id))
