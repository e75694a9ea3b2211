"""What a session costs each signed-in request: one read, and a write at most once a minute,
with idle and absolute expiry still exact and the roles still those of active memberships."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.auth.sessions import TOUCH_EVERY
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import Account, Membership, WebSession
from tests.databases import settings_for
from tests.web.helpers import sign_in


@pytest.fixture
def settings(database_url: str):
    return settings_for(database_url, query_count_header=1)


async def queries(client, url: str = "/healthz") -> int:
    response = await client.get(url)
    assert response.status_code == 200
    return int(response.headers["x-query-count"])


async def last_seen(login: str) -> datetime:
    return (await WebSession.get(account__login=login)).last_seen_at


async def test_a_signed_in_request_reads_its_session_in_one_query(client, demo):
    anonymous = await queries(client)  # /healthz itself: SELECT 1
    await sign_in(client, "coordinator")
    assert await queries(client) <= anonymous + 1  # at most one query for the session


async def test_a_session_seen_less_than_a_minute_ago_is_not_written_again(client, demo):
    await sign_in(client, "juror")
    before = await last_seen("juror")
    first = await queries(client)
    assert await queries(client) <= first
    assert await last_seen("juror") == before


async def test_a_session_seen_a_minute_ago_is_touched_by_one_write(client, demo):
    await sign_in(client, "juror")
    quiet = await queries(client)
    stale = datetime.now(UTC) - TOUCH_EVERY - timedelta(seconds=1)
    await WebSession.filter(account__login="juror").update(last_seen_at=stale)
    assert await queries(client) <= quiet + 1  # at most the one write (last_seen shows it was made)
    assert await last_seen("juror") > stale + TOUCH_EVERY
    assert await queries(client) <= quiet


async def test_idle_expiry_is_exact_to_the_second(client, demo, settings):
    await sign_in(client, "juror")
    idle = timedelta(minutes=settings.session_idle_minutes)
    await WebSession.filter(account__login="juror").update(last_seen_at=datetime.now(UTC) - idle + timedelta(seconds=5))
    assert (await client.get("/me")).status_code == 200
    await WebSession.filter(account__login="juror").update(last_seen_at=datetime.now(UTC) - idle)
    assert (await client.get("/me")).status_code == 303
    assert not await WebSession.exists(account__login="juror")


async def test_absolute_expiry_is_exact_to_the_second(client, demo):
    await sign_in(client, "juror")
    await WebSession.filter(account__login="juror").update(expires_at=datetime.now(UTC) + timedelta(seconds=5))
    assert (await client.get("/me")).status_code == 200
    await WebSession.filter(account__login="juror").update(expires_at=datetime.now(UTC))
    assert (await client.get("/me")).status_code == 303
    assert not await WebSession.exists(account__login="juror")


async def test_a_deactivated_account_is_signed_out_at_its_next_request(client, demo):
    await sign_in(client, "juror")
    await Account.filter(login="juror").update(is_active=False)
    assert (await client.get("/me")).status_code == 303
    assert not await WebSession.exists(account__login="juror")


async def test_only_active_memberships_give_roles(client, demo):
    await sign_in(client, "coordinator")
    assert (await client.get("/people")).status_code == 200
    person_id = (await Account.get(login="coordinator")).person_id
    await Membership.filter(person_id=person_id, role=Role.COORDINATOR).update(status=MembershipStatus.INACTIVE)
    assert (await client.get("/people")).status_code in (403, 404)


async def test_someone_with_no_membership_is_still_signed_in(client, demo):
    await sign_in(client, "juror")
    person_id = (await Account.get(login="juror")).person_id
    await Membership.filter(person_id=person_id).update(status=MembershipStatus.INACTIVE)
    response = await client.get("/me")
    assert response.status_code == 200
