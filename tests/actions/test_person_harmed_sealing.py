"""Sealing a case erases its person harmed: their name and details, statement, safety plan and notes."""

from __future__ import annotations

from jurycourt.actions.sealing import seal_due_cases
from jurycourt.models import Person, PersonHarmed
from jurycourt.queries.publication_guard import text_findings
from tests.actions.test_sealing import _all_text, _closed_case

SECRETS = ("Wenceslava", "Thorncombe", "202-555-9177", "afraid to open the shop", "waits in the back office",
           "called her sister")


async def test_sealing_erases_the_person_harmed_with_the_case_and_the_guard_still_refuses_their_name(demo):
    case = await _closed_case(demo)
    person = await Person.create(given_name="Wenceslava", family_name="Thorncombe", phone="202-555-9177")
    await PersonHarmed.create(program_id=demo.id, case_id=case.id, person=person, consent=True,
                              impact_statement="I was afraid to open the shop for weeks.",
                              safety_answers={"arrival": "She waits in the back office."},
                              follow_up_note="Said she called her sister after the hearing.")
    before = await _all_text()
    assert all(secret in before for secret in SECRETS)

    assert await seal_due_cases() == 1

    after = await _all_text()
    assert [secret for secret in SECRETS if secret in after] == []
    kept = await PersonHarmed.get(case_id=case.id)
    assert (kept.person_id, kept.impact_statement, kept.safety_answers) == (None, "", None)
    assert await text_findings(demo.id, "body", "Wenceslava Thorncombe spoke at the hearing.")
