"""Demo referring agencies: a police district with a data-sharing agreement in force and a contact who
signs in (login "agency"; two-step sign-in is set up at the first visit), and a school whose agreement
has ended. The district's referrals stand in every status an agency can be told, sealed ones included,
and its contact has the notices of each."""

from __future__ import annotations

from datetime import date, timedelta

from jurycourt.actions.agencies import notify_agency
from jurycourt.domain.agencies import AgencyKind
from jurycourt.domain.cases import CaseState
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Agency, AgencyContact, Case, Membership, Person, Program

AGENCY_LOGIN = "agency"
SHARED = ("To the program: the young person's name and date of birth, the offence category and a short "
          "summary. To the district: each referral's status (received, accepted, declined, in progress, "
          "completed, not completed, withdrawn) and the closing letter; nothing of hearings, jurors or sanctions.")


async def seed_agencies(program: Program, today: date, password_hash: str) -> Agency:
    police = await Agency.create(
        program=program, name="Eastside Police District", kind=AgencyKind.POLICE,
        agreement_starts=today - timedelta(days=400), agreement_ends=None, agreement_shares=SHARED,
        agreement_signed_by="Capt. R. Diaz for the district; Denise Okafor for the program")
    await Agency.create(program=program, name="Lincoln High School", kind=AgencyKind.SCHOOL,
                        agreement_starts=today - timedelta(days=800), agreement_ends=today - timedelta(days=30),
                        agreement_shares="Referrals for truancy and vandalism; status only.",
                        agreement_signed_by="Principal M. Chen; Denise Okafor")
    person = await Person.create(given_name="Rosa", family_name="Diaz", email="r.diaz@eastside-pd.example.org",
                                 phone="202-555-0177")
    await Account.create(person=person, login=AGENCY_LOGIN, password_hash=password_hash)
    await Membership.create(person=person, program=program, role=Role.REFERRER)
    await AgencyContact.create(agency=police, person=person)
    await _link_referrals(program, police)
    return police


async def _link_referrals(program: Program, police: Agency) -> None:
    """One open or closed case of each state (and two sealed ones) become the district's referrals."""
    chosen: list[Case] = []
    for state in CaseState:
        case = await Case.filter(program=program, state=state, sealed_at=None).order_by("id").first()
        if case:
            chosen.append(case)
    chosen += await Case.filter(program=program, sealed_at__isnull=False).order_by("-id").limit(2)
    for n, case in enumerate(chosen, start=1):
        reference = "" if case.sealed_at else f"EPD-{case.referral_date.year}-{n:03d}"
        await Case.filter(id=case.id).update(referring_agency_id=police.id, agency="police",
                                             agency_reference=reference)
        case.referring_agency_id, case.agency_reference = police.id, reference
        if not case.sealed_at and case.state != CaseState.REFERRED:
            await notify_agency(case)
