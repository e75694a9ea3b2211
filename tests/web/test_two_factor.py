"""Two-step sign-in (TOTP) over HTTP: enrolment, the code step, replay, recovery codes, turning off."""

from __future__ import annotations

import json

import pytest

from jurycourt.auth.throttle import sign_in_keys
from jurycourt.models import Account, AuditEvent, RecoveryCode, Throttle, WebSession
from jurycourt.web.pending_signin import pending_value
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.two_factor_helpers import code_for, enrol, recovery_codes_on, secret_on


@pytest.fixture(autouse=True)
def _stopped_clock(fixed_clock):
    """The program clock stands still: the codes computed here never straddle a 30-second step."""
    return fixed_clock


async def password_step(client, login: str = "juror"):
    return await post_form(client, "/login", {"login": login, "password": "jurycourt-demo", "next": "/me/credits"})


async def sign_out(client) -> None:
    await post_form(client, "/logout")


async def test_enrolment_shows_a_qr_code_and_the_key_then_needs_a_right_code(client, demo):
    await sign_in(client, "juror")
    page = Page((await client.get("/me/two-factor")).text)
    assert "Set up two-step sign-in" in page.text
    await post_form(client, "/me/two-factor/start")
    html = (await client.get("/me/two-factor")).text
    secret = secret_on(html)
    assert 'src="data:image/svg+xml' in html
    wrong = await post_form(client, "/me/two-factor/confirm", {"code": "000000" if code_for(secret) != "000000"
                                                                 else "111111"})
    assert wrong.status_code == 400
    assert Page(wrong.text).ids["f-code"]["aria-invalid"] == "true"
    assert (await Account.get(login="juror")).totp_enabled_at is None
    right = await post_form(client, "/me/two-factor/confirm", {"code": code_for(secret)})
    assert right.status_code == 200
    assert len(recovery_codes_on(right.text)) == 10
    account = await Account.get(login="juror")
    assert account.totp_enabled_at is not None


