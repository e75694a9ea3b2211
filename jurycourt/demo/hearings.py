"""Demo hearings for `jurycourt seed-demo`: a month of sessions around the seeding day.

Jury hearings sit on two Saturdays a month (as the Time Dollar Youth Court did), two courtrooms
at a time: the past ones are held, with attendance; the coming Saturday's jury is invited, the
demo logins among it; later sessions wait to be seated. Seats are made by the real seating
actions with fixed seeds, so the demo obeys every seating rule (no one sits twice at once).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt.actions import availability as availability_actions
from jurycourt.actions import hearings as hearing_actions
from jurycourt.actions import seating
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus, SeatStatus, local_to_utc
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import (
    Account,
    Affiliation,
    Availability,
    Conflict,
    Hearing,
    Membership,
    Person,
    Program,
    Seat,
)
from jurycourt.queries import seating as seating_queries

COURT = "Superior Court, 500 Indiana Ave NW"
CENTRE = "Anacostia Community Centre, 1800 Good Hope Rd SE"
SCHOOLS = ("Eastern High School", "Dunbar High School", "Anacostia High School", "Cardozo Education Campus")
#: Adult volunteers who sit on community justice panels with the demo panelist (no accounts).
VOLUNTEERS = (("Margaret", "Ellison", 61), ("Howard", "Pruitt", 44))
SATURDAY = (time(10), time(13))
SERVING = (Role.JUROR, Role.GRAND_JUROR, Role.PANELIST)
#: The past hearing whose attendance is taken but which the coordinator has yet to mark held.
AWAITING_HELD = ("past1", "Courtroom 1")


def hearing_days(today: date) -> dict[str, date]:
    """The demo's session days: hearing Saturdays a fortnight apart, the next one in the coming
    week (never ``today``, so its invitations are still open whenever the demo is seeded), an
    inquiry and a panel after it, and a panel this evening."""
    coming = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    return {"past2": coming - timedelta(days=28), "past1": coming - timedelta(days=14), "coming": coming,
            "later": coming + timedelta(days=14), "inquiry": coming + timedelta(days=4),
            "panel": coming + timedelta(days=5), "today": today}


async def seed_hearings(program: Program, accounts: dict[str, Account], others: list[Person], today: date,
                        rng: random.Random) -> None:
    """Rooms, availability, conflicts, schools and a month of hearings with their seats."""
    tz = ZoneInfo(program.time_zone)
    days = hearing_days(today)
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    ids = {login: account.person_id for login, account in accounts.items()}
    volunteers = await _panel_people(program, ids["panelist"], today)
    rooms = {}
    for name, venue, capacity in [*((f"Courtroom {n}", COURT, 20) for n in range(1, 5)),
                                  ("Meeting Room B", CENTRE, 12)]:
        rooms[name] = await hearing_actions.create_room(coordinator, program.id, venue, name, capacity)
    await _availability(program, tz, days, {*ids.values(), *volunteers}, rng)
    await _every_tuesday(coordinator, program, accounts["foreperson"].person_id, today)
    await _conflicts_and_schools(program, ids, others, rng)

    async def hearing(day: date, clock: tuple[time, time], room: str, kind=SessionKind.JURY_HEARING,
                      title: str = "") -> Hearing:
        title = title or f"Saturday docket, {room}"
        starts, ends = local_to_utc(day, clock[0], tz), local_to_utc(day, clock[1], tz)
        return await hearing_actions.create_hearing(coordinator, program.id, kind, title, starts, ends,
                                                    rooms[room].id)

    seed = 1996_0000
    for key in ("past2", "past1"):
        for room in ("Courtroom 1", "Courtroom 2"):
            seed += 1
            held = await hearing(days[key], SATURDAY, room)
            await seating.propose_seats(coordinator, held, seed=seed)
            # Last Saturday's Courtroom 1, where the respondent sat as a juror, has its attendance
            # taken but is not yet marked held: its hours wait to be credited.
            waiting = (key, room) == AWAITING_HELD
            if waiting:
                await _seat_as(coordinator, held, ids["respondent"], SeatRole.JUROR, {ids["respondent"]})
            await _held(coordinator, held, rng, no_show=(key, room) == ("past1", "Courtroom 2"), mark_held=not waiting)

    coming = await hearing(days["coming"], SATURDAY, "Courtroom 1")
    await seating.propose_seats(coordinator, coming, seed=seed + 1)
    keep = {ids["foreperson"], ids["juror"], ids["respondent"]}
    await _seat_as(coordinator, coming, ids["foreperson"], SeatRole.FOREPERSON, keep)
    for login in ("juror", "respondent"):
        await _seat_as(coordinator, coming, ids[login], SeatRole.JUROR, keep)
    await seating.confirm_seats(coordinator, coming)
    await _answers(coming, accept={ids["foreperson"]}, wait=keep - {ids["foreperson"]})
    await hearing_actions.set_hearing_status(coordinator, coming, HearingStatus.CONFIRMED)

    second = await hearing(days["coming"], SATURDAY, "Courtroom 2")
    await seating.propose_seats(coordinator, second, seed=seed + 2)  # proposed: ready to swap and confirm
    await hearing(days["later"], SATURDAY, "Courtroom 1")
    await hearing(days["inquiry"], (time(16), time(18)), "Courtroom 4", SessionKind.INQUIRY_HEARING,
                  "Youth Grand Jury: youth substance abuse policy")
    for n, key in enumerate(("today", "panel")):  # today's is ready for the attendance sheet
        panel = await hearing(days[key], (time(18), time(20)), "Meeting Room B", SessionKind.PANEL_SESSION,
                              "Community justice panel")
        await seating.propose_seats(coordinator, panel, seed=seed + 3 + n)
        await seating.confirm_seats(coordinator, panel)
        await _answers(panel, accept={ids["panelist"]}, wait=set())
        if key == "today":
            await hearing_actions.set_hearing_status(coordinator, panel, HearingStatus.CONFIRMED)


async def _panel_people(program: Program, panelist_id: int, today: date) -> list[int]:
    """Panels seat adults of 18 or over, so the demo panelist gets a date of birth, and two
    volunteers join them to make a panel of three."""
    await Person.filter(id=panelist_id).update(date_of_birth=today - timedelta(days=53 * 365 + 120))
    since, ids = today - timedelta(days=200), []
    for given, family, age in VOLUNTEERS:
        person = await Person.create(given_name=given, family_name=family,
                                     date_of_birth=today - timedelta(days=age * 365 + 60),
                                     email=f"{given.lower()}.{family.lower()}@example.org")
        await Membership.create(person=person, program=program, role=Role.PANELIST, training_date=since,
                                pledge_date=since)
        ids.append(person.id)
    return ids


async def _availability(program: Program, tz: ZoneInfo, days: dict[str, date], always: set[int],
                        rng: random.Random) -> None:
    """Most serving members can come on each session day; the people in ``always`` always can."""
    spans = {"inquiry": (time(15), time(19)), "panel": (time(17), time(21)), "today": (time(17), time(21))}
    serving = sorted(set(await Membership.filter(program=program, role__in=list(SERVING)).values_list(
        "person_id", flat=True)))
    rows = []
    for person_id in serving:
        for key, day in days.items():
            if person_id in always or rng.random() < 0.85:
                start, end = spans.get(key, (time(9), time(17)))
                rows.append(Availability(person_id=person_id, program=program, starts_at=local_to_utc(day, start, tz),
                                         ends_at=local_to_utc(day, end, tz)))
    await Availability.bulk_create(rows)


async def _every_tuesday(coordinator: Viewer, program: Program, person_id: int, today: date) -> None:
    """Jamal (``foreperson``) can serve every Tuesday 16:00–19:00 for the next two months, except
    the third week, which he removed: a weekly declaration and its exception."""
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday, never today
    person = await Person.get(id=person_id)
    spans = await availability_actions.declare_weekly_availability(
        coordinator, person, program, first, first + timedelta(weeks=8), time(16), time(19))
    await availability_actions.withdraw_availability(coordinator, spans[2])


async def _conflicts_and_schools(program: Program, ids: dict[str, int], others: list[Person],
                                 rng: random.Random) -> None:
    """A few declared conflicts, a household, and schools for most of the teenagers."""
    pairs = [(ids["respondent"], ids["guardian"], "relative"), (ids["juror"], others[0].id, "knows"),
             (others[5].id, others[7].id, "relative"), (ids["grandjuror"], others[10].id, "knows")]
    for person_id, other_id, relation in pairs:
        await Conflict.create(program=program, person_id=person_id, other_id=other_id, relation=relation)
    rows = [Affiliation(person_id=ids[login], kind="household", key="Reyes family, Congress Heights")
            for login in ("respondent", "guardian")]
    teens = [ids[login] for login in ("juror", "foreperson", "respondent", "grandjuror")] + [p.id for p in others]
    for person_id in teens:
        if rng.random() < 0.7:
            rows.append(Affiliation(person_id=person_id, kind="school", key=rng.choice(SCHOOLS)))
    await Affiliation.bulk_create(rows)


async def _held(coordinator: Viewer, hearing: Hearing, rng: random.Random, no_show: bool,
                mark_held: bool = True) -> None:
    """Everyone proposed accepted and came (bar one no-show when asked); the hearing is held
    (or only confirmed, with ``mark_held`` False)."""
    seats = await Seat.filter(hearing_id=hearing.id).order_by("id")
    invited = hearing.starts_at - timedelta(days=12)
    absent = seats[-3].id if no_show else None  # a juror, never the foreperson
    for seat in seats:
        values = {"status": SeatStatus.ACCEPTED, "invited_at": invited,
                  "responded_at": invited + timedelta(hours=rng.randint(2, 60))}
        if seat.id == absent:
            values["no_show"] = True
        else:
            values["checked_in_at"] = hearing.starts_at - timedelta(minutes=rng.randint(0, 20))
            values["checked_out_at"] = hearing.ends_at + timedelta(minutes=rng.randint(-10, 15))
        await Seat.filter(id=seat.id).update(**values)
    for status in (HearingStatus.CONFIRMED, HearingStatus.HELD)[:2 if mark_held else 1]:
        await hearing_actions.set_hearing_status(coordinator, hearing, status)


async def _seat_as(coordinator: Viewer, hearing: Hearing, person_id: int, role: SeatRole, keep: set[int]) -> None:
    """Put ``person_id`` in a proposed ``role`` seat by the coordinator's swaps (every rule applies)."""
    seats = await Seat.filter(hearing_id=hearing.id, status=SeatStatus.PROPOSED).order_by("id")
    mine = next((s for s in seats if s.person_id == person_id), None)
    if mine is not None and mine.role == role:
        return
    if mine is not None:  # seated in another role: free that seat for the next eligible person
        await seating.swap_seat(coordinator, hearing, person_id, (await seating_queries.next_eligible(hearing))[0])
    holder = next(s for s in seats if s.role == role and s.person_id not in keep | {person_id})
    await seating.swap_seat(coordinator, hearing, holder.person_id, person_id)


async def _answers(hearing: Hearing, accept: set[int], wait: set[int]) -> None:
    """Everyone invited answers by themselves: the people in ``accept`` and most others accept,
    the last juror declines (so the coordinator has a seat to offer), ``wait`` hasn't answered."""
    seats = await Seat.filter(hearing_id=hearing.id, status=SeatStatus.INVITED).order_by("id")
    jurors = [s for s in seats if s.role == SeatRole.JUROR and s.person_id not in accept | wait]
    decliner = jurors[-1].person_id if jurors else None
    for seat in seats:
        if seat.person_id in wait:
            continue
        viewer = Viewer(person_id=seat.person_id)
        await seating.answer_invitation(viewer, seat.id, accept=seat.person_id != decliner)
