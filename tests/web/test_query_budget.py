"""The number of queries the busiest signed-in requests may cost at most (read from the X-Query-Count
header): a change that adds one past the budget fails here, and then either it is worth it and the
budget below is raised on purpose, or it is folded into an existing query. None of them may grow
with the data. A change that saves one passes; lower the budget with it.

The session costs one of each (jurycourt.auth.sessions).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.models import Seat
from tests.databases import settings_for
from tests.web.helpers import post_form, sign_in
from tests.web.room_helpers import room_on_hearing_day

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}

#: (login, path, headers) → most queries. Lower them when a change saves one; raise them only on purpose.
BUDGET = {
    # One more than a single query: the program-wide counts are a query of their own, which a
    # server keeps as a snapshot (tests recompute snapshots on every request). The "Tonight" card
    # of the person's jury rooms is one query more (queries.my_rooms), for everyone.
    # + who is out of reach before their duty: 5, whatever their number; + the coordinator's day
    # (queries.coordinator_day): their programs, today's sessions, their filled seats, publications in review.
    # + community service past its deadline: the placements, and the hours served of those (2).
    "my page, coordinator": 25,
    "my page, juror": 9,
    "calendar month, coordinator": 4,  # + the seats filled of every session shown, in one query
    # The session, the door, the entry, the deliberation with its thread, the view's record, the
    # questions, proposals, supports and statements.
    # While the jury deliberates and votes, one more: the person harmed's impact statement (queries.harmed).
    "jury room page, juror": 11,  # the past dispositions for the offence (one frozen row)
    # Read for each request (nothing is kept per viewer): the session, the door, the entry, the
    # deliberation with its thread, the questions, proposals, supports and statements.
    "jury room live 200, juror": 9,  # and the impact statement while the jury deliberates and votes
    "jury room live 304, juror": 2,
}


@pytest.fixture
def settings(database_url: str):
    return settings_for(database_url, query_count_header=1)


async def _count(client, url: str, headers: dict | None = None, status: int = 200) -> int:
    response = await client.get(url, headers=headers or {})
    assert response.status_code == status, url
    return int(response.headers["x-query-count"])


async def _deliberating(client, demo):
    entry = await room_on_hearing_day(demo)
    # A declined seat at a coming hearing: the to-do then works out who could take it.
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    coming = await Seat.filter(hearing__program_id=demo.id, hearing__starts_at__gt=tomorrow,
                               hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED]).first()
    assert coming is not None, "the demo has seats at coming hearings"
    await Seat.filter(id=coming.id).update(status=SeatStatus.DECLINED)
    await sign_in(client, "foreperson")
    for _ in range(2):
        opened = await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
        assert opened.status_code == 303
    return entry


async def _measure(client, entry) -> dict[str, int]:
    counts = {}
    await sign_in(client, "coordinator")
    counts["my page, coordinator"] = await _count(client, "/me")
    counts["calendar month, coordinator"] = await _count(client, "/calendar?view=month")
    await sign_in(client, "juror")
    counts["my page, juror"] = await _count(client, "/me")
    counts["jury room page, juror"] = await _count(client, f"/room/{entry.id}")
    live = await client.get(f"/room/{entry.id}/live", headers=HX)
    counts["jury room live 200, juror"] = int(live.headers["x-query-count"])
    counts["jury room live 304, juror"] = await _count(
        client, f"/room/{entry.id}/live", {**HX, "If-None-Match": live.headers["etag"]}, 304)
    return counts


def over_budget(counts: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The requests that cost more than their budget: (queries, budget)."""
    assert counts.keys() == BUDGET.keys()
    return {name: (n, BUDGET[name]) for name, n in counts.items() if n > BUDGET[name]}


async def test_the_busiest_signed_in_requests_keep_to_their_query_budget(client, demo):
    entry = await _deliberating(client, demo)
    await sign_in(client, "juror")
    for n in range(3):
        await post_form(client, f"/room/{entry.id}/statements", {"body": f"Point {n}."})
    assert not over_budget(await _measure(client, entry))


async def test_the_budget_holds_with_ten_times_the_statements(client, demo):
    entry = await _deliberating(client, demo)
    await sign_in(client, "juror")
    for n in range(30):
        await post_form(client, f"/room/{entry.id}/statements", {"body": f"Point {n}."})
    assert not over_budget(await _measure(client, entry))
