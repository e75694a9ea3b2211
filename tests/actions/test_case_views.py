"""The case-view log commits views together (group commit) and loses none: every view is on record,
in the order it was made, before the request that made it goes on; a view that cannot be written
fails alone; inside a transaction a view is written (or rolled back) with the rest of it."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt.actions import case_views
from jurycourt.actions.case_views import log_view
from jurycourt.domain.cases import CaseState
from jurycourt.models import Case, CaseView
from tests.duties import court, someone


async def _case() -> Case:
    program = await court()
    respondent = await someone("Dana", "dana@example.org")
    return await Case.create(program=program, respondent=respondent, state=CaseState.REFERRED, agency="police",
                             referral_date=date(2026, 11, 2), offence_category="shoplifting", summary="A charger.")


@pytest.fixture
def batches(monkeypatch) -> list[int]:
    """The number of views in every INSERT the log makes."""
    sizes: list[int] = []
    written = case_views._written

    async def counted(rows):
        sizes.append(len(rows))
        return await written(rows)

    monkeypatch.setattr(case_views, "_written", counted)
    return sizes


async def test_views_made_at_once_share_commits_and_all_land_in_order(app, batches):
    case = await _case()
    viewers = [await someone(f"J{n}", f"j{n}@example.org") for n in range(30)]

    async def view(n: int) -> int:
        await log_view(case.id, viewers[n].id, f"room:juror:{n}")
        # on record by the time the request goes on
        assert await CaseView.filter(case_id=case.id, what=f"room:juror:{n}").exists()
        return n

    assert await asyncio.gather(*(view(n) for n in range(30))) == list(range(30))
    logged = await CaseView.filter(case_id=case.id).order_by("id").values_list("what", "viewer_id")
    assert logged == [(f"room:juror:{n}", viewers[n].id) for n in range(30)]
    assert sum(batches) == 30
    assert len(batches) < 30 and max(batches) > 1


async def test_a_view_that_cannot_be_written_fails_alone(app, batches):
    case = await _case()
    viewer = await someone("Kai", "kai@example.org")
    outcomes = await asyncio.gather(
        log_view(case.id, viewer.id, "first"),
        log_view(case.id, viewer.id, "before"),
        log_view(case.id + 1000, viewer.id, "no such case"),
        log_view(case.id, viewer.id, "after"),
        return_exceptions=True)
    assert outcomes[:2] == [None, None] and outcomes[3] is None
    assert isinstance(outcomes[2], IntegrityError)
    assert await CaseView.filter(case_id=case.id).order_by("id").values_list("what", flat=True) == [
        "first", "before", "after"]
    assert batches == [4, 1, 1, 1, 1]  # the batch was refused whole, then each view tried alone


async def test_a_request_that_goes_away_still_leaves_its_view(app):
    case = await _case()
    viewer = await someone("Lee", "lee@example.org")
    first = asyncio.create_task(log_view(case.id, viewer.id, "stays"))
    second = asyncio.create_task(log_view(case.id, viewer.id, "gone away"))
    await asyncio.sleep(0)
    second.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await second
    queue = case_views._queues[asyncio.get_running_loop()]
    await queue.writer
    assert await CaseView.filter(case_id=case.id).order_by("id").values_list("what", flat=True) == [
        "stays", "gone away"]


async def test_inside_a_transaction_the_view_goes_with_it(app, batches):
    case = await _case()
    viewer = await someone("Sam", "sam@example.org")
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await log_view(case.id, viewer.id, "rolled back")
            raise RuntimeError("the action failed")
    async with in_transaction():
        await log_view(case.id, viewer.id, "kept")
    assert await CaseView.filter(case_id=case.id).values_list("what", flat=True) == ["kept"]
