"""Demographics for the fairness audit: only with consent, only where the program records them,
and erased when the case is sealed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jurycourt import clock
from jurycourt.actions.demographics import Demographics, record_demographics
from jurycourt.actions.sealing import SEALED_TABLES, seal_due_cases
from jurycourt.domain.errors import Refused
from jurycourt.models import AuditEvent, CaseDemographics, Program
from tests.actions.test_sealing import _closed_case
from tests.web.cases_helpers import coordinator, referred_case


async def _rules(program: Program, on: bool) -> None:
    program.rules = {**program.rules, "record_demographics": on}
    await program.save()


async def test_demographics_are_refused_without_consent_or_where_the_program_has_them_off(demo):
    case = await referred_case(demo)
    actor = await coordinator(demo)
    today = clock.today(demo.time_zone)
    answers = Demographics("female", "asian", "not_hispanic", today, "guardian")
    await _rules(demo, False)
    with pytest.raises(Refused, match="does not record demographics"):
        await record_demographics(actor, case, answers)
    await _rules(demo, True)
    for no_consent in (Demographics("female", "asian", "not_hispanic", None, "guardian"),
                       Demographics("female", "asian", "not_hispanic", today + timedelta(days=1), "youth")):
        with pytest.raises(Refused, match="only with consent") as refused:
            await record_demographics(actor, case, no_consent)
        assert refused.value.field == "consent_given_on"
    with pytest.raises(Refused) as refused:
        await record_demographics(actor, case, Demographics("female", "martian", "not_hispanic", today, "youth"))
    assert refused.value.field == "race"
    assert not await CaseDemographics.exists(case_id=case.id)
    await record_demographics(actor, case, answers)
    await record_demographics(actor, case, Demographics("prefer_not", "asian", "prefer_not", today, "youth"))
    kept = await CaseDemographics.get(case_id=case.id)  # corrected in place, one row per case
    assert (kept.gender, kept.race, kept.ethnicity, kept.consent_source) == (
        "prefer_not", "asian", "prefer_not", "youth")
    events = await AuditEvent.filter(action="case.demographics").values_list("detail", flat=True)
    assert len(events) == 2 and "asian" not in str(events)  # the log says that, never what


async def test_sealing_a_case_erases_its_demographics(demo):
    await _rules(demo, True)
    case = await _closed_case(demo)
    await record_demographics(await coordinator(demo), case,
                              Demographics("male", "black", "hispanic", clock.today(demo.time_zone), "youth"))
    assert "case_demographics" in SEALED_TABLES  # its old bytes are scrubbed from the files too
    assert await seal_due_cases() == 1
    assert not await CaseDemographics.exists(case_id=case.id)
