"""The jury's brief shows the program's past dispositions for the same offence: frozen per quarter,
only for a category with at least 20 past cases, small counts hidden."""

from __future__ import annotations

from jurycourt.actions.figures import freeze_spread
from jurycourt.models import Case, PublishedFigures
from jurycourt.queries.outcomes import SPREAD_MEASURE
from tests.web.helpers import Page, sign_in
from tests.web.room_helpers import room_on_hearing_day


async def test_the_brief_shows_the_frozen_spread_of_the_offence_and_it_does_not_move_with_new_cases(client, demo):
    entry = await room_on_hearing_day(demo)
    case = await Case.get(id=entry.case_id)
    frozen = await PublishedFigures.get(program_id=demo.id, measure=SPREAD_MEASURE)
    assert case.offence_category in frozen.table, "the demo's history has 20 or more cases of this offence"
    await sign_in(client, "juror")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    cases = frozen.table[case.offence_category]["cases"]
    assert "What juries here decided before for this offence" in page.text
    assert f"{cases} past cases, up to the end of {frozen.period}" in page.text
    assert "Community service" in page.text
    # New cases change nothing until the next quarter is frozen: the same quarter is never recomputed.
    await Case.filter(program=demo, offence_category=case.offence_category).exclude(id=case.id).update(
        offence_category="other")
    assert not await freeze_spread(demo, frozen.closed_at.date())
    assert f"{cases} past cases" in Page((await client.get(f"/room/{entry.id}")).text).text


async def test_an_offence_with_too_few_past_cases_shows_no_spread(client, demo):
    entry = await room_on_hearing_day(demo)
    await Case.filter(id=entry.case_id).update(offence_category="arson")
    await sign_in(client, "juror")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "Case brief" in page.text and "What juries here decided before" not in page.text
