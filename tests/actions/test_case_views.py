"""The case-view log loses none: every view is on record, in the order it was made, before the
request that made it goes on; a view that cannot be written fails alone; inside a transaction a
view is written (or rolled back) with the rest of it."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt.actions.view_log import log_view
from jurycourt.domain.cases import CaseState
from jurycourt.models import Case, CaseView
from tests.duties import court, someone


async def _case() -> Case:
    program = await court()
    respondent = await someone("Dana", "dana@example.org")
    return await Case.create(program=program, respondent=respondent, state=CaseState.REFERRED, agency="police",
                             referral_date=date(2026, 11, 2), offence_category="shoplifting", summary="A charger.")


async def test_views_made_at_once_all_land_and_each_is_on_record_when_its_request_goes_on(app):
    case = await _case()
    viewers = [await someone(f"J{n}", f"j{n}@example.org") for n in range(30)]

    async def view(n: int) -> int:
        await log_view(case.id, viewers[n].id, f"room:juror:{n}")
        # on record by the time the request goes on
        assert await CaseView.filter(case_id=case.id, what=f"room:juror:{n}").exists()
        return n

    assert await asyncio.gather(*(view(n) for n in range(30))) == list(range(30))
    logged = await CaseView.filter(case_id=case.id).values_list("what", "viewer_id")
    assert sorted(logged) == sorted((f"room:juror:{n}", viewers[n].id) for n in range(30))


async def test_a_view_that_cannot_be_written_fails_alone(app):
    case = await _case()
    viewer = await someone("Kai", "kai@example.org")
    outcomes = []
    for case_id, what in [(case.id, "first"), (case.id, "before"), (case.id + 1000, "no such case"),
                          (case.id, "after")]:
        try:
            await log_view(case_id, viewer.id, what)
            outcomes.append(None)
        except IntegrityError as error:
            outcomes.append(error)
    assert outcomes[:2] == [None, None] and outcomes[3] is None
    assert isinstance(outcomes[2], IntegrityError)
    assert await CaseView.filter(case_id=case.id).order_by("id").values_list("what", flat=True) == [
        "first", "before", "after"]


async def test_inside_a_transaction_the_view_goes_with_it(app):
    case = await _case()
    viewer = await someone("Sam", "sam@example.org")
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await log_view(case.id, viewer.id, "rolled back")
            raise RuntimeError("the action failed")
    async with in_transaction():
        await log_view(case.id, viewer.id, "kept")
    assert await CaseView.filter(case_id=case.id).values_list("what", flat=True) == ["kept"]
