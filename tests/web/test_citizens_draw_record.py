"""A citizens' panel draw is committed to the software that will run it."""

from __future__ import annotations

import random
import re

import httpx
import pytest

from jurycourt.domain.citizens_panels import DrawStatus
from jurycourt.draw_worker import work
from jurycourt.models import Draw, Panel
from tests.web.helpers import Page, post_form, sign_in

CATEGORIES = "Age band: 16-29, 30-44, 45+\nGender: Woman, Man"


@pytest.fixture
def started(monkeypatch) -> list[int]:
    """Draws the pages queued; the test runs the worker in-process instead of a separate process."""
    queued: list[int] = []
    monkeypatch.setattr("jurycourt.web.views.citizens_draws.start_worker",
                        lambda request, draw_id: queued.append(draw_id))
    return queued


def _public(client: httpx.AsyncClient) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=client._transport, base_url="http://testserver")


async def _charter(client) -> int:
    response = await post_form(client, "/panels/citizens/new", {
        "title": "Parks panel", "question": "How should the parks be run?", "size": "6", "reserves": "2",
        "algorithm": "maximin", "categories": CATEGORIES, "privacy_notice": "We erase your data."})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def _import(client, panel_id: int, n: int = 30) -> None:
    rng = random.Random(5)
    rows = ["reference,name,contact,address,Age band,Gender"]
    for i in range(n):  # the first ten share five homes
        rows.append(f"R{i},Person Number{i},p{i}@example.org,{i // 2 if i < 10 else i} Elm Road,"
                    f"{rng.choice(['16-29', '30-44', '45+'])},{['Woman', 'Man'][i % 2]}")
    response = await post_form(client, f"/panels/citizens/{panel_id}/import",
                               files={"file": ("pool.csv", ("\n".join(rows) + "\n").encode(), "text/csv")})
    assert response.status_code == 303, response.text


async def _committed(client, started) -> tuple[int, str]:
    """A panel of 6 from 30 volunteers, checked by the library and committed; returns it and the commitment
    as its public page shows it."""
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    await _import(client, panel_id)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/check")).status_code == 303
    assert await work(started[-1])
    assert (await post_form(client, f"/panels/citizens/{panel_id}/commit")).status_code == 303
    async with _public(client) as public:
        page = Page((await public.get(f"/panels/citizens/{panel_id}")).text)
    commitment = page.ids["commitment"] and re.search(r"\b[0-9a-f]{64}\b", page.text).group(0)
    return panel_id, commitment


async def test_a_draw_is_refused_when_the_software_changed_since_the_commitment(client, demo, started, monkeypatch):
    panel_id, _ = await _committed(client, started)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": "1 2"})).status_code == 303
    monkeypatch.setattr("jurycourt.draw_worker.library_versions", lambda: {"sortition-algorithms": "99.0"})
    assert not await work(started[-1])
    draw = await Draw.get(id=started[-1])
    assert draw.status == DrawStatus.FAILED and "software changed" in draw.message
    assert (await Panel.get(id=panel_id)).status == "committed"
    # Once the commitment is withdrawn, that draw cannot be run again under the old one.
    assert (await post_form(client, f"/panels/citizens/{panel_id}/reopen")).status_code == 303
    refused = await post_form(client, f"/panels/citizens/{panel_id}/draws/{draw.id}/rerun")
    assert refused.status_code == 400 and "commitment has changed" in refused.text
