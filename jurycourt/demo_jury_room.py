"""Demo data: tonight's jury hearing, so the jury room can be tried after `make run`.

A jury hearing this evening (program time) in Courtroom 3 with a shoplifting case on its docket
and three accepted seats: `foreperson` leads, `juror` and `grandjuror` sit with her. From the
hearing's day the seated jurors see the case's brief and can prepare questions (the question bank
suggests some for shoplifting); the foreperson opens questioning, deliberation and the vote.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt.actions import cases as case_actions
from jurycourt.actions import docket, intake, referrals
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Hearing, Program, Room, Seat

TITLE = "Tonight's docket, Courtroom 3"
SEATS = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR, "grandjuror": SeatRole.JUROR}


async def seed_jury_room(program: Program, accounts: dict[str, Account], today: date) -> Hearing:
    """Tonight's hearing with a case on its docket and three accepted jurors."""
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    tz = ZoneInfo(program.time_zone)
    starts = datetime.combine(today, time(18), tzinfo=tz).astimezone(UTC)
    now = datetime.now(UTC)
    if starts < now + timedelta(minutes=30):  # seeded late in the day: the hearing is about to start
        starts = now + timedelta(minutes=30)
    room = await Room.filter(program=program, name="Courtroom 3").first()
    hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title=TITLE, starts_at=starts,
                                   ends_at=starts + timedelta(hours=3), room=room, status=HearingStatus.CONFIRMED)
    for login, role in SEATS.items():
        await Seat.create(hearing=hearing, person_id=accounts[login].person_id, role=role,
                          status=SeatStatus.ACCEPTED, invited_at=now - timedelta(days=6),
                          responded_at=now - timedelta(days=5))
    referral = referrals.Referral("school", "Ms. P. Osei", today - timedelta(days=16), "shoplifting",
                                  "Took two phone cases from a store at the mall; admitted it to security; "
                                  "returned them undamaged.")
    case = await referrals.refer_case(
        coordinator, program.id, referral,
        respondent={"given_name": "Jaylen", "family_name": "Okonkwo-Demo", "preferred_name": "Jay",
                    "date_of_birth": (today - timedelta(days=15 * 365 + 100)).isoformat()},
        guardian={"given_name": "Adaeze", "family_name": "Okonkwo-Demo", "email": "a.okonkwo@example.org"})
    await intake.record_intake(coordinator, case, Checklist(True, True, True, 15),
                               Consent(today - timedelta(days=9), today - timedelta(days=9), "Program coordinator"),
                               await _guardian(case))
    await docket.put_on_docket(coordinator, case, hearing.id)
    await case_actions.move_case(coordinator, case, "schedule")
    return hearing


async def _guardian(case) -> int | None:
    await case.fetch_related("guardians")
    return case.guardians[0].person_id if case.guardians else None
