"""Reordering the shared questions: the foreperson or a coordinator, once questioning opens, and
concurrent moves never lose or repeat a place."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from jurycourt.models import Question
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import person_id
from tests.web.room_helpers import room_on_hearing_day


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _questions(entry, n: int) -> list[int]:
    juror = await person_id("juror")
    return [(await Question.create(case_id=entry.case_id, author_id=juror, body=f"Question {i}?", position=i,
                                   shared=True)).id for i in range(1, n + 1)]


async def _order(entry) -> list[int]:
    return [q.id for q in await Question.filter(case_id=entry.case_id).order_by("position", "id")]


async def _open_questioning(client, entry) -> None:
    await sign_in(client, "foreperson")
    assert (await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})).status_code == 303


async def test_the_foreperson_moves_a_question_up_and_down_and_the_page_shows_the_new_order(client, entry):
    ids = await _questions(entry, 3)
    await _open_questioning(client, entry)
    moved = await post_form(client, f"/room/{entry.id}/questions/{ids[2]}/move", {"direction": "up"})
    assert moved.status_code == 303
    assert await _order(entry) == [ids[0], ids[2], ids[1]]
    await post_form(client, f"/room/{entry.id}/questions/{ids[0]}/move", {"direction": "down"})
    assert await _order(entry) == [ids[2], ids[0], ids[1]]
    text = Page((await client.get(f"/room/{entry.id}")).text).text
    assert text.index("Question 3?") < text.index("Question 1?") < text.index("Question 2?")
    assert "move question 2 up" in text and "move question 2 down" in text


async def test_jurors_cannot_reorder_and_no_one_reorders_before_questioning_opens(client, entry):
    ids = await _questions(entry, 2)
    await sign_in(client, "foreperson")
    early = await post_form(client, f"/room/{entry.id}/questions/{ids[1]}/move", {"direction": "up"})
    assert early.status_code == 400 and "once questioning opens" in Page(early.text).text
    await _open_questioning(client, entry)
    await sign_in(client, "juror")
    refused = await post_form(client, f"/room/{entry.id}/questions/{ids[1]}/move", {"direction": "up"})
    assert refused.status_code == 400 and "Only the foreperson or a coordinator" in Page(refused.text).text
    assert "move question 2 up" not in refused.text
    assert await _order(entry) == ids


async def test_concurrent_moves_never_lose_or_repeat_a_place(app, client, entry):
    ids = await _questions(entry, 6)
    await _open_questioning(client, entry)
    clients = []
    for login in ("foreperson", "coordinator"):
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 50000)),
                                 base_url="http://testserver")
        await sign_in(http, login)
        clients.append(http)
    try:
        moves = [post_form(clients[n % 2], f"/room/{entry.id}/questions/{ids[n % 6]}/move",
                           {"direction": "up" if n % 3 else "down"}) for n in range(24)]
        answers = await asyncio.gather(*moves)
    finally:
        for http in clients:
            await http.aclose()
    assert [a.status_code for a in answers] == [303] * 24
    positions = sorted(q.position for q in await Question.filter(case_id=entry.case_id))
    assert positions == [1, 2, 3, 4, 5, 6]
    assert sorted(await _order(entry)) == sorted(ids)
