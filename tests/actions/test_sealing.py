"""Sealing: personal data erased everywhere in the database, anonymised facts kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jurycourt import clock
from jurycourt.actions.cases import move_case
from jurycourt.actions.docket import put_on_docket
from jurycourt.actions.intake import record_intake
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.actions.sanctions import add_sanction, set_sanction_status
from jurycourt.actions.sealing import seal_case, seal_due_cases
from jurycourt.db import fetch_rows
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus, SanctionTerms
from jurycourt.models import (
    Affiliation,
    Case,
    CaseGuardian,
    Deliberation,
    Person,
    Question,
    Sanction,
    Statement,
    Thread,
)
from tests.databases import on_postgres
from tests.web.cases_helpers import coordinator, next_jury_hearing, open_hearing_window, referred_case
from tests.web.members import person_id

#: Made-up details found nowhere else, so finding any of them after sealing is a leak.
SECRETS = ("Zephyrinka", "Quilliamsby", "Orsolyanne", "Brackenbury", "Velloweth",
           "202-555-9137", "202-555-9138", "zephyrinka.q@sealtest.example", "orsolyanne.q@sealtest.example",
           "17 Tamarind Way", "stole a bicycle")


async def _all_text() -> str:
    """Every value of every table, as one string (the tables are listed from the catalogue)."""
    if on_postgres():
        tables = [r[0] for r in await fetch_rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE'")]
    else:
        tables = [r[0] for r in await fetch_rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert {"person", "case_file", "case_event", "audit_event", "outbox_message"} <= set(tables)
    chunks = []
    for table in tables:
        for row in await fetch_rows(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from the catalogue
            chunks.append(" ".join(str(value) for value in row))
    return "\n".join(chunks)


async def _closed_case(demo, state: CaseState = CaseState.COMPLETED) -> Case:
    """A case with unique made-up people, taken to ``state`` by the real actions."""
    actor = await coordinator(demo)
    referral = Referral("police", "Officer Velloweth", clock.today(), "shoplifting",
                        "Zephyrinka stole a bicycle from 17 Tamarind Way.")
    case = await refer_case(actor, demo.id, referral, respondent={
        "given_name": "Zephyrinka", "family_name": "Quilliamsby", "date_of_birth": "2011-03-04",
        "phone": "202-555-9137", "email": "zephyrinka.q@sealtest.example", "address": "17 Tamarind Way"},
        guardian={"given_name": "Orsolyanne", "family_name": "Quilliamsby", "phone": "202-555-9138",
                  "email": "orsolyanne.q@sealtest.example"})
    await Affiliation.create(person_id=case.respondent_id, kind="household", key="Quilliamsby family")
    guardian = (await CaseGuardian.get(case_id=case.id)).person_id
    today = clock.today()
    await record_intake(actor, case, Checklist(True, True, True, 15), Consent(today, today, "Brackenbury"), guardian)
    if state == CaseState.WITHDRAWN:
        await move_case(actor, case, "withdraw", "Zephyrinka Quilliamsby moved away")
    else:
        hearing = await next_jury_hearing(demo)
        await put_on_docket(actor, case, hearing.id)
        await move_case(actor, case, "schedule")
        await open_hearing_window(hearing)
        await move_case(actor, case, "hear")
        thread = await Thread.create(program_id=case.program_id, topic="deliberation", topic_id=0)
        room = await Deliberation.create(hearing_id=hearing.id, case_id=case.id, phase="deliberation", thread=thread)
        await Thread.filter(id=thread.id).update(topic_id=room.id)
        juror = await Person.filter(given_name="Aaliyah").first()
        await Statement.create(thread=thread, author=juror, body="Zephyrinka seemed sorry, Tamarind Way")
        await Question.create(case_id=case.id, author=juror, body="Why Brackenbury, Zephyrinka?")
        sanction = await add_sanction(actor, case, SanctionTerms(SanctionKind.ESSAY, detail="Essay for Velloweth"),
                                      today + timedelta(days=30))
        await move_case(actor, case, "dispose")
        await set_sanction_status(actor, case, sanction, SanctionStatus.DONE)
        await move_case(actor, case, "complete", "Zephyrinka did it all")
    await Case.filter(id=case.id).update(closed_on=today - timedelta(days=400))
    return await Case.get(id=case.id)


async def test_sealing_erases_every_trace_of_the_people_and_keeps_the_statistics(demo):
    case = await _closed_case(demo)
    before = await _all_text()
    assert all(secret in before for secret in SECRETS), "the test data must be there to be erased"

    assert await seal_due_cases() == 1

    after = await _all_text()
    assert [secret for secret in SECRETS if secret in after] == []
    sealed = await Case.get(id=case.id)
    assert sealed.sealed_at is not None and sealed.respondent_id is None
    assert (sealed.state, sealed.offence_category, sealed.age_band) == (CaseState.COMPLETED, "shoplifting", "15–16")
    assert sealed.referral_date.day == 1 and sealed.closed_on.day == 1
    assert [(s.kind, s.status) for s in await Sanction.filter(case_id=case.id)] == [("essay", "done")]
    assert await Case.filter(program=demo, state=CaseState.COMPLETED).count() >= 1


async def test_sealing_runs_once_and_only_after_the_period(demo):
    case = await _closed_case(demo)
    await Case.filter(id=case.id).update(closed_on=clock.today() - timedelta(days=10))
    assert await seal_due_cases() == 0
    with pytest.raises(Refused, match="can't be sealed yet"):
        await seal_case(await coordinator(demo), await Case.get(id=case.id))
    await Case.filter(id=case.id).update(closed_on=clock.today() - timedelta(days=400))
    assert await seal_due_cases() == 1
    assert await seal_due_cases() == 0


async def test_a_withdrawn_case_is_sealed_after_the_closed_retention_period(demo):
    await _closed_case(demo, CaseState.WITHDRAWN)
    assert await seal_due_cases() == 1
    assert "Zephyrinka" not in await _all_text()


async def test_a_respondent_who_is_now_a_juror_keeps_her_record_but_loses_the_link(demo):
    actor = await coordinator(demo)
    case = await referred_case(demo)  # the demo respondent, who also has an account and sits on juries
    await move_case(actor, case, "withdraw", "Referred by mistake")
    await Case.filter(id=case.id).update(closed_on=clock.today() - timedelta(days=400))
    tanya = await person_id("respondent")
    await seal_case(actor, await Case.get(id=case.id))
    assert (await Person.get(id=tanya)).family_name == "Reyes"
    assert (await Case.get(id=case.id)).respondent_id is None
    assert not await CaseGuardian.filter(case_id=case.id).exists()


async def test_an_erased_person_is_no_longer_someone_publications_must_protect(demo):
    from jurycourt.actions.publications import protected_people

    await _closed_case(demo)
    assert "Zephyrinka" in {p.given_name for p in await protected_people(demo.id)}
    await seal_due_cases()
    assert not {p.given_name for p in await protected_people(demo.id)} & {"Zephyrinka", "Sealed"}
