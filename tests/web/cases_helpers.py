"""Cases for web tests, made through the real actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jurycourt import clock
from jurycourt.actions.docket import put_on_docket
from jurycourt.actions.intake import record_intake
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.jury_room import TITLE as TONIGHT_TITLE
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SessionKind
from jurycourt.models import Case, Hearing, Program
from tests.web.members import person_id

SUMMARY = "Took two phone chargers from a corner store and admitted it when stopped."


async def coordinator(program: Program) -> Viewer:
    return Viewer(person_id=await person_id("coordinator"), account_id=1,
                  roles={program.id: frozenset({Role.COORDINATOR})})


async def referred_case(program: Program) -> Case:
    """The demo respondent (Tanya Reyes) referred, with the demo guardian."""
    actor = await coordinator(program)
    referral = Referral("police", "Officer Grant", clock.today(), "shoplifting", SUMMARY)
    return await refer_case(actor, program.id, referral, respondent_id=await person_id("respondent"),
                            guardian_id=await person_id("guardian"))


async def next_jury_hearing(program: Program) -> Hearing:
    return await Hearing.filter(program_id=program.id, kind=SessionKind.JURY_HEARING,
                                status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
                                starts_at__gt=datetime.now(UTC)).exclude(title=TONIGHT_TITLE).order_by(
        "starts_at").first()


async def scheduled_case(program: Program) -> tuple[Case, Hearing]:
    """A case through intake (eligible, consented) and on the next jury hearing's docket."""
    actor = await coordinator(program)
    case = await referred_case(program)
    today = clock.today()
    await record_intake(actor, case, Checklist(True, True, True, 15),
                        Consent(today, today, "Denise Okafor"), await person_id("guardian"))
    hearing = await next_jury_hearing(program)
    await put_on_docket(actor, case, hearing.id)
    return case, hearing


async def open_hearing_window(hearing: Hearing) -> None:
    """Move the hearing to earlier today, so its day has come."""
    now = datetime.now(UTC)
    await Hearing.filter(id=hearing.id).update(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2))
