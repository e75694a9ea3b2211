"""Throttles hold under parallel requests: of N attempts sent at once, exactly the allowed number are
heard (a password checked, a code tried, a link looked up, a form taken) and the rest get 429.

The requests go through the whole app at once (asyncio.gather); on PostgreSQL their transactions
really run side by side. The clock is frozen, so no wait runs out in the middle of a burst.
"""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from jurycourt.auth import passwords
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.throttle import PUBLIC_FORM, SIGN_IN_ADDRESS, SIGN_IN_LOGIN
from jurycourt.models import AuditEvent, Panel, Throttle, Volunteer
from tests.web.helpers import Page, csrf_token, post_form, sign_in
from tests.web.two_factor_helpers import enrol


@pytest.fixture(autouse=True)
def frozen_clock(fixed_clock):
    return fixed_clock


async def burst(client: httpx.AsyncClient, path: str, forms: list[dict[str, str]]) -> list[int]:
    """POST every form at once (with this client's CSRF token); the statuses, in order."""
    token = await csrf_token(client)
    answers = await asyncio.gather(*(client.post(path, data={"csrf_token": token, **form}) for form in forms))
    assert all(answer.status_code != 429 or answer.headers.get("retry-after") for answer in answers)
    return [answer.status_code for answer in answers]


async def test_twenty_parallel_wrong_passwords_for_one_login_check_exactly_five(client, demo):
    statuses = await burst(client, "/login", [{"login": "juror", "password": f"guess {n}"} for n in range(20)])

    assert statuses.count(400) == SIGN_IN_LOGIN.free == 5
    assert statuses.count(429) == 15
    assert await AuditEvent.filter(action="signin.failed").count() == 5


async def test_forty_parallel_wrong_sign_ins_from_one_address_check_exactly_thirty(client, demo):
    forms = [{"login": f"nobody{n}", "password": "guess"} for n in range(40)]  # one try per login

    statuses = await burst(client, "/login", forms)

    assert statuses.count(400) == SIGN_IN_ADDRESS.free == 30
    assert statuses.count(429) == 10
    assert await AuditEvent.filter(action="signin.failed").count() == 30


async def test_the_right_password_after_a_refused_burst_still_waits_its_turn(client, demo):
    await burst(client, "/login", [{"login": "juror", "password": f"guess {n}"} for n in range(20)])

    right = await post_form(client, "/login", {"login": "juror", "password": DEMO_PASSWORD})

    assert right.status_code == 429


async def test_twenty_parallel_wrong_codes_are_checked_only_as_often_as_the_login_allows(client, demo):
    await sign_in(client, "juror")
    await enrol(client)
    await post_form(client, "/logout")
    assert (await post_form(client, "/login", {"login": "juror", "password": DEMO_PASSWORD})).status_code == 303

    statuses = await burst(client, "/login/code", [{"code": f"{n:06d}"} for n in range(20)])

    # The right password was the login's first attempt of the window; the codes share its count.
    assert statuses.count(400) == SIGN_IN_LOGIN.free - 1
    assert statuses.count(429) == 20 - (SIGN_IN_LOGIN.free - 1)
    assert await AuditEvent.filter(action="signin.failed").count() == SIGN_IN_LOGIN.free - 1


async def test_forty_parallel_guesses_at_invitation_links_look_up_exactly_thirty(client, demo):
    form = {"login": "guesser", "password": "a long enough passphrase", "confirm": "a long enough passphrase"}
    token = await csrf_token(client)
    answers = await asyncio.gather(*(client.post(f"/welcome/guess-{n}", data={"csrf_token": token, **form})
                                     for n in range(40)))
    statuses = [answer.status_code for answer in answers]

    assert statuses.count(410) == SIGN_IN_ADDRESS.free
    assert statuses.count(429) == 10


async def test_fifty_parallel_volunteer_forms_from_one_address_take_exactly_thirty(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await Panel.filter(id=panel.id).update(status="recruiting")
    before = await Volunteer.filter(panel_id=panel.id).count()
    forms = [{"name": f"Flood Person{n}", "contact": f"flood{n}@example.org", "address": f"{n} Flood Road",
              "c0": "45-64", "c1": "Woman", "c2": "Riverside", "consent": "yes"} for n in range(50)]

    statuses = await burst(client, f"/panels/citizens/{panel.id}/volunteer", forms)

    assert statuses.count(200) == PUBLIC_FORM.free == 30
    assert statuses.count(429) == 20
    assert await Volunteer.filter(panel_id=panel.id).count() - before == 30


async def test_a_sign_in_turned_away_while_hashing_is_busy_gets_429_and_costs_no_attempt(app, client, demo,
                                                                                         monkeypatch):
    monkeypatch.setattr(passwords, "BUSY_WAIT_SECONDS", 0)
    hasher = app.state.hasher
    release, started = threading.Event(), threading.Event()

    def held() -> None:
        started.set()
        release.wait(30)

    busy = [asyncio.create_task(hasher.run(held)) for _ in range(hasher.at_once)]
    await asyncio.to_thread(started.wait, 30)
    try:
        response = await post_form(client, "/login", {"login": "juror", "password": DEMO_PASSWORD})
    finally:
        release.set()
        await asyncio.gather(*busy)

    assert response.status_code == 429 and response.headers["retry-after"]
    assert "Many people are signing in" in Page(response.text).text
    assert [row.attempts for row in await Throttle.all()] in ([], [0, 0])
    assert (await post_form(client, "/login", {"login": "juror", "password": DEMO_PASSWORD})).status_code == 303
