"""Finding tonight's room: a coordinator reaches every room from the hearing's page, a juror from
the card that leads their own page."""

from __future__ import annotations

import pytest

from tests.web.helpers import Page, sign_in
from tests.web.room_helpers import room_on_hearing_day


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def test_a_hearings_page_lists_its_docket_with_a_link_to_each_cases_room_for_coordinators(client, entry):
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/hearings/{entry.hearing_id}")).text)
    assert f"/room/{entry.id}" in page.links and f"/cases/{entry.case_id}" in page.links
    assert f"Case #{entry.case_id}" in page.text and "jury room: preparing questions" in page.text
    await sign_in(client, "juror")
    assert (await client.get(f"/hearings/{entry.hearing_id}")).status_code == 404


async def test_a_jurors_page_leads_with_tonights_room_its_time_place_and_role(client, entry):
    await sign_in(client, "juror")
    page = Page((await client.get("/me")).text)
    card = page.ids[f"my-room-{entry.id}"]
    assert card["tag"] == "li"
    text = page.text
    assert text.index("Tonight") < text.index("My roles")
    assert "Open the jury room" in text and f"Case #{entry.case_id}" in text and "Juror" in text
    assert f"/room/{entry.id}" in page.links and f"/cases/{entry.case_id}" in page.links


async def test_a_waiting_room_shows_its_hearings_time_and_place(client, entry):
    from jurycourt.models import Hearing, Room

    hearing = await Hearing.get(id=entry.hearing_id)
    await Hearing.filter(id=hearing.id).update(room_id=(await Room.filter(name="Courtroom 2").first()).id)
    await sign_in(client, "juror")
    line = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "Courtroom 2" in line and "prepare your questions" in line
