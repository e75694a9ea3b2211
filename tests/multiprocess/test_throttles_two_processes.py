"""Throttles count across processes: parallel attempts split between two `jurycourt serve` processes on
one PostgreSQL database are counted together, so exactly the allowed number are heard.

Only the per-address rules are used here (30, then a quarter of an hour's wait): a burst can't outlast
that wait, so the count can't depend on how fast the machine is. PostgreSQL is required: the test
fails (never skips) without it.
"""

from __future__ import annotations

import asyncio
import re

import httpx

from jurycourt.domain.throttle import SIGN_IN_ADDRESS
from tests.multiprocess.two_servers import Pair, two_servers

BURST = 40


async def _burst(pair: Pair, path: str, forms: list[dict[str, str]]) -> list[int]:
    """POST the forms at once, alternately to each process, from one browser (one cookie jar)."""
    async with httpx.AsyncClient(timeout=60) as http:
        page = await http.get(pair.a + "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answers = await asyncio.gather(*(
            http.post((pair.a, pair.b)[n % 2] + path, data={"csrf_token": token, **form})
            for n, form in enumerate(forms)))
    return [answer.status_code for answer in answers]


def test_parallel_wrong_sign_ins_through_two_processes_are_heard_exactly_thirty_times(tmp_path):
    with two_servers(tmp_path) as pair:
        statuses = asyncio.run(_burst(pair, "/login", [{"login": f"nobody{n}", "password": "wrong"}
                                                       for n in range(BURST)]))
        guesses = asyncio.run(_burst(pair, "/welcome/guessed-token", [
            {"login": "guesser", "password": "a long enough passphrase", "confirm": "a long enough passphrase"}
            for _ in range(BURST)]))

    assert statuses.count(400) == SIGN_IN_ADDRESS.free and statuses.count(429) == BURST - SIGN_IN_ADDRESS.free
    assert guesses.count(410) == SIGN_IN_ADDRESS.free and guesses.count(429) == BURST - SIGN_IN_ADDRESS.free
