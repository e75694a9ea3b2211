"""How each person can be reached: what the sender and the coordinator's to-do list both read.

Internal reads for the outbox's senders and for coordinators' pages (whose views check the viewer);
they return facts for ``jurycourt.domain.messaging.obstacle``, which holds the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.messaging import ContactChoice, Reach, phone_number, unreachable
from jurycourt.domain.people import age_on
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.models import Membership, Person, Program, Seat, TextConsent, TextStop

ADULT_AGE = 18


async def programs_of(person_id: int) -> list[Program]:
    ids = await Membership.filter(person_id=person_id).values_list("program_id", flat=True)
    return await Program.filter(id__in=list(set(ids))).order_by("id")


async def reach_of(person: Person, texting_on: bool, today: date) -> Reach:
    """Everything the messaging rule needs about one person (their stored choice, addresses, consents)."""
    phone = phone_number(person.phone)
    consents = set(await TextConsent.filter(person_id=person.id, phone=phone or "").values_list(
        "by_guardian", flat=True)) if phone else set()
    stopped = bool(phone) and await TextStop.exists(phone=phone)
    age = age_on(person.date_of_birth, today)
    minor = age is None or age < ADULT_AGE
    programs = await programs_of(person.id) if minor else []
    needs_guardian = minor and any(rules_with_defaults(p.rules).get("text_guardian_consent", True) for p in programs)
    try:
        choice = ContactChoice(person.contact_by)
    except ValueError:
        choice = ContactChoice.EMAIL
    return Reach(choice=choice, email=person.email, phone=phone, consented=False in consents,
                 guardian_consented=True in consents, needs_guardian=needs_guardian, stopped=stopped,
                 texting_on=texting_on)


async def zone_of(person_id: int, default: str) -> ZoneInfo:
    """The time zone of the person's (first) program, for quiet hours."""
    programs = await programs_of(person_id)
    return ZoneInfo(programs[0].time_zone if programs else default)


@dataclass(frozen=True)
class OutOfReach:
    person: Person
    starts_at: datetime
    reasons: list


async def out_of_reach(program_ids: list[int], texting_on: bool, now: datetime) -> list[OutOfReach]:
    """People with a coming duty (an invited or accepted seat at a planned or confirmed hearing) whom
    no channel they chose can reach, soonest duty first."""
    seats = await Seat.filter(
        hearing__program_id__in=program_ids, hearing__starts_at__gte=now,
        status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED],
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).order_by("hearing__starts_at").select_related("person", "hearing")
    found: dict[int, OutOfReach] = {}
    for seat in seats:
        if seat.person_id in found:
            continue
        reasons = unreachable(await reach_of(seat.person, texting_on, now.date()))
        if reasons:
            found[seat.person_id] = OutOfReach(seat.person, seat.hearing.starts_at, reasons)
    return list(found.values())


async def own_record(viewer) -> Person:
    """The signed-in person's own record (their contact choices and numbers)."""
    return await Person.get(id=viewer.person_id)
