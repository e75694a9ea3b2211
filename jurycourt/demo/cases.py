"""Demo peer jury cases for `jurycourt seed-demo`: one or more in every state of the lifecycle.

Cases are moved by the real actions, so their history and audit trail are what a coordinator
would have made. Past hearings can no longer take a docket entry through the action (it only
offers upcoming hearings), so a case heard at a past Saturday is placed on that docket directly,
then moved on by the actions; dates the actions stamp with the real day (disposition, closing)
are then set back to the hearing's day. The respondents are the demo's young people who had a
respondent role already (and one new referral); their guardians are new. The demo 'respondent'
(Tanya Reyes) is a former respondent whose case is in monitoring, with her mother Carmen as
guardian: she owes jury duty and has served some of it. She sits on every jury of the demo's
month, so her own case was heard on a Saturday a fortnight before it: no respondent is ever on
the docket of a hearing they sit at.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.actions import cases as case_actions
from jurycourt.actions import docket, intake, referrals, sanctions
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.harmed import seed_case_harmed
from jurycourt.domain.harmed import Wish
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.people import age_on
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus, SanctionTerms
from jurycourt.domain.seating import SessionKind
from jurycourt.models import Account, Case, DocketEntry, Hearing, Membership, Person, Program, Sanction

WITNESS = "Denise Okafor (coordinator)"
EARLIER_TITLE = "Saturday docket (before the demo's month)"
AGENCIES = ("police", "court_services", "school")


def _referral(n: int, today: date, days_ago: int, offence: str) -> referrals.Referral:
    agency = AGENCIES[n % len(AGENCIES)]
    officer = ("Officer L. Grant", "Ms. P. Osei", "Mr. R. Delgado")[n % 3]
    return referrals.Referral(agency, officer, today - timedelta(days=days_ago), offence,
                              "Admits the incident; no injuries; first contact with the police.")


def _young(given: str, family: str, age: int, today: date) -> dict[str, str]:
    born = today - timedelta(days=age * 365 + 40)
    return {"given_name": given, "family_name": family, "date_of_birth": born.isoformat(),
            "phone": "202-555-0199"}


def _parent(given: str, family: str) -> dict[str, str]:
    """A new guardian's details (guardians are new to the program)."""
    return {"given_name": given, "family_name": family, "email": f"{given.lower()}.{family.lower()}@example.org"}


async def _eligible(coordinator: Viewer, case: Case, age: int, consent_on: date, guardian_id: int | None) -> None:
    await intake.record_intake(coordinator, case, Checklist(True, True, True, age),
                               Consent(consent_on, consent_on, WITNESS), guardian_id)


async def _guardian_id(case: Case) -> int | None:
    await case.fetch_related("guardians")
    return case.guardians[0].person_id if case.guardians else None


async def _heard_at(coordinator: Viewer, case: Case, hearing: Hearing, age: int) -> None:
    """Intake, the docket of a past hearing, and the hearing itself."""
    await _eligible(coordinator, case, age, hearing.starts_at.date() - timedelta(days=10), await _guardian_id(case))
    await DocketEntry.create(hearing_id=hearing.id, case_id=case.id,
                             position=await DocketEntry.filter(hearing_id=hearing.id).count() + 1)
    await case_actions.move_case(coordinator, case, "schedule")
    await case_actions.move_case(coordinator, case, "hear")


async def _dispose(coordinator: Viewer, case: Case, day: date,
                   terms: list[tuple[SanctionTerms, int]]) -> list[Sanction]:
    """Enter the sanctions (each due ``n`` days after ``day``) and record the disposition."""
    made = [await sanctions.add_sanction(coordinator, case, t, day + timedelta(days=due)) for t, due in terms]
    await case_actions.move_case(coordinator, case, "dispose")
    await Case.filter(id=case.id).update(disposition_date=day)
    return made