async def test_the_secret_and_codes_are_stored_sealed_and_never_shown_again(client, demo):
    await sign_in(client, "juror")
    secret, codes = await enrol(client)
    account = await Account.get(login="juror")
    assert secret not in account.totp_secret
    stored = set(await RecoveryCode.filter(account_id=account.id).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    later = (await client.get("/me/two-factor")).text
    assert secret not in later and not any(c in later for c in codes)
    assert "10 recovery codes are left" in Page(later).text
    audit = json.dumps([[e.action, e.detail] for e in await AuditEvent.filter(action__startswith="totp")])
    assert "totp.enabled" in audit and secret not in audit and not any(c in audit for c in codes)


async def test_sign_in_takes_two_steps_and_the_half_way_state_grants_nothing(client, demo):
    await sign_in(client, "juror")
    secret, _codes = await enrol(client)
    await sign_out(client)
    first = await password_step(client)
    assert first.status_code == 303 and first.headers["location"] == "/login/code?next=%2Fme%2Fcredits"
    assert await WebSession.all().count() == 0
    assert (await client.get("/me")).status_code == 303  # to /login: nobody is signed in yet
    assert (await client.get("/me/two-factor")).status_code == 303
    second = await post_form(client, "/login/code", {"code": code_for(secret, 1), "next": "/me/credits"})
    assert second.status_code == 303 and second.headers["location"] == "/me/credits"
    assert (await client.get("/me")).status_code == 200
    event = await AuditEvent.filter(action="signin").order_by("-id").first()
    assert event.detail == {"second_factor": "totp"}


async def test_a_code_is_accepted_once(client, demo):
    await sign_in(client, "juror")
    secret, _codes = await enrol(client)
    code = code_for(secret, 1)
    await sign_out(client)
    await password_step(client)
    assert (await post_form(client, "/login/code", {"code": code})).status_code == 303
    await sign_out(client)
    await password_step(client)
    replay = await post_form(client, "/login/code", {"code": code})
    assert replay.status_code == 400
    assert "used already" in Page(replay.text).text
    assert await WebSession.all().count() == 0


async def test_a_recovery_code_signs_in_once(client, demo):
    await sign_in(client, "juror")
    _secret, codes = await enrol(client)
    for expected in (303, 400):
        await sign_out(client)
        await password_step(client)
        response = await post_form(client, "/login/code", {"code": codes[0].upper()})
        assert response.status_code == expected
    used = await AuditEvent.get(action="signin.recovery_code_used")
    assert used.detail == {"codes_left": 9}


async def test_wrong_codes_are_throttled_like_passwords(client, demo):
    await sign_in(client, "juror")
    secret, _codes = await enrol(client)
    await sign_out(client)
    await password_step(client)
    statuses = [(await post_form(client, "/login/code", {"code": "12345x"})).status_code for _ in range(12)]
    assert statuses[0] == 400 and statuses[-1] == 429
    blocked = await post_form(client, "/login/code", {"code": code_for(secret, 1)})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert await Throttle.exists(key=sign_in_keys("juror", "")[0][0])
    failed = await AuditEvent.filter(action="signin.failed").first()
    assert failed.detail == {"step": "code"}


async def test_the_code_step_without_a_valid_pending_cookie_goes_back_to_the_password(client, demo, settings):
    assert (await client.get("/login/code")).headers["location"] == "/login"
    account = await Account.get(login="juror")
    from datetime import UTC, datetime, timedelta
    stale = pending_value(settings, account.id, datetime.now(UTC) - timedelta(minutes=10))
    client.cookies.set("jc_pending", stale)
    assert (await client.get("/login/code")).headers["location"] == "/login"
    forged = pending_value(settings, account.id, datetime.now(UTC)).rsplit(".", 1)[0] + ".00"
    client.cookies.set("jc_pending", forged)
    response = await post_form(client, "/login/code", {"code": "123456"})
    assert response.headers["location"] == "/login"


async def test_turning_off_needs_the_password_and_a_code(client, demo):
    await sign_in(client, "juror")
    secret, _codes = await enrol(client)
    no_password = await post_form(client, "/me/two-factor/off", {"off-password": "wrong one", "off-code":
                                                                  code_for(secret, 1)})
    assert no_password.status_code == 400
    no_code = await post_form(client, "/me/two-factor/off", {"off-password": "jurycourt-demo", "off-code": "999999"})
    assert no_code.status_code == 400
    assert (await Account.get(login="juror")).totp_enabled_at is not None
    done = await post_form(client, "/me/two-factor/off", {"off-password": "jurycourt-demo",
                                                         "off-code": code_for(secret, 1)})
    assert done.status_code == 303
    account = await Account.get(login="juror")
    assert account.totp_enabled_at is None and account.totp_secret == ""
    assert not await RecoveryCode.exists(account_id=account.id)
    await sign_out(client)
    assert (await password_step(client)).headers["location"] == "/me/credits"


async def test_new_recovery_codes_replace_the_old_ones(client, demo):
    await sign_in(client, "juror")
    _secret, old = await enrol(client)
    refused = await post_form(client, "/me/two-factor/recovery-codes", {"regenerate-password": "not mine"})
    assert refused.status_code == 400
    response = await post_form(client, "/me/two-factor/recovery-codes", {"regenerate-password": "jurycourt-demo"})
    new = recovery_codes_on(response.text)
    assert len(new) == 10 and not set(new) & set(old)
    await sign_out(client)
    await password_step(client)
    assert (await post_form(client, "/login/code", {"code": old[1]})).status_code == 400
    assert (await post_form(client, "/login/code", {"code": new[1]})).status_code == 303


async def test_turning_it_on_ends_the_other_sessions_opened_by_password_alone(app, client, demo):
    async with client_for(app, address=("127.0.0.1", 50001)) as other_device:
        await sign_in(other_device, "juror")
        await sign_in(client, "juror")
        await enrol(client)
        assert (await client.get("/me")).status_code == 200
        assert (await other_device.get("/me")).status_code == 303
    assert await WebSession.all().count() == 1
