"""A Spanish-speaking family for the demo: Lucía Herrera (login ``guardian_es``) and her son Mateo
(15, login ``juror_es``). Mateo was referred a week ago, the intake is done with both their consents,
and he is a trained peer juror too, as respondents become. Both chose Spanish: every page they see
and everything sent to them (invitations, reminders, calendar entries) is in Spanish.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions import intake, referrals
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Membership, Person, Program

#: login → (given, family, roles, age or None for adults), everyone in Spanish.
SPANISH_FAMILY = {
    "guardian_es": ("Lucía", "Herrera", (Role.GUARDIAN,), None),
    "juror_es": ("Mateo", "Herrera", (Role.RESPONDENT, Role.JUROR), 15),
}


async def seed_spanish_family(program: Program, accounts: dict[str, Account], today: date,
                              password_hash: str) -> dict[str, Account]:
    """The family's people, accounts and memberships, and Mateo's case in intake."""
    made: dict[str, Account] = {}
    since = datetime.combine(today - timedelta(days=120), time(9), tzinfo=UTC)
    for login, (given, family, roles, age) in SPANISH_FAMILY.items():
        born = today - timedelta(days=age * 365 + 100) if age else None
        person = await Person.create(given_name=given, family_name=family, date_of_birth=born, language="es-US",
                                     email=f"{login}@example.org", phone="202-555-0142")
        made[login] = await Account.create(person=person, login=login, password_hash=password_hash)
        for role in roles:
            serving = role == Role.JUROR
            await Membership.create(person=person, program=program, role=role, active_since=since,
                                    training_date=since.date() if serving else None,
                                    pledge_date=since.date() if serving else None)
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    referral = referrals.Referral("school", "Sra. E. Vargas", today - timedelta(days=7), "truancy",
                                  "Missed two weeks of school; the family asked for the program.")
    case = await referrals.refer_case(coordinator, program.id, referral, respondent_id=made["juror_es"].person_id,
                                      guardian_id=made["guardian_es"].person_id)
    consented = today - timedelta(days=2)
    await intake.record_intake(coordinator, case, Checklist(True, True, True, 15),
                               Consent(consented, consented, "Denise Okafor (coordinator)"),
                               made["guardian_es"].person_id)
    return made
