"""Enrol a demo account in two-step sign-in over HTTP, with codes computed like an app would."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pyotp

from jurycourt import clock
from tests.web.helpers import Page


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The code an app shows at the program clock's now (or ``steps_ahead`` 30-second steps later: a
    fresh, unused one, within the drift the server allows)."""
    return pyotp.TOTP(secret).at(clock.now() + timedelta(seconds=30 * steps_ahead))


def secret_on(html: str) -> str:
    found = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', html)
    assert found, "no TOTP key on the page"
    return found.group(1)


def recovery_codes_on(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)


async def enrol(client: httpx.AsyncClient) -> tuple[str, list[str]]:
    """Set up two-step sign-in for the signed-in client; returns the secret and the recovery codes."""
    token = Page((await client.get("/me/two-factor")).text).csrf  # reachable even while enrolment is due
    started = await client.post("/me/two-factor/start", data={"csrf_token": token})
    assert started.status_code == 303
    secret = secret_on((await client.get("/me/two-factor")).text)
    confirmed = await client.post("/me/two-factor/confirm", data={"csrf_token": token, "code": code_for(secret)})
    assert confirmed.status_code == 200, confirmed.text
    codes = recovery_codes_on(confirmed.text)
    assert len(codes) == 10
    return secret, codes
