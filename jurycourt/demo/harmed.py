"""Demo people harmed: consent recorded, wishes, a safety plan written by one coordinator and
reviewed by the other, an impact statement, and an apology passed on. Made by the real actions.
Names are made up."""

from __future__ import annotations

from datetime import date

from jurycourt.actions import harmed
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.harmed import SAFETY_QUESTIONS, Wish
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Case, PersonHarmed, Program

#: A plan as a coordinator writes one after the preparatory visit (one answer per fixed question).
PLAN = {
    "risk": "Low: no threats since the incident; the young person admitted it at once.",
    "power": "An adult and a teenager: the coordinator sits beside the person harmed and keeps turns.",
    "support": "Her neighbour comes with her; the young person's mother attends too.",
    "arrival": "She arrives 15 minutes early by the side door and waits in the small office.",
    "call": "The coordinator's phone (555) 010-2040, before, during and after.",
    "ground_rules": "One person speaks at a time; anyone may ask for a break.",
}
assert set(PLAN) == {q.key for q in SAFETY_QUESTIONS}


def coordinators(program: Program, accounts: dict[str, Account]) -> tuple[Viewer, Viewer]:
    """The demo's two coordinators: one writes a safety plan, the other reviews it."""
    return tuple(Viewer(person_id=accounts[login].person_id, account_id=accounts[login].id,  # type: ignore[return-value]
                        roles={program.id: frozenset({Role.COORDINATOR})}) for login in ("coordinator", "coordinator2"))


async def prepare(writer: Viewer, reviewer: Viewer, found: PersonHarmed, consent_on: date, wishes: list[Wish],
                  statement: str = "") -> None:
    """Consent by phone, their wishes, the safety plan written and reviewed, their statement."""
    await harmed.record_consent(writer, found, "yes", consent_on, "phone")
    await harmed.record_wishes(writer, found, [w.value for w in wishes])
    await harmed.write_safety_plan(writer, found, PLAN)
    await harmed.review_safety_plan(reviewer, found)
    if statement:
        await harmed.record_statement(writer, found, statement)


async def seed_case_harmed(program: Program, accounts: dict[str, Account], case: Case, given: str, family: str,
                           consent_on: date | None, wishes: list[Wish], statement: str = "",
                           apology: bool = False) -> PersonHarmed:
    """A case's person harmed, as far as the demo needs: only recorded (not asked yet) when
    ``consent_on`` is None."""
    writer, reviewer = coordinators(program, accounts)
    found = await harmed.add_to_case(writer, case, {"given_name": given, "family_name": family,
                                                    "phone": "(555) 010-7731", "contact_by": "text"})
    if consent_on is not None:
        await prepare(writer, reviewer, found, consent_on, wishes, statement)
    if apology:
        await harmed.pass_on_apology(writer, found)
    return found
