"""The jury room's page and live poll cost the same number of queries with 20 or 200 statements
(the benchmark's rooms, made by tests/bench/jury_room.py)."""

from __future__ import annotations

from tests.bench.jury_room import HX, seed_room
from tests.web.helpers import sign_in
from tests.web.query_count import queries


async def test_the_room_page_and_its_live_poll_cost_the_same_queries_with_20_or_200_statements(client, demo):
    rooms = {n: await seed_room(n) for n in (20, 200)}
    await sign_in(client, "juror")
    counts: dict[str, list[int]] = {"page": [], "live": [], "304": []}
    for size, entry in rooms.items():
        n, page = await queries(client, f"/room/{entry}")
        counts["page"].append(n)
        n, live = await queries(client, f"/room/{entry}/live", HX)
        counts["live"].append(n)
        n, unchanged = await queries(client, f"/room/{entry}/live", {**HX, "If-None-Match": live.headers["etag"]})
        counts["304"].append(n)
        assert page.status_code == live.status_code == 200 and unchanged.status_code == 304
        assert live.text.count('class="statement"') == size
    assert all(long <= short for short, long in counts.values()), counts  # at most: flat in data size
    assert counts["304"][0] < counts["live"][0]
