"""Demo data: tonight's jury hearing, so the jury room can be tried after `make run`.

A jury hearing this evening (program time) in Courtroom 3 with a shoplifting case on its docket
and three accepted seats: `foreperson` leads, `juror` and `grandjuror` sit with her. From the
hearing's day the seated jurors see the case's brief and can prepare questions (the question bank
suggests some for shoplifting); the foreperson opens questioning, deliberation and the vote.
Two more cases on the same docket show the room's later stages: one in its second round of
deliberation (a first proposal was voted down, then a statement and a new proposal), one decided
(its jurors see the decided view).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.actions import cases as case_actions
from jurycourt.actions import docket, intake, jury_room, referrals
from jurycourt.auth.tokens import digest
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionKind
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Hearing, HearingDisplay, Program, Room, Seat
from jurycourt.queries.jury_room import enter_room

TITLE = "Tonight's docket, Courtroom 3"
#: The demo hearing's display link (development only, in the README): its screen at /screen/<token>.
DEMO_SCREEN_TOKEN = "demo-hearing-screen"  # noqa: S105 - a demo link, not a secret
SEATS = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR, "grandjuror": SeatRole.JUROR}


async def seed_jury_room(program: Program, accounts: dict[str, Account], today: date) -> Hearing:
    """Tonight's hearing with a case on its docket and three accepted jurors."""
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    tz = ZoneInfo(program.time_zone)
    starts = datetime.combine(today, time(18), tzinfo=tz).astimezone(UTC)
    now = clock.now()
    if starts < now + timedelta(minutes=30):  # seeded late in the day: the hearing is about to start
        starts = now + timedelta(minutes=30)
    room = await Room.filter(program=program, name="Courtroom 3").first()
    hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title=TITLE, starts_at=starts,
                                   ends_at=starts + timedelta(hours=3), room=room, status=HearingStatus.CONFIRMED)
    for login, role in SEATS.items():
        await Seat.create(hearing=hearing, person_id=accounts[login].person_id, role=role,
                          status=SeatStatus.ACCEPTED, invited_at=now - timedelta(days=6),
                          responded_at=now - timedelta(days=5))
    await _scheduled_case(coordinator, program, hearing, today, "shoplifting",
                          "Took two phone cases from a store at the mall; admitted it to security; "
                          "returned them undamaged.", ("Jaylen", "Okonkwo-Demo", "Jay"), ("Adaeze", "a.okonkwo"))
    deliberating = await _scheduled_case(coordinator, program, hearing, today, "vandalism",
                                         "Wrote on a bus shelter with a marker; owned up when the school asked.",
                                         ("Mireya", "Castellano-Demo", ""), ("Lucia", "l.castellano"))
    decided = await _scheduled_case(coordinator, program, hearing, today, "disorderly",
                                    "Shouted at a teacher and threw a chair in the canteen; no one was hurt.",
                                    ("Tobias", "Lindqvist-Demo", "Toby"), ("Ingrid", "i.lindqvist"))
    await _deliberate(program, accounts, deliberating, decide=False, voted_down_first=True)
    await _deliberate(program, accounts, decided, decide=True)
    await HearingDisplay.create(hearing=hearing, token_hash=digest(DEMO_SCREEN_TOKEN))
    return hearing


async def _scheduled_case(coordinator: Viewer, program: Program, hearing: Hearing, today: date, offence: str,
                          summary: str, respondent: tuple[str, str, str], guardian: tuple[str, str]) -> int:
    """A referred case taken through intake onto ``hearing``'s docket; its docket entry's id."""
    given, family, preferred = respondent
    referral = referrals.Referral("school", "Ms. P. Osei", today - timedelta(days=16), offence, summary)
    case = await referrals.refer_case(
        coordinator, program.id, referral,
        respondent={"given_name": given, "family_name": family, "preferred_name": preferred,
                    "date_of_birth": (today - timedelta(days=15 * 365 + 100)).isoformat()},
        guardian={"given_name": guardian[0], "family_name": family, "email": f"{guardian[1]}@example.org"})
    await intake.record_intake(coordinator, case, Checklist(True, True, True, 15),
                               Consent(today - timedelta(days=9), today - timedelta(days=9), "Program coordinator"),
                               await _guardian(case))
    entry = await docket.put_on_docket(coordinator, case, hearing.id)
    await case_actions.move_case(coordinator, case, "schedule")
    return entry.id


async def _deliberate(program: Program, accounts: dict[str, Account], entry_id: int, *, decide: bool,
                      voted_down_first: bool = False) -> None:
    """The seated jurors take the room to deliberation (a statement, a proposal) and, if
    ``decide``, through the vote to a recorded decision, as they would in the room. With
    ``voted_down_first`` a first, heavier proposal is voted down and the room deliberates again."""
    async def room(login: str):
        account = accounts[login]
        viewer = Viewer(person_id=account.person_id, account_id=account.id,
                        roles={program.id: frozenset({Role.JUROR})})
        return await enter_room(viewer, entry_id)

    for _ in range(2):
        await jury_room.open_next_phase(await room("foreperson"))
    if voted_down_first:
        heavy = await jury_room.propose(await room("grandjuror"), [(SanctionKind.JURY_DUTY, 8),
                                                                   (SanctionKind.COMMUNITY_SERVICE, 30)])
        await jury_room.open_next_phase(await room("foreperson"))
        for login, yes in (("foreperson", False), ("juror", False), ("grandjuror", True)):
            await jury_room.vote(await room(login), heavy.id, yes, "Thirty hours is too much for a first time."
                                 if not yes else "It was a lot of damage.")
        await jury_room.deliberate_again(await room("foreperson"))
    await jury_room.post_statement(await room("juror"), "They owned up straight away and want to put it right.")
    rows = [(SanctionKind.JURY_DUTY, 4), (SanctionKind.COMMUNITY_SERVICE, 6), (SanctionKind.APOLOGY_LETTER, None)]
    proposal = await jury_room.propose(await room("juror"), rows)
    if not decide:
        return
    await jury_room.open_next_phase(await room("foreperson"))
    for login in SEATS:
        await jury_room.vote(await room(login), proposal.id, True, "Fair, and it gives something back.")
    await jury_room.record_decision(await room("foreperson"))


async def _guardian(case) -> int | None:
    await case.fetch_related("guardians")
    return case.guardians[0].person_id if case.guardians else None
