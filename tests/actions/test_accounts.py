"""Account actions against a real database: links, signing in, throttling, password changes."""

from __future__ import annotations

import asyncio

import pytest

from jurycourt.actions.accounts import (
    SignInRefused,
    change_password,
    issue_link,
    redeem_link,
    sign_in,
    usable_link,
)
from jurycourt.auth.sessions import roles_of, start_session
from jurycourt.auth.tokens import digest
from jurycourt.auth.viewer import Viewer
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.errors import Refused
from jurycourt.domain.links import LinkKind, LinkUnusable
from jurycourt.domain.roles import Role
from jurycourt.domain.throttle import LOGIN_FREE_FAILURES
from jurycourt.models import AccessLink, Account, AuditEvent, Membership, Person, WebSession

NEW_PASSWORD = "river stones at dawn"
ADDRESS = "192.0.2.10"


async def viewer_of(login: str) -> Viewer:
    account = await Account.get(login=login).select_related("person")
    return Viewer(person_id=account.person_id, account_id=account.id, name=account.person.given_name,
                  roles=await roles_of(account.person_id))


async def newcomer(demo) -> Person:
    person = await Person.create(given_name="Imani", family_name="Castillo")
    await Membership.create(person=person, program=demo, role=Role.JUROR)
    return person


@pytest.fixture
def clock(fixed_clock):
    """Freeze the program clock at a moment the test can move."""
    return fixed_clock.advance


async def try_sign_in(app, login: str, password: str, address: str = ADDRESS) -> str:
    return await sign_in(login, password, address, app.state.hasher, app.state.dummy_hash,
                         app.state.settings)


# Links


async def test_an_invitation_is_refused_for_someone_who_has_an_account(app, demo):
    juror = await Person.get(account__login="juror")
    with pytest.raises(Refused, match="already has an account"):
        await issue_link(await viewer_of("coordinator"), juror, LinkKind.INVITE, app.state.settings)
    assert not await AccessLink.exists(person_id=juror.id)


async def test_a_reset_is_refused_for_someone_without_an_account(app, demo):
    person = await newcomer(demo)
    with pytest.raises(Refused, match="no account yet"):
        await issue_link(await viewer_of("coordinator"), person, LinkKind.RESET, app.state.settings)


async def test_issuing_a_link_is_audited_without_the_token(app, demo):
    person = await newcomer(demo)
    issued = await issue_link(await viewer_of("coordinator"), person, LinkKind.INVITE, app.state.settings)
    event = await AuditEvent.get(action="link.invite.issued", subject_id=str(person.id))
    assert event.subject_id == str(person.id)
    assert issued.token not in str(event.detail)
    assert issued.link.token_hash == digest(issued.token)


