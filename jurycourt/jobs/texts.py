"""How text messages leave jurycourt: a provider interface, Twilio through its documented REST API,
and the console in development.

A provider's ``send`` returns what happened to one text: handed over (with the provider's id, which
its delivery reports name later), rejected for good (an unusable number, a number that opted out), or
it raises for a failure worth retrying (the network, the provider's 5xx).

Twilio signs every webhook it sends: ``X-Twilio-Signature`` is the Base64 HMAC-SHA1, keyed with the
auth token, of the full public URL followed by each POST parameter's name and value in name order.
The URL is built from ``JURYCOURT_BASE_URL``, never from the request's Host header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys
from dataclasses import dataclass
from typing import Protocol, TextIO

import httpx

from jurycourt.settings import Settings

TIMEOUT = 20
#: Twilio's error codes that mean "this number will never take this text" (not worth a retry).
STOPPED_CODES = {21610}                       # the recipient replied STOP
UNUSABLE_CODES = {21211, 21612, 21614, 21408}  # invalid, unreachable, not a mobile, region not enabled


@dataclass(frozen=True)
class Handed:
    """The provider took the text."""

    ref: str


@dataclass(frozen=True)
class Rejected:
    """The provider rejected the text for good (not ``domain.errors.Refused``, which is a person's refusal)."""

    code: str
    stopped: bool = False      # the number opted out at the carrier
    unusable: bool = False     # the number cannot take texts


class TextProvider(Protocol):
    async def send(self, to: str, body: str, status_url: str) -> Handed | Rejected: ...

    async def aclose(self) -> None: ...


class TwilioTexts:
    """Twilio's Messages API (``POST /2010-04-01/Accounts/{sid}/Messages.json``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = httpx.AsyncClient(base_url=settings.twilio_api_url.rstrip("/"), timeout=TIMEOUT,
                                        auth=(settings.twilio_account_sid, settings.twilio_auth_token))

    async def send(self, to: str, body: str, status_url: str) -> Handed | Rejected:
        s = self.settings
        form = {"To": to, "Body": body, "StatusCallback": status_url}
        if s.twilio_messaging_service:
            form["MessagingServiceSid"] = s.twilio_messaging_service
        else:
            form["From"] = s.twilio_from
        answer = await self.client.post(f"/2010-04-01/Accounts/{s.twilio_account_sid}/Messages.json", data=form)
        if answer.status_code >= 500 or answer.status_code == 429:
            answer.raise_for_status()  # worth another try later
        payload = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else {}
        if answer.is_success and payload.get("sid"):
            return Handed(str(payload["sid"]))
        code = int(payload.get("code") or 0)
        return Rejected(str(code or answer.status_code), stopped=code in STOPPED_CODES, unusable=code in UNUSABLE_CODES)

    async def aclose(self) -> None:
        await self.client.aclose()


class ConsoleTexts:
    """Development: print each text (bodies carry no case details, by rule)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.count = 0

    async def send(self, to: str, body: str, status_url: str) -> Handed | Rejected:
        self.count += 1
        print(f"text to {to}: {body}", file=self.stream or sys.stdout, flush=True)
        return Handed(f"console-{id(self):x}-{self.count}")

    async def aclose(self) -> None:
        return None


def provider_for(settings: Settings) -> TextProvider | None:
    """The text provider these settings call for; None when texts are off. Development without a
    provider prints texts, as it prints email."""
    if settings.sms_provider == "twilio":
        return TwilioTexts(settings)
    if settings.sms_provider == "console" or not settings.production:
        return ConsoleTexts()
    return None


def texting_on(settings: Settings) -> bool:
    return settings.sms_provider == "twilio" or settings.sms_provider == "console" or not settings.production


def signature(auth_token: str, url: str, params: list[tuple[str, str]]) -> str:
    """Twilio's request signature over ``url`` and the POST parameters."""
    payload = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_by_provider(settings: Settings, url: str, params: list[tuple[str, str]], given: str | None) -> bool:
    """Whether a webhook carries the provider's valid signature (always False without a provider token)."""
    if not settings.twilio_auth_token or not given:
        return False
    return hmac.compare_digest(signature(settings.twilio_auth_token, url, params), given)
