"""Invitation and reset links: issued by a coordinator, used once by the person."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

import httpx
from tortoise import Tortoise

from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.roles import Role
from jurycourt.models import AccessLink, Account, Membership, Person, WebSession
from jurycourt.web.qr import qr_data_uri
from tests.web.helpers import Page, client_for, post_form, sign_in

NEW_PASSWORD = "river stones at dawn"
QR_IMAGE = re.compile(r'<img src="(data:image/svg\+xml[^"]*)"')


@contextlib.asynccontextmanager
async def browser(app, address: str = "127.0.0.2") -> AsyncIterator[httpx.AsyncClient]:
    """Another browser, on another machine (the person's phone), using the same app."""
    async with client_for(app, address=(address, 50001)) as http:
        yield http


async def newcomer(demo) -> Person:
    person = await Person.create(given_name="Imani", family_name="Castillo")
    await Membership.create(person=person, program=demo, role=Role.JUROR)
    return person


async def issue(client, person_id: int, kind: str) -> tuple[httpx.Response, str]:
    """Ask for a link as the signed-in coordinator; returns the page and the link's path."""
    response = await post_form(client, f"/people/{person_id}/links", {"kind": kind})
    assert response.status_code == 200, response.status_code
    return response, urlsplit(Page(response.text).ids["access-link"]["href"]).path


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1]


async def open_account(phone, path: str, login: str = "imani", password: str = NEW_PASSWORD,
                       confirm: str | None = None) -> httpx.Response:
    return await post_form(phone, path, {"login": login, "password": password,
                                         "confirm": password if confirm is None else confirm})


# Invitations


