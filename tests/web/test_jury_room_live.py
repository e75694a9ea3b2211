"""The jury room under load: jurors posting at once, and the live part's cost per poll."""

from __future__ import annotations

import asyncio

import httpx

from jurycourt.models import Deliberation, Statement
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.query_count import queries
from tests.web.room_helpers import JURY, room_on_hearing_day
from tests.web.test_jury_room import HX

PER_JUROR = 6


async def _client(app, login: str) -> httpx.AsyncClient:
    http = client_for(app, address=("127.0.0.1", 50000))
    await sign_in(http, login)
    return http


async def _deliberating(app, demo):
    entry = await room_on_hearing_day(demo)
    lead = await _client(app, "foreperson")
    for _ in range(2):
        opened = await post_form(lead, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
        assert opened.status_code == 303
    await lead.aclose()
    return entry


async def test_jurors_posting_at_once_lose_nothing_duplicate_nothing_and_keep_one_order(app, demo):
    entry = await _deliberating(app, demo)
    clients = {login: await _client(app, login) for login in JURY}
    try:
        posts = [post_form(http, f"/room/{entry.id}/statements", {"body": f"{login} point {n}"})
                 for n in range(PER_JUROR) for login, http in clients.items()]
        answers = await asyncio.gather(*posts)
        assert [a.status_code for a in answers] == [303] * len(posts)
        bodies = [s.body for s in await Statement.filter(  # this room's (the demo's rooms have their own)
            thread__topic="deliberation", thread__topic_id=(await Deliberation.get(case_id=entry.case_id)).id
        ).order_by("id")]
        expected = {f"{login} point {n}" for login in JURY for n in range(PER_JUROR)}
        assert sorted(bodies) == sorted(expected) and len(bodies) == len(expected)
        # The room's record (what follows it are each juror's own forms: the foreperson leads).
        answers = [(await http.get(f"/room/{entry.id}/live", headers=HX)).text for http in clients.values()]
        views = [Page(html.split('aria-labelledby="act-title"')[0]).text for html in answers]
        assert all(v == views[0] for v in views)
        positions = [views[0].index(b) for b in bodies]
        assert positions == sorted(positions)
    finally:
        for http in clients.values():
            await http.aclose()


async def test_a_live_poll_costs_the_same_few_queries_however_long_the_thread(app, demo):
    entry = await _deliberating(app, demo)
    http = await _client(app, "juror")
    url = f"/room/{entry.id}/live"
    try:
        await post_form(http, f"/room/{entry.id}/statements", {"body": "First."})
        short, first = await queries(http, url, HX)
        unchanged, not_modified = await queries(http, url, {**HX, "If-None-Match": first.headers["etag"]})
        for n in range(15):
            await post_form(http, f"/room/{entry.id}/statements", {"body": f"More {n}."})
        long, _ = await queries(http, url, HX)
    finally:
        await http.aclose()
    assert not_modified.status_code == 304
    assert long <= short, "a live poll must not cost a query per statement"
    assert unchanged < short


async def test_every_juror_reads_the_room_for_themselves_and_a_write_shows_at_once(app, demo):
    entry = await _deliberating(app, demo)
    one, two = await _client(app, "juror"), await _client(app, "juror2")
    url = f"/room/{entry.id}/live"
    try:
        await post_form(one, f"/room/{entry.id}/statements", {"body": "Shared once."})
        first, seen_by_one = await queries(one, url, HX)
        second, seen_by_two = await queries(two, url, HX)
        assert second >= first  # nothing read for one juror is kept for another: the second reads as much
        assert "Shared once." in seen_by_one.text and "Shared once." in seen_by_two.text
        await post_form(two, f"/room/{entry.id}/statements", {"body": "Then a reply."})
        after = await one.get(url, headers={**HX, "If-None-Match": seen_by_one.headers["etag"]})
        assert after.status_code == 200 and "Then a reply." in after.text
    finally:
        await one.aclose()
        await two.aclose()


async def test_seating_another_juror_changes_the_rooms_etag(app, demo):
    from jurycourt.domain.hearings import SeatStatus
    from jurycourt.domain.seating import SeatRole
    from jurycourt.models import Seat
    from tests.web.members import new_member

    entry = await _deliberating(app, demo)
    http = await _client(app, "juror")
    try:
        before = await http.get(f"/room/{entry.id}/live", headers=HX)
        person = await new_member(demo, "juror", "Late", "Arrival")
        await Seat.create(hearing_id=entry.hearing_id, person_id=person.id, role=SeatRole.JUROR,
                          status=SeatStatus.ACCEPTED)
        after = await http.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": before.headers["etag"]})
    finally:
        await http.aclose()
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]


async def test_each_juror_gets_a_rendering_of_their_own_with_their_own_token(app, demo):
    entry = await _deliberating(app, demo)
    env = app.state.templates
    rendered: list[str] = []
    get_template = env.get_template

    def counting(name, *args, **kwargs):
        rendered.append(name)
        return get_template(name, *args, **kwargs)

    env.get_template = counting
    one, two, lead = await _client(app, "juror"), await _client(app, "juror2"), await _client(app, "foreperson")
    url = f"/room/{entry.id}"
    try:
        await post_form(one, f"{url}/statements", {"body": "Forty hours is a lot."})
        rendered.clear()
        first, second = (await one.get(url)).text, (await two.get(url)).text
        assert rendered.count("room/page.html") == 2  # no page is kept for another viewer
        token_one, token_two = Page(first).csrf, Page(second).csrf
        assert token_one and token_two and token_one != token_two
        assert token_two not in first and token_one not in second
        assert first.replace(token_one, "T") == second.replace(token_two, "T")
        assert "Forty hours is a lot." in second

        led = (await lead.get(url)).text  # the foreperson sees more
        assert rendered.count("room/page.html") == 3
        assert "Lead the room" in led and "Lead the room" not in first

        refused = await post_form(two, f"{url}/statements", {"body": "x" * 501})
        assert refused.status_code == 400 and "x" * 501 in refused.text and "That was not saved" in refused.text
        again = (await one.get(url)).text  # a refusal is shown to its sender alone
        assert "That was not saved" not in again and "x" * 501 not in again

        await post_form(two, f"{url}/statements", {"body": "Twenty feels fairer."})
        assert "Twenty feels fairer." in (await one.get(url)).text
    finally:
        env.get_template = get_template
        for http in (one, two, lead):
            await http.aclose()
