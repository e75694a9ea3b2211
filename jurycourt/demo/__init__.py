"""Demo data for `jurycourt seed-demo`: a youth court whose people hold every role.

Names are made up. Everyone signs in with the development-only password below.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from argon2 import PasswordHasher
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.figures import close_months
from jurycourt.actions.guard import use_pseudonym_key
from jurycourt.actions.people import create_person
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.agencies import seed_agencies
from jurycourt.demo.assembly_letters import seed_letters_panel
from jurycourt.demo.cases import seed_cases
from jurycourt.demo.citizens_assembly import seed_second_stage
from jurycourt.demo.citizens_panel import seed_citizens_panel, seed_recruiting_panel
from jurycourt.demo.credits import seed_credits
from jurycourt.demo.family import seed_spanish_family
from jurycourt.demo.hearings import seed_hearings
from jurycourt.demo.impact import seed_impact
from jurycourt.demo.inquiries import seed_inquiries
from jurycourt.demo.jury_room import seed_jury_room
from jurycourt.demo.messages import seed_contacts, seed_first_round, seed_reaching_out
from jurycourt.demo.outcomes import seed_outcomes
from jurycourt.demo.panels import seed_panels
from jurycourt.demo.publications import seed_publications
from jurycourt.demo.question_bank import seed_question_bank
from jurycourt.demo.recommendation_answers import seed_recommendation_answers
from jurycourt.demo.service_sites import seed_service_sites
from jurycourt.domain.program_rules import DEFAULT_RULES
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Membership, Person, Program

DEMO_PASSWORD = "jurycourt-demo"  # noqa: S105 - development-only, documented in the README
PROGRAM_NAME = "Riverside Time Dollar Youth Court"
DEMO_TIME_ZONE = "America/New_York"
#: What the public site shows as the demo program's contact (a reserved example domain and a fictional number).
DEMO_CONTACT_EMAIL = "youthcourt@riverside.example"
DEMO_CONTACT_PHONE = "(555) 010-2040"

#: login → (given, family, preferred, roles, age or None for adults)
DEMO_ACCOUNTS: dict[str, tuple[str, str, str, tuple[Role, ...], int | None]] = {
    "coordinator": ("Denise", "Okafor", "", (Role.COORDINATOR,), None),
    "coordinator2": ("Marcus", "Whitfield", "", (Role.COORDINATOR,), None),
    "juror": ("Aaliyah", "Brooks", "Ali", (Role.JUROR,), 16),
    "foreperson": ("Jamal", "Hutchins", "", (Role.JUROR, Role.GRAND_JUROR), 17),
    "respondent": ("Tanya", "Reyes", "", (Role.RESPONDENT, Role.JUROR), 15),
    "guardian": ("Carmen", "Reyes", "", (Role.GUARDIAN,), None),
    "panelist": ("Gordon", "Ashby", "", (Role.PANELIST,), None),
    "grandjuror": ("Keisha", "Monroe", "", (Role.GRAND_JUROR, Role.JUROR), 17),
    "caller": ("Rosa", "Delgado", "", (Role.CONFIRMATION_CALLER,), None),
}

GIVEN = ["Andre", "Bianca", "Caleb", "Dana", "Elijah", "Fatima", "Gabriel", "Hana", "Isaiah", "Jada",
         "Kofi", "Lena", "Malik", "Nia", "Omar", "Priya", "Quincy", "Rosa", "Samir", "Tia", "Uriel",
         "Vanessa", "Wesley", "Ximena", "Yusuf", "Zoe"]
FAMILY = ["Adams", "Banks", "Carter", "Dixon", "Ellis", "Franklin", "Greene", "Harris", "Irving",
          "Jenkins", "King", "Lewis", "Mitchell", "Nash", "Owens", "Parker", "Quarles", "Robinson",
          "Simmons", "Turner", "Underwood", "Vaughn", "Washington", "Young"]


#: Logins made by the areas' own demo modules (login → what they are).
OTHER_LOGINS = {"panelist2": "Panel member (trained, on no panel yet)",
                "guardian_es": "Guardian, in Spanish (Lucía Herrera)",
                "juror_es": "Respondent in intake and peer juror, in Spanish (Mateo Herrera)",
                "agency": "Agency contact, Eastside Police District (sets up two-step sign-in at first)"}


def demo_logins() -> list[tuple[str, str]]:
    """(login, what they are) for the README and `make run`."""
    return [*((login, ", ".join(str(r.label) for r in spec[3])) for login, spec in DEMO_ACCOUNTS.items()),
            *OTHER_LOGINS.items()]


#: The demo volunteers' household key when none is given (development and tests only).
DEMO_PSEUDONYM_KEY = "demo households: development only, never a real key"

async def is_empty() -> bool:
    return not await Program.exists()


async def seed_demo(hasher: PasswordHasher, today: date | None = None,
                    pseudonym_key: str = DEMO_PSEUDONYM_KEY) -> Program:
    """Create the demo program and people, dated from ``today`` (the program's own day by default:
    in the evening in New York it is already tomorrow in UTC, and tonight's hearing must be
    tonight). Refuses a non-empty database. ``pseudonym_key``: the key of the demo volunteers'
    household keys (the server's, so volunteers who join later are compared with them)."""
    today = today or clock.today(DEMO_TIME_ZONE)
    use_pseudonym_key(pseudonym_key)  # completed cases' follow-ups know their youth by a keyed pseudonym
    if not await is_empty():
        raise RuntimeError("the database already has data; seed-demo only fills an empty one")
    rng = random.Random(1996)  # the year the Time Dollar Youth Court began: the same demo every time
    password_hash = hasher.hash(DEMO_PASSWORD)
    async with in_transaction():
        # The demo records consented demographics, so the fairness table can be grouped by them.
        program = await Program.create(name=PROGRAM_NAME, time_zone=DEMO_TIME_ZONE,
                                       rules={**DEFAULT_RULES, "record_demographics": True},
                                       contact_email=DEMO_CONTACT_EMAIL, contact_phone=DEMO_CONTACT_PHONE)
        accounts: dict[str, Account] = {}
        for login, (given, family, preferred, roles, age) in DEMO_ACCOUNTS.items():
            person = await Person.create(
                given_name=given, family_name=family, preferred_name=preferred,
                date_of_birth=_birthday(today, age, rng) if age else None,
                email=f"{login}@example.org", phone=f"202-555-01{len(login):02d}",
            )
            accounts[login] = await Account.create(person=person, login=login, password_hash=password_hash)
            for role in roles:
                await _membership(person, program, role, today, rng)
        others: list[Person] = []
        for n in range(40):
            person = await Person.create(
                given_name=GIVEN[n % len(GIVEN)], family_name=FAMILY[(n * 7) % len(FAMILY)],
                date_of_birth=_birthday(today, rng.randint(13, 17), rng),
            )
            role = Role.JUROR if n % 5 else Role.RESPONDENT
            await _membership(person, program, role, today, rng, trained=n % 6 != 0)
            others.append(person)
        await seed_contacts(accounts, others)
        await seed_hearings(program, accounts, others, today, rng)
        await seed_credits(program, accounts, today)
        await seed_publications(program, accounts, today)
        await seed_cases(program, accounts, today)
        await seed_service_sites(program, accounts, today)
        await seed_impact(program, accounts, today)
        await seed_outcomes(program, accounts, today)
        await seed_inquiries(program, accounts, others, today)
        await seed_question_bank(program, accounts)
        await seed_jury_room(program, accounts, today)
        await seed_panels(program, accounts, today, password_hash)
        citizens_panel = await seed_citizens_panel(program, accounts, today, pseudonym_key)
        await seed_second_stage(program.id, citizens_panel, accounts, today)
        await seed_recruiting_panel(program, accounts)  # after the drawn one: tests take the first as "the" panel
        await seed_recommendation_answers(program, accounts, today)
        await seed_letters_panel(program, accounts, today, pseudonym_key)
        await _seed_pending_coordinator(program, accounts)
        await seed_spanish_family(program, accounts, today, password_hash)
        await seed_first_round(program, others, today)
        await seed_reaching_out(program, accounts, others, today)
        await seed_agencies(program, today, password_hash)
    await close_months(today)  # the demo's history is past: its closed months are published, as the round would
    return program


async def _seed_pending_coordinator(program: Program, accounts: dict[str, Account]) -> None:
    """A coordinator role Denise asked for, waiting for Marcus: the second, independent coordinator."""
    denise = Viewer(person_id=accounts["coordinator"].person_id, roles={program.id: frozenset({Role.COORDINATOR})})
    await create_person(denise, program.id, Role.COORDINATOR, {
        "given_name": "Rafael", "family_name": "Ortiz", "email": "rafael.ortiz@example.org"})


def _birthday(today: date, age: int, rng: random.Random) -> date:
    return today - timedelta(days=age * 365 + rng.randint(10, 350))


async def _membership(person: Person, program: Program, role: Role, today: date,
                      rng: random.Random, trained: bool = True) -> None:
    serving = role in (Role.JUROR, Role.PANELIST, Role.GRAND_JUROR)
    since = today - timedelta(days=rng.randint(30, 400))
    # Every demo coordinator has held the role for weeks (well beyond coordinator_seniority_days), and
    # none had a hand in another's account: each can be the other's independent second coordinator.
    await Membership.create(
        person=person, program=program, role=role, active_since=datetime.combine(since, time(9), tzinfo=UTC),
        training_date=since if serving and trained else None,
        pledge_date=since if serving and trained else None,
    )
