"""Sessions over HTTP: the cookie, idle and absolute expiry, password changes, throttling."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from argon2 import PasswordHasher

from jurycourt.clock import FixedClock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.throttle import ADDRESS_FREE_FAILURES, LOGIN_FREE_FAILURES
from jurycourt.models import Account, WebSession
from tests.web.helpers import Page, client_for, post_form, sign_in

NEW_PASSWORD = "river stones at dawn"


@contextlib.asynccontextmanager
async def browser(app, address: str = "127.0.0.2") -> AsyncIterator[httpx.AsyncClient]:
    """Another browser, on another machine, using the same app."""
    async with client_for(app, address=(address, 50001)) as http:
        yield http


async def juror_session() -> WebSession:
    return await WebSession.get(account__login="juror")


async def signed_out(client) -> bool:
    response = await client.get("/me")
    return response.status_code == 303 and response.headers["location"].startswith("/login")


# The cookie


async def test_the_cookie_holds_a_random_token_and_the_database_only_its_digest(client, demo):
    response = await sign_in(client, "juror")
    token = client.cookies["jc_session"]
    session = await juror_session()
    assert len(token) >= 43
    assert session.id == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (session.id, str(session.account_id))
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


async def test_a_cookie_holding_the_stored_digest_is_not_a_session(client, demo):
    await sign_in(client, "juror")
    digest = (await juror_session()).id
    client.cookies.clear()
    client.cookies.set("jc_session", digest)
    assert await signed_out(client)


# Idle timeout and absolute lifetime


async def test_a_session_idle_for_longer_than_the_limit_ends(client, demo, settings):
    await sign_in(client, "juror")
    idle = timedelta(minutes=settings.session_idle_minutes)
    await WebSession.filter(account__login="juror").update(last_seen_at=datetime.now(UTC) - idle - timedelta(seconds=5))
    assert await signed_out(client)
    assert not await WebSession.exists(account__login="juror")


async def test_a_request_before_the_idle_limit_keeps_the_session_alive(client, demo, settings):
    await sign_in(client, "juror")
    almost = datetime.now(UTC) - timedelta(minutes=settings.session_idle_minutes) + timedelta(minutes=2)
    await WebSession.filter(account__login="juror").update(last_seen_at=almost)
    assert (await client.get("/me")).status_code == 200
    assert (await juror_session()).last_seen_at > almost + timedelta(minutes=1)


async def test_a_session_ends_at_its_absolute_lifetime_however_active(client, demo, settings):
    await sign_in(client, "juror")
    session = await juror_session()
    assert session.expires_at - session.created_at == timedelta(hours=settings.session_max_hours)
    await WebSession.filter(id=session.id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await signed_out(client)
    assert not await WebSession.exists(id=session.id)


# Changing the password


async def test_a_wrong_current_password_is_refused_beside_its_field(client, demo):
    await sign_in(client, "juror")
    before = (await Account.get(login="juror")).password_hash
    response = await post_form(client, "/me/password", {"current": "not my password",
                                                         "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-current"]["aria-invalid"] == "true"
    assert "not your current password" in page.text
    assert (await Account.get(login="juror")).password_hash == before


async def test_a_too_short_new_password_is_refused_beside_its_field(client, demo):
    await sign_in(client, "juror")
    response = await post_form(client, "/me/password", {"current": DEMO_PASSWORD,
                                                         "password": "short", "confirm": "short"})
    assert response.status_code == 400
    assert Page(response.text).ids["f-password"]["aria-invalid"] == "true"


async def test_changing_the_password_ends_other_sessions_and_keeps_this_one(client, app, demo):
    await sign_in(client, "juror")
    async with browser(app) as phone:
        await sign_in(phone, "juror")
        response = await post_form(client, "/me/password", {"current": DEMO_PASSWORD,
                                                             "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert response.status_code == 303
        assert response.headers["location"] == "/me?done=password"
        me = await client.get(response.headers["location"])
        assert me.status_code == 200 and "Your password has been changed" in Page(me.text).text
        assert await signed_out(phone)
        old = await post_form(phone, "/login", {"login": "juror", "password": DEMO_PASSWORD})
        assert old.status_code == 400
        await sign_in(phone, "juror", NEW_PASSWORD)


async def test_a_password_hashed_with_other_parameters_is_rehashed_at_sign_in(client, app, demo):
    hasher: PasswordHasher = app.state.hasher
    other = PasswordHasher(time_cost=hasher.time_cost + 1, memory_cost=hasher.memory_cost * 2,
                           parallelism=1, hash_len=16, salt_len=16)
    old_hash = other.hash(DEMO_PASSWORD)
    assert hasher.check_needs_rehash(old_hash)
    await Account.filter(login="juror").update(password_hash=old_hash)
    await sign_in(client, "juror")
    stored = (await Account.get(login="juror")).password_hash
    assert stored != old_hash
    assert hasher.verify(stored, DEMO_PASSWORD)
    assert not hasher.check_needs_rehash(stored)


# Throttling (with a clock the test moves, so no real waiting)


@pytest.fixture
def clock(fixed_clock) -> FixedClock:
    return fixed_clock


async def attempt(client, login: str, password: str) -> httpx.Response:
    return await post_form(client, "/login", {"login": login, "password": password})


async def test_after_five_failures_even_the_right_password_waits_with_retry_after(client, demo, clock):
    statuses = [(await attempt(client, "juror", "wrong password")).status_code for _ in range(LOGIN_FREE_FAILURES)]
    assert statuses == [400] * LOGIN_FREE_FAILURES
    blocked = await attempt(client, "juror", DEMO_PASSWORD)
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    assert "Too many attempts" in Page(blocked.text).text
    assert not await WebSession.exists(account__login="juror")
    clock.advance(60)
    assert (await attempt(client, "juror", DEMO_PASSWORD)).status_code == 303


async def test_unknown_logins_are_throttled_like_known_ones(client, demo, clock):
    async def statuses(login: str) -> list[tuple[int, str | None]]:
        results = []
        for _ in range(LOGIN_FREE_FAILURES + 1):
            response = await attempt(client, login, "wrong password")
            results.append((response.status_code, response.headers.get("retry-after")))
        return results

    known, unknown = await statuses("juror"), await statuses("nobody-here")
    assert known == unknown
    assert known[-1][0] == 429


async def test_an_attacker_keeps_a_victims_login_closed_for_a_minute_at_most(client, app, demo, clock):
    async with browser(app, "10.6.6.6") as attacker:
        waits = []
        for _ in range(20):
            response = await attempt(attacker, "juror", "guess")
            if response.status_code == 429:
                waits.append(int(response.headers["retry-after"]))
                clock.advance(waits[-1])
    assert waits and max(waits) == 60
    assert all(0 < wait <= 60 for wait in waits)
    clock.advance(60)
    await sign_in(client, "juror")


async def test_an_address_is_blocked_after_thirty_failures_whatever_the_logins(client, app, demo, clock):
    async with browser(app, "10.6.6.7") as attacker:
        for n in range(ADDRESS_FREE_FAILURES):
            assert (await attempt(attacker, f"guess-{n}", "guess")).status_code == 400
        blocked = await attempt(attacker, "coordinator", DEMO_PASSWORD)
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 60
    await sign_in(client, "coordinator")  # from another address, unaffected
