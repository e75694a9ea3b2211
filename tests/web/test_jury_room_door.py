"""The jury room's door (one query deciding who may enter and which version is there): a live poll
answered with 304 from it alone still turns away everyone the full page turns away, even one who
sends an ETag that was right a moment ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import SeatStatus
from jurycourt.models import Case, CaseGuardian, Deliberation, Hearing, Seat
from tests.web.helpers import post_form, sign_in
from tests.web.members import other_program_coordinator, person_id
from tests.web.room_helpers import room_on_hearing_day

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _etag(client, entry, login: str = "juror") -> str:
    await sign_in(client, login)
    live = await client.get(f"/room/{entry.id}/live", headers=HX)
    assert live.status_code == 200
    unchanged = await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": live.headers["etag"]})
    assert unchanged.status_code == 304
    return live.headers["etag"]


async def _turned_away(client, entry, etag: str, status: int = 404) -> bool:
    """Every way in answers ``status`` (404 to those who may not know the room exists; a seated
    juror is told the room is closed, 410, or not open yet, 200) with nothing of the room."""
    answers = [await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": etag}),
               await client.get(f"/room/{entry.id}/live", headers=HX), await client.get(f"/room/{entry.id}")]
    return {a.status_code for a in answers} == {status} and not any('id="room-live"' in a.text for a in answers)


async def test_a_juror_whose_seat_is_declined_is_turned_away(client, entry):
    etag = await _etag(client, entry)
    await Seat.filter(hearing_id=entry.hearing_id, person_id=await person_id("juror")).update(
        status=SeatStatus.DECLINED)
    assert await _turned_away(client, entry, etag)


async def test_a_juror_seated_on_another_hearing_is_turned_away(client, entry, demo):
    etag = await _etag(client, entry)
    other = await Hearing.create(program=demo, kind="jury_hearing", starts_at=datetime.now(UTC),
                                 ends_at=datetime.now(UTC) + timedelta(hours=1))
    await Seat.filter(hearing_id=entry.hearing_id, person_id=await person_id("juror")).update(hearing_id=other.id)
    assert await _turned_away(client, entry, etag)


async def test_a_sealed_room_turns_jurors_away_once_its_decided_view_is_over_but_not_coordinators(client, entry):
    await Deliberation.create(hearing_id=entry.hearing_id, case_id=entry.case_id)
    etag = await _etag(client, entry)
    await Deliberation.filter(hearing_id=entry.hearing_id).update(sealed_at=datetime.now(UTC) - timedelta(days=2))
    assert await _turned_away(client, entry, etag, 410)
    await _etag(client, entry, "coordinator")


async def test_a_sealed_case_turns_jurors_away(client, entry):
    etag = await _etag(client, entry)
    await Case.filter(id=entry.case_id).update(sealed_at=datetime.now(UTC))
    assert await _turned_away(client, entry, etag)


async def test_a_case_past_the_hearing_states_turns_jurors_away(client, entry):
    etag = await _etag(client, entry)
    await Case.filter(id=entry.case_id).update(state=CaseState.MONITORING)
    assert await _turned_away(client, entry, etag, 410)


async def test_before_the_hearing_day_jurors_are_told_it_is_not_open_yet(client, entry):
    etag = await _etag(client, entry)
    later = datetime.now(UTC) + timedelta(days=3)
    await Hearing.filter(id=entry.hearing_id).update(starts_at=later, ends_at=later + timedelta(hours=2))
    assert await _turned_away(client, entry, etag, 200)


async def test_a_seated_juror_who_guards_the_respondent_is_turned_away(client, entry):
    etag = await _etag(client, entry)
    await CaseGuardian.create(case_id=entry.case_id, person_id=await person_id("juror"))
    assert await _turned_away(client, entry, etag)


async def test_a_coordinator_of_another_program_is_turned_away(client, entry):
    etag = await _etag(client, entry, "coordinator")
    await other_program_coordinator()
    await sign_in(client, "elsewhere")
    assert await _turned_away(client, entry, etag)


async def test_someone_signed_out_is_turned_away(client, entry):
    etag = await _etag(client, entry)
    await post_form(client, "/logout")
    assert (await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": etag})).status_code == 401


async def test_a_room_that_does_not_exist_is_not_found(client, entry):
    await sign_in(client, "coordinator")
    assert (await client.get("/room/999999/live", headers={**HX, "If-None-Match": '"x"'})).status_code == 404
