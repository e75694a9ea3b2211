"""Every answer that shows a case's brief leaves a view of the case in the log, whichever URL gave it."""

from __future__ import annotations

import pytest

from jurycourt.models import CaseView
from tests.web.cases_helpers import SUMMARY
from tests.web.helpers import post_form, sign_in
from tests.web.members import person_id
from tests.web.room_helpers import room_on_hearing_day
from tests.web.test_jury_room import HX


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _views(case_id: int, login: str) -> int:
    return await CaseView.filter(case_id=case_id, viewer_id=await person_id(login)).count()


def _shows_brief(response) -> bool:
    return SUMMARY in response.text  # the brief's facts (coordinators see them in the full file too)


async def test_every_answer_that_shows_the_brief_is_logged_as_a_view_of_the_case(client, entry):
    asks = {
        "the case page": lambda: client.get(f"/cases/{entry.case_id}"),
        "the jury room": lambda: client.get(f"/room/{entry.id}"),
        "the room's live part without htmx": lambda: client.get(f"/room/{entry.id}/live"),
        "a refused statement without htmx": lambda: post_form(client, f"/room/{entry.id}/statements", {"body": ""}),
    }
    for login in ("juror", "coordinator"):
        await sign_in(client, login)
        for what, ask in asks.items():
            before = await _views(entry.case_id, login)
            response = await ask()
            assert response.status_code in (200, 400, 422), (login, what, response.status_code)
            assert _shows_brief(response), (login, what)
            assert await _views(entry.case_id, login) == before + 1, (login, what)


async def test_the_live_part_polled_with_htmx_shows_no_brief(client, entry):
    await sign_in(client, "juror")
    response = await client.get(f"/room/{entry.id}/live", headers=HX)
    assert response.status_code == 200
    assert not _shows_brief(response) and "Tanya" not in response.text
