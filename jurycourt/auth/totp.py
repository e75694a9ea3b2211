"""Time-based one-time passwords (RFC 6238, through pyotp), sealed secrets and recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken

ISSUER = "jurycourt"
RECOVERY_CODES = 10
#: Codes from the step before and after the current one are accepted (clocks drift).
DRIFT_STEPS = 1


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps expect."""
    return pyotp.random_base32(32)


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"jurycourt totp secret:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret_key: str, totp_secret: str) -> str:
    """The TOTP secret encrypted (and authenticated) with a key derived from the site's secret key."""
    return _fernet(secret_key).encrypt(totp_secret.encode()).decode()


def unseal(secret_key: str, sealed: str) -> str:
    """The TOTP secret, or "" when it was sealed with another site key."""
    try:
        return _fernet(secret_key).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""


def provisioning_uri(totp_secret: str, login: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(totp_secret).provisioning_uri(name=login, issuer_name=ISSUER)


def only_digits(code: str) -> str:
    return "".join(c for c in code if not c.isspace())


def matching_step(totp_secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code is ``code`` (within the allowed drift), or None.

    The caller refuses a step at or before the last accepted one, so a code works once.
    """
    code = only_digits(code)
    if not totp_secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(totp_secret)
    current = totp.timecode(now)
    found = None
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            found = current + offset
    return found


def new_recovery_codes() -> list[str]:
    """Ten codes of 80 random bits each, written as four groups of four letters and digits."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_digest(code: str) -> str:
    """SHA-256 of a recovery code as typed, ignoring case, spaces and dashes."""
    normal = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len("".join(c for c in code if c.isalnum())) == 16