async def test_coordinator_creates_an_invitation_shown_as_a_link_and_a_qr_code(client, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    response, path = await issue(client, person.id, "invite")
    page = Page(response.text)
    url = page.ids["access-link"]["href"]
    assert re.fullmatch(r"http://testserver/welcome/[A-Za-z0-9_-]{43}", url)
    assert page.ids["access-link-field"]["value"] == url, "a field to select and copy"
    qr = QR_IMAGE.search(response.text)
    assert qr and "<svg" in unquote(qr.group(1))
    assert qr.group(1) == qr_data_uri(url)
    assert "Invitation for Imani Castillo" in page.text


async def test_only_the_sha256_of_an_invitation_token_is_stored(client, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    token = token_of(path)
    link = await AccessLink.get(person_id=person.id)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    for model in Tortoise.apps["jurycourt"].values():
        for row in await model.all().values():
            assert token not in repr(row), model.__name__


async def test_an_invitation_opens_an_account_and_signs_the_person_in(client, app, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    async with browser(app) as phone:
        form = await phone.get(path)
        assert form.status_code == 200
        assert "Welcome, Imani" in Page(form.text).text
        response = await open_account(phone, path, login="Imani.C")
        assert response.status_code == 303
        assert response.headers["location"] == "/me"
        me = await phone.get("/me")
        assert me.status_code == 200 and "Hello, Imani" in Page(me.text).text
    account = await Account.get(person_id=person.id)
    assert account.login == "imani.c"
    assert await WebSession.filter(account_id=account.id).count() == 1


async def test_an_invitation_works_only_once(client, app, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    async with browser(app) as phone:
        assert (await open_account(phone, path)).status_code == 303
    async with browser(app, "127.0.0.3") as someone_else:
        second = await someone_else.get(path)
        assert second.status_code == 410
        assert "used already" in Page(second.text).text
        again = await open_account(someone_else, path, login="imani2")
        assert again.status_code == 410
    assert await Account.filter(person_id=person.id).count() == 1
    assert not await Account.exists(login="imani2")


async def test_an_expired_invitation_is_refused(client, app, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    await AccessLink.filter(person_id=person.id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    async with browser(app) as phone:
        response = await phone.get(path)
        assert response.status_code == 410
        assert "expired" in Page(response.text).text
        assert (await open_account(phone, path)).status_code == 410
    assert not await Account.exists(person_id=person.id)


async def test_an_invitation_expires_after_the_configured_hours(client, demo, settings):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    await issue(client, person.id, "invite")
    link = await AccessLink.get(person_id=person.id)
    assert link.expires_at - link.created_at <= timedelta(hours=settings.link_valid_hours)
    assert link.expires_at - link.created_at > timedelta(hours=settings.link_valid_hours - 1)


async def test_a_new_invitation_cancels_the_earlier_one(client, app, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, first = await issue(client, person.id, "invite")
    _, second = await issue(client, person.id, "invite")
    assert first != second
    async with browser(app) as phone:
        assert (await phone.get(first)).status_code == 410
        assert (await open_account(phone, first)).status_code == 410
        assert (await phone.get(second)).status_code == 200
        assert (await open_account(phone, second)).status_code == 303


async def test_an_unknown_link_is_refused(client, demo):
    response = await client.get("/welcome/not-a-real-token")
    assert response.status_code == 410
    assert "not valid" in Page(response.text).text


async def test_an_invitation_cannot_be_used_as_a_reset_link(client, app, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    async with browser(app) as phone:
        assert (await phone.get(path.replace("/welcome/", "/reset/"))).status_code == 410


# Choosing a login and password


async def _refused(client, app, demo, **typed) -> tuple[Page, int, Person]:
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    _, path = await issue(client, person.id, "invite")
    async with browser(app) as phone:
        response = await open_account(phone, path, **typed)
        assert response.status_code == 400
        page = Page(response.text)
        still_usable = (await phone.get(path)).status_code
    assert not await Account.exists(person_id=person.id)
    return page, still_usable, person


async def test_a_short_password_is_refused_and_the_login_kept(client, app, demo):
    page, still_usable, _ = await _refused(client, app, demo, login="imani", password="too short")
    assert page.ids["f-password"]["aria-invalid"] == "true"
    assert "at least 10 characters" in page.text
    assert page.ids["f-login"]["value"] == "imani"
    assert "value" not in page.ids["f-password"]  # a password is never sent back
    assert still_usable == 200


async def test_a_confirmation_that_differs_is_refused(client, app, demo):
    page, still_usable, _ = await _refused(client, app, demo, confirm=NEW_PASSWORD + "!")
    assert page.ids["f-password"]["aria-invalid"] == "true"
    assert "not the same" in page.text
    assert still_usable == 200


async def test_a_taken_login_is_refused_beside_the_login_field(client, app, demo):
    page, still_usable, _ = await _refused(client, app, demo, login="JUROR")
    assert page.ids["f-login"]["aria-invalid"] == "true"
    assert page.ids["f-login"]["value"] == "JUROR"
    assert "taken" in page.text
    assert still_usable == 200


async def test_a_login_with_spaces_is_refused_beside_the_login_field(client, app, demo):
    page, _, _ = await _refused(client, app, demo, login="imani castillo")
    assert page.ids["f-login"]["aria-invalid"] == "true"
    assert "no spaces" in page.text


async def test_an_invitation_for_someone_with_an_account_is_refused(client, demo):
    await sign_in(client, "coordinator")
    juror = (await Account.get(login="juror")).person_id
    response = await post_form(client, f"/people/{juror}/links", {"kind": "invite"})
    assert response.status_code == 400
    page = Page(response.text)
    assert "already has an account" in page.text
    assert "password reset" in page.text
    assert "link-error" in page.ids and "access-link" not in page.ids
    assert not await AccessLink.exists(person_id=juror)


async def test_a_reset_for_someone_without_an_account_is_refused(client, demo):
    person = await newcomer(demo)
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/people/{person.id}/links", {"kind": "reset"})
    assert response.status_code == 400
    assert "issue an invitation instead" in Page(response.text).text
    assert not await AccessLink.exists(person_id=person.id)


# Resets


async def test_a_reset_link_sets_a_new_password_and_ends_the_persons_other_sessions(client, app, demo):
    async with browser(app, "127.0.0.4") as laptop:
        await sign_in(laptop, "juror")
        assert (await laptop.get("/me")).status_code == 200

        await sign_in(client, "coordinator")
        juror = (await Account.get(login="juror")).person_id
        response, path = await issue(client, juror, "reset")
        assert path.startswith("/reset/")
        assert "Password reset link for Ali Brooks" in Page(response.text).text

        async with browser(app) as phone:
            form = await phone.get(path)
            assert form.status_code == 200 and "f-login" not in Page(form.text).ids
            used = await post_form(phone, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
            assert used.status_code == 303 and used.headers["location"] == "/me"
            assert (await phone.get("/me")).status_code == 200

        stale = await laptop.get("/me")
        assert stale.status_code == 303 and stale.headers["location"].startswith("/login")
        old = await post_form(laptop, "/login", {"login": "juror", "password": DEMO_PASSWORD})
        assert old.status_code == 400
        await sign_in(laptop, "juror", NEW_PASSWORD)


async def test_a_reset_link_works_only_once(client, app, demo):
    await sign_in(client, "coordinator")
    juror = (await Account.get(login="juror")).person_id
    _, path = await issue(client, juror, "reset")
    async with browser(app) as phone:
        first = await post_form(phone, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert first.status_code == 303
        again = await post_form(phone, path, {"password": "another passphrase", "confirm": "another passphrase"})
        assert again.status_code == 410
    async with browser(app, "127.0.0.3") as laptop:
        await sign_in(laptop, "juror", NEW_PASSWORD)


# Sending a link by text or email


async def send_path(person_id: int, page: httpx.Response) -> str:
    """Where the link page's send form posts (the newest link's)."""
    link = await AccessLink.filter(person_id=person_id).order_by("-id").first()
    path = f"/people/{person_id}/links/{link.id}/send"
    assert f'action="{path}"' in page.text
    return path


async def test_coordinator_sends_an_invitation_by_text_through_the_outbox_and_it_is_audited(client, demo):
    from jurycourt.models import AuditEvent, OutboxMessage, TextConsent

    person = await newcomer(demo)
    await Person.filter(id=person.id).update(phone="(202) 555-0188", date_of_birth=datetime(1990, 1, 1).date())
    await TextConsent.create(person=person, phone="+12025550188", source="intake form")
    await sign_in(client, "coordinator")
    response, path = await issue(client, person.id, "invite")
    send = await send_path(person.id, response)
    answer = await post_form(client, send, {"token": token_of(path), "channel": "text"})
    assert answer.status_code == 200
    assert "link-sent" in Page(answer.text).ids
    message = await OutboxMessage.get(kind="access_link", person_id=person.id)
    assert message.channel == "text"
    assert f"http://testserver{path}" in message.text and message.text.startswith("jurycourt: set up your account")
    assert await AuditEvent.filter(action="link.invite.sent", subject_id=str(person.id)).count() == 1
    again = await post_form(client, send, {"token": token_of(path), "channel": "text"})
    assert again.status_code == 400 and "already on its way" in Page(again.text).text


async def test_a_link_is_refused_plainly_when_the_channel_cannot_reach_the_person(client, demo):
    from jurycourt.models import OutboxMessage

    person = await newcomer(demo)  # no email, no phone
    await sign_in(client, "coordinator")
    response, path = await issue(client, person.id, "invite")
    send = await send_path(person.id, response)
    for channel, reason in (("text", "no usable mobile number"), ("email", "no email address")):
        answer = await post_form(client, send, {"token": token_of(path), "channel": channel})
        assert answer.status_code == 400
        page = Page(answer.text)
        assert "send-link-error" in page.ids and reason in page.text
        assert page.ids["access-link"]["href"].endswith(path), "the link is still there to copy or print"
    forged = await post_form(client, send, {"token": "x" * 43, "channel": "email"})
    assert forged.status_code == 400 and "not valid" in Page(forged.text).text
    assert not await OutboxMessage.exists(kind="access_link", person_id=person.id)


async def test_a_reset_link_goes_by_email_to_the_address_on_file(client, demo):
    from jurycourt.models import OutboxMessage

    person = await Person.get(id=(await Account.get(login="juror")).person_id)
    await sign_in(client, "coordinator")
    response, path = await issue(client, person.id, "reset")
    send = await send_path(person.id, response)
    answer = await post_form(client, send, {"token": token_of(path), "channel": "email"})
    assert answer.status_code == 200
    message = await OutboxMessage.get(kind="access_link", person_id=person.id)
    assert message.channel == "email" and message.subject == "Choose a new jurycourt password"
    assert f"http://testserver{path}" in message.body


async def test_the_outbox_never_shows_a_sign_in_link_it_carries(client, demo):
    """A link sent by text or email waits on /outbox; another coordinator reading the outbox must not
    be able to copy it and sign in as the person."""
    from jurycourt.models import OutboxMessage

    await sign_in(client, "coordinator")
    sent = await OutboxMessage.filter(kind="access_link").first()
    assert sent is not None  # the demo sent an invitation by text
    secret = sent.text or sent.body
    token = next(word for word in secret.split() if "/welcome/" in word or "/reset/" in word)
    page = await client.get("/outbox")
    assert page.status_code == 200
    assert token not in page.text and "/welcome/" not in page.text and "/reset/" not in page.text
