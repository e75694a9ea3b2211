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
    return (await reach_of_many([person], texting_on, today))[person.id]


async def reach_of_many(people: list[Person], texting_on: bool, today: date) -> dict[int, Reach]:
    """``reach_of`` for many people at once, in four queries whatever their number."""
    phones = {p.id: phone_number(p.phone) for p in people}
    ids = [p.id for p in people]
    consents: dict[int, set[bool]] = {}
    for person_id, phone, by_guardian in await TextConsent.filter(person_id__in=ids).values_list(
            "person_id", "phone", "by_guardian"):
        if phone == phones.get(person_id):
            consents.setdefault(person_id, set()).add(by_guardian)
    stopped = set(await TextStop.filter(phone__in=[ph for ph in phones.values() if ph]).values_list("phone", flat=True))
    minors = {p.id for p in people if (age := age_on(p.date_of_birth, today)) is None or age < ADULT_AGE}
    asks_guardian: set[int] = set()
    for person_id, rules in await Membership.filter(person_id__in=list(minors)).values_list(
            "person_id", "program__rules"):
        if rules_with_defaults(rules).get("text_guardian_consent", True):
            asks_guardian.add(person_id)
    found = {}
    for person in people:
        try:
            choice = ContactChoice(person.contact_by)
        except ValueError:
            choice = ContactChoice.EMAIL
        given = consents.get(person.id, set())
        found[person.id] = Reach(choice=choice, email=person.email, phone=phones[person.id], consented=False in given,
                                 guardian_consented=True in given, needs_guardian=person.id in asks_guardian,
                                 stopped=phones[person.id] in stopped, texting_on=texting_on)
    return found


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
    first: dict[int, Seat] = {}
    for seat in seats:
        first.setdefault(seat.person_id, seat)
    reaches = await reach_of_many([seat.person for seat in first.values()], texting_on, now.date())
    found: dict[int, OutOfReach] = {}
    for person_id, seat in first.items():
        reasons = unreachable(reaches[person_id])
        if reasons:
            found[person_id] = OutOfReach(seat.person, seat.hearing.starts_at, reasons)
    return list(found.values())


async def own_record(viewer) -> Person:
    """The signed-in person's own record (their contact choices and numbers)."""
    return await Person.get(id=viewer.person_id)
