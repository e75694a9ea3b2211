"""Setting up a program from the command line."""

from __future__ import annotations

from argon2 import PasswordHasher
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.domain.accounts import login_problem, normalize_login, password_problem
from jurycourt.domain.errors import Refused
from jurycourt.domain.program_rules import DEFAULT_RULES
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Membership, Person, Program


async def create_coordinator(
    program_name: str, login: str, password: str, name: str, hasher: PasswordHasher, time_zone: str
) -> Account:
    """Create a coordinator (and the program, if it is new). Refuses a taken login or weak password."""
    problem = login_problem(login) or password_problem(password)
    if problem:
        raise Refused(problem)
    login = normalize_login(login)
    if await Account.exists(login=login):
        raise Refused(f"the login {login!r} is taken")
    given, _, family = name.partition(" ")
    async with in_transaction():
        program = await Program.get_or_none(name=program_name)
        if program is None:
            program = await Program.create(name=program_name, time_zone=time_zone, rules=DEFAULT_RULES)
        person = await Person.create(given_name=given, family_name=family)
        account = await Account.create(person=person, login=login, password_hash=hasher.hash(password))
        await Membership.create(person=person, program=program, role=Role.COORDINATOR,
                                active_since=clock.now())
        await record("coordinator.created", actor_id=None, program_id=program.id, subject=("person", person.id))
    return account