async def test_a_link_redeemed_twice_at_once_opens_one_account(app, demo):
    person = await newcomer(demo)
    issued = await issue_link(await viewer_of("coordinator"), person, LinkKind.INVITE, app.state.settings)
    results = await asyncio.gather(
        redeem_link(issued.token, LinkKind.INVITE, "imani-a", NEW_PASSWORD, NEW_PASSWORD, app.state.hasher, ADDRESS),
        redeem_link(issued.token, LinkKind.INVITE, "imani-b", NEW_PASSWORD, NEW_PASSWORD, app.state.hasher, ADDRESS),
        return_exceptions=True,
    )
    opened = [r for r in results if isinstance(r, Account)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(opened) == 1
    assert len(refused) == 1 and isinstance(refused[0], LinkUnusable)
    assert await Account.filter(person_id=person.id).count() == 1


async def test_a_refused_password_leaves_the_link_usable(app, demo):
    person = await newcomer(demo)
    issued = await issue_link(await viewer_of("coordinator"), person, LinkKind.INVITE, app.state.settings)
    with pytest.raises(Refused) as refusal:
        await redeem_link(issued.token, LinkKind.INVITE, "imani", "short", "short", app.state.hasher, ADDRESS)
    assert refusal.value.field == "password"
    assert (await usable_link(issued.token, LinkKind.INVITE)).used_at is None


async def test_a_reset_ends_every_session_of_the_person(app, demo):
    account = await Account.get(login="juror")
    await start_session(account, app.state.settings)
    await start_session(account, app.state.settings)
    juror = await Person.get(id=account.person_id)
    issued = await issue_link(await viewer_of("coordinator"), juror, LinkKind.RESET, app.state.settings)
    await redeem_link(issued.token, LinkKind.RESET, "", NEW_PASSWORD, NEW_PASSWORD, app.state.hasher, ADDRESS)
    assert not await WebSession.exists(account_id=account.id)
    await account.refresh_from_db()
    assert app.state.hasher.verify(account.password_hash, NEW_PASSWORD)
    assert account.login == "juror"


# Signing in and throttling


async def test_a_failed_sign_in_is_audited_without_the_login_typed(app, demo):
    with pytest.raises(SignInRefused):
        await try_sign_in(app, "nobody-here", "wrong password")
    event = await AuditEvent.get(action="signin.failed")
    assert set(event.detail) == {"login_known", "login_hash"}
    assert event.detail["login_known"] is False
    assert "nobody" not in str(event.detail) and len(event.detail["login_hash"]) == 16


async def test_a_failed_sign_in_to_a_known_account_names_the_account(app, demo):
    with pytest.raises(SignInRefused):
        await try_sign_in(app, "juror", "wrong password")
    event = await AuditEvent.get(action="signin.failed")
    account = await Account.get(login="juror")
    assert (event.actor_id, event.subject_id) == (account.person_id, str(account.id))
    assert "juror" not in str(event.detail)


async def test_failures_count_against_a_login_whatever_its_case(app, demo, clock):
    for login in ["juror", "JUROR", "Juror", " juror ", "ｊｕｒｏｒ"][:LOGIN_FREE_FAILURES]:
        with pytest.raises(SignInRefused):
            await try_sign_in(app, login, "wrong password")
    with pytest.raises(SignInRefused) as refusal:
        await try_sign_in(app, "juror", DEMO_PASSWORD)
    assert refusal.value.wait > 0


async def test_a_successful_sign_in_clears_the_logins_failures(app, demo, clock):
    for _ in range(2):
        for _ in range(LOGIN_FREE_FAILURES - 1):
            with pytest.raises(SignInRefused) as refusal:
                await try_sign_in(app, "juror", "wrong password")
            assert refusal.value.wait == 0
        assert await try_sign_in(app, "juror", DEMO_PASSWORD)


async def test_the_per_login_wait_is_the_same_from_any_address(app, demo, clock):
    for _ in range(LOGIN_FREE_FAILURES):
        with pytest.raises(SignInRefused):
            await try_sign_in(app, "juror", "wrong password", address="10.6.6.6")
    with pytest.raises(SignInRefused) as refusal:
        await try_sign_in(app, "juror", DEMO_PASSWORD, address="198.51.100.7")
    assert 0 < refusal.value.wait <= 60
    clock(60)
    assert await try_sign_in(app, "juror", DEMO_PASSWORD, address="198.51.100.7")


async def test_a_deactivated_account_cannot_sign_in_even_with_the_right_password(app, demo):
    await Account.filter(login="juror").update(is_active=False)
    with pytest.raises(SignInRefused, match="don't match"):
        await try_sign_in(app, "juror", DEMO_PASSWORD)


# Changing the password


async def test_a_password_change_needs_the_current_password(app, demo):
    with pytest.raises(Refused) as refusal:
        await change_password(await viewer_of("juror"), "not it", NEW_PASSWORD, NEW_PASSWORD,
                              app.state.hasher, app.state.settings)
    assert refusal.value.field == "current"


async def test_a_password_change_leaves_exactly_one_fresh_session(app, demo):
    account = await Account.get(login="juror")
    old = await start_session(account, app.state.settings)
    token = await change_password(await viewer_of("juror"), DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD,
                                  app.state.hasher, app.state.settings)
    sessions = await WebSession.filter(account_id=account.id).values_list("id", flat=True)
    assert sessions == [digest(token)]
    assert digest(old) not in sessions
    assert await AuditEvent.exists(action="password.changed", actor_id=account.person_id)
