"""The coordinator's to-do list: program-wide counts from the snapshots, decisions waiting read live."""

from __future__ import annotations

import re

import pytest

from tests.databases import settings_for
from tests.web.helpers import Page, post_form, sign_in
from tests.web.test_service_proposals import URL, _details, _shown_key

WAITING = "Reward requests and service claims waiting for a decision"


@pytest.fixture
def settings(database_url: str):
    return settings_for(database_url, summary_max_age=3600)  # snapshots kept as a server keeps them


def _count(page_text: str, item: str) -> int:
    found = re.search(re.escape(item) + r"\s+(\d+)", page_text)
    return int(found.group(1)) if found else 0


async def test_a_new_service_claim_shows_on_the_coordinators_to_do_at_once(
        client, demo):
    await sign_in(client, "coordinator")
    before = Page((await client.get("/me")).text).text
    await sign_in(client, "juror")
    assert (await post_form(client, URL, _details(await _shown_key(client)))).status_code == 303
    await sign_in(client, "coordinator")
    after = Page((await client.get("/me")).text).text
    assert _count(after, WAITING) == _count(before, WAITING) + 1