async def seed_cases(program: Program, accounts: dict[str, Account], today: date) -> None:
    """Cases in every state, dated from ``today``."""
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    tz = ZoneInfo(program.time_zone)
    jury = await Hearing.filter(program=program, kind=SessionKind.JURY_HEARING).order_by("starts_at", "id")
    held = [h for h in jury if h.status == HearingStatus.HELD]
    coming = next(h for h in jury if h.starts_at > clock.now() and h.status == HearingStatus.CONFIRMED)

    def day_of(hearing: Hearing) -> date:
        return hearing.starts_at.astimezone(tz).date()

    youths = await _respondents(program, accounts)

    async def refer(n: int, days_ago: int, offence: str, parent: tuple[str, str] | None = None, *,
                    young: dict[str, str] | None = None, **people: int) -> tuple[Case, int]:
        """Refer the next of the demo's respondents (or ``young``, a new one); (case, age at intake)."""
        person = None if young or "respondent_id" in people else youths.pop(0)
        if person is not None:
            people["respondent_id"] = person.id
        case = await referrals.refer_case(coordinator, program.id, _referral(n, today, days_ago, offence),
                                          respondent=young, guardian=_parent(*parent) if parent else None,
                                          **people)
        return case, (age_on(person.date_of_birth, today) or 15) if person else 15

    # Referred (someone new to the program), and in intake (consent still to come).
    await refer(0, 2, "shoplifting", ("Renee", "Quinlan"), young=_young("Ezra", "Quinlan", 14, today))
    case, age = await refer(1, 6, "vandalism", ("Grace", "Tolliver"))
    await intake.record_intake(coordinator, case, Checklist(True, True, True, age),
                               Consent(today - timedelta(days=1)))

    # Scheduled on the coming Saturday's docket.
    case, age = await refer(2, 12, "trespass", ("Marisol", "Ferreira"))
    await _eligible(coordinator, case, age, today - timedelta(days=4), await _guardian_id(case))
    # The person harmed will attend: the safety plan is reviewed before the case goes on the docket.
    await seed_case_harmed(program, accounts, case, "Miriam", "Castellanos", today - timedelta(days=8),
                           [Wish.ATTEND, Wish.STATEMENT, Wish.OUTCOME],
                           "I run the corner store. Since the break-in I lock up early and my daughter is "
                           "afraid to work the evening shift.\nI would like him to understand that.")
    await docket.put_on_docket(coordinator, case, coming.id)
    await case_actions.move_case(coordinator, case, "schedule")

    # Heard at the last Saturday, the disposition still to enter.
    case, age = await refer(0, 25, "disorderly", ("Vera", "Hollingsworth"))
    await _heard_at(coordinator, case, held[-1], age)

    # Monitoring, with a sanction in every status (one overdue) and restitution partly paid.
    case, age = await refer(1, 40, "shoplifting", ("Nadine", "Abernathy"))
    await _heard_at(coordinator, case, held[0], age)
    day = day_of(held[0])
    made = await _dispose(coordinator, case, day, [
        (SanctionTerms(SanctionKind.JURY_DUTY, 4), 90), (SanctionTerms(SanctionKind.COMMUNITY_SERVICE, 20), 60),
        (SanctionTerms(SanctionKind.APOLOGY_LETTER), 14), (SanctionTerms(SanctionKind.ESSAY), 14),
        (SanctionTerms(SanctionKind.WORKSHOP, detail="Conflict resolution"), 10),
        (SanctionTerms(SanctionKind.RESTITUTION, amount_cents=6000, detail="Replacement of a phone case"), 45),
    ])
    await sanctions.set_sanction_status(coordinator, case, made[1], SanctionStatus.IN_PROGRESS)
    await sanctions.set_sanction_status(coordinator, case, made[2], SanctionStatus.DONE)
    await sanctions.set_sanction_status(coordinator, case, made[3], SanctionStatus.WAIVED,
                                        "The workshop covers the same ground")
    await sanctions.record_payment(coordinator, case, made[5], 2500, day + timedelta(days=7))
    # The person harmed asked for an apology letter: consent recorded, a reviewed safety plan, their
    # statement, and the letter (done) passed on to them.
    await seed_case_harmed(program, accounts, case, "Beatrice", "Lindqvist", day - timedelta(days=10),
                           [Wish.STATEMENT, Wish.APOLOGY, Wish.OUTCOME],
                           "My phone was my only way to reach my mother in hospital. I want an apology, and I "
                           "want to know she will not do this to someone else.", apology=True)
    # made[4] (the workshop) stays assigned past its due date: overdue.

    # Returned to the agency: the essay failed.
    case, age = await refer(1, 30, "shoplifting", ("Janet", "Whitcombe"))
    await _heard_at(coordinator, case, held[0], age)
    made = await _dispose(coordinator, case, day, [(SanctionTerms(SanctionKind.ESSAY), 7)])
    await sanctions.set_sanction_status(coordinator, case, made[0], SanctionStatus.FAILED)
    await case_actions.move_case(coordinator, case, "fail", "Stopped attending; returned to the agency")
    await Case.filter(id=case.id).update(closed_on=today - timedelta(days=1))

    # The demo respondent: monitoring, jury duty in progress, her mother as guardian.
    own = await _earlier_docket(program, held[0])
    case, _ = await refer(2, 50, "shoplifting", respondent_id=accounts["respondent"].person_id,
                          guardian_id=accounts["guardian"].person_id)
    await _heard_at(coordinator, case, own, 15)
    duty = await _dispose(coordinator, case, day_of(own), [
        (SanctionTerms(SanctionKind.JURY_DUTY, 7), 120), (SanctionTerms(SanctionKind.APOLOGY_LETTER), 14)])
    await sanctions.set_sanction_status(coordinator, case, duty[0], SanctionStatus.IN_PROGRESS)
    await sanctions.set_sanction_status(coordinator, case, duty[1], SanctionStatus.DONE)

    # Completed: every sanction done.
    case, age = await refer(0, 27, "vandalism", ("Lorraine", "Pemberton"))
    await _heard_at(coordinator, case, held[1], age)
    made = await _dispose(coordinator, case, day_of(held[1]), [
        (SanctionTerms(SanctionKind.ESSAY), 7), (SanctionTerms(SanctionKind.COMMUNITY_SERVICE, 5), 10)])
    for sanction in made:
        await sanctions.set_sanction_status(coordinator, case, sanction, SanctionStatus.DONE)
    await case_actions.move_case(coordinator, case, "complete", "All sanctions done")
    await Case.filter(id=case.id).update(closed_on=min(today, day_of(held[1]) + timedelta(days=12)))

    # Declined at intake (a violent offence), and withdrawn before intake.
    case, age = await refer(1, 20, "other", ("Dana", "Kettering"))
    await intake.record_intake(coordinator, case, Checklist(True, False, True, age), Consent())
    case, _ = await refer(2, 15, "other")
    await case_actions.move_case(coordinator, case, "withdraw", "The family moved out of the district")


async def _respondents(program: Program, accounts: dict[str, Account]) -> list[Person]:
    """The demo's young people with a respondent role and no account, oldest record first."""
    ids = await Membership.filter(program=program, role=Role.RESPONDENT).exclude(
        person_id__in=[a.person_id for a in accounts.values()]).values_list("person_id", flat=True)
    return list(await Person.filter(id__in=list(ids)).order_by("id"))


async def _earlier_docket(program: Program, first: Hearing) -> Hearing:
    """The Saturday, a fortnight before the demo's month, when Tanya's own case was heard: she
    sits on every jury of the month, so her case can't have been on any of their dockets."""
    starts = first.starts_at - timedelta(days=14)
    return await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title=EARLIER_TITLE,
                                starts_at=starts, ends_at=first.ends_at - timedelta(days=14),
                                room_id=first.room_id, status=HearingStatus.HELD)
