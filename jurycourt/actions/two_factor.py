"""Two-factor sign-in (TOTP): enrolling, the second step of signing in, recovery codes, turning it off.

Audit events name the account's person and what happened, never a secret or a code.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth import throttle, totp
from jurycourt.auth.passwords import Hasher, verify_password
from jurycourt.auth.policy import needs_second_step
from jurycourt.auth.sessions import start_session
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _, _l
from jurycourt.models import Account, RecoveryCode, WebSession
from jurycourt.settings import Settings

WRONG_CODE = _l("That code is not right, or it was used already. Enter the newest code from your app.")


class SecondFactorRequired(Exception):
    """The password was right; the account also needs a one-time code."""

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id


async def start_enrolment(viewer: Viewer, settings: Settings) -> None:
    """Give the viewer's account a new, not yet confirmed, TOTP secret (replacing an unconfirmed one)."""
    account = await Account.get(id=viewer.account_id)
    if account.totp_enabled_at:
        raise Refused(_("Two-step sign-in is on already."))
    async with in_transaction():
        await Account.filter(id=account.id, totp_enabled_at=None).update(
            totp_secret=totp.seal(settings.secret_key, totp.new_secret()), totp_last_step=0)
        await record("totp.enrolment_started", actor_id=viewer.person_id, subject=("account", account.id))


async def _use_code(account: Account, code: str, settings: Settings, now: datetime) -> str | None:
    """Accept a TOTP code (once) or an unused recovery code; "totp", "recovery" or None."""
    step = totp.matching_step(totp.unseal(settings.secret_key, account.totp_secret), code, now)
    if step is not None:
        claimed = await Account.filter(id=account.id, totp_last_step__lt=step).update(totp_last_step=step)
        return "totp" if claimed else None
    if totp.looks_like_recovery_code(code):
        used = await RecoveryCode.filter(
            account_id=account.id, code_hash=totp.recovery_digest(code), used_at=None
        ).update(used_at=now)
        return "recovery" if used else None
    return None


async def _new_recovery_codes(account_id: int) -> list[str]:
    codes = totp.new_recovery_codes()
    await RecoveryCode.filter(account_id=account_id).delete()
    await RecoveryCode.bulk_create(
        [RecoveryCode(account_id=account_id, code_hash=totp.recovery_digest(c)) for c in codes]
    )
    return codes


async def confirm_enrolment(viewer: Viewer, code: str, settings: Settings) -> list[str]:
    """Switch TOTP on once the person proves their app works; returns the recovery codes (shown once).

    The viewer's other sessions end.
    """
    account = await Account.get(id=viewer.account_id)
    if account.totp_enabled_at:
        raise Refused(_("Two-step sign-in is on already."))
    secret = totp.unseal(settings.secret_key, account.totp_secret)
    if not secret:
        raise Refused(_("Start the set-up again: there is no code waiting to be confirmed."))
    now = clock.now()
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise Refused(_("That code is not right. Enter the 6-digit code your app shows now."), "code")
    async with in_transaction():
        switched = await Account.filter(id=account.id, totp_enabled_at=None, totp_secret=account.totp_secret).update(
            totp_enabled_at=now, totp_last_step=step)
        if not switched:
            raise Refused(_("Start the set-up again: it changed in the meantime."))
        codes = await _new_recovery_codes(account.id)
        # Sessions opened with the password alone end: from now on every session had a code.
        await WebSession.filter(account_id=account.id).exclude(id=viewer.session_id or "").delete()
        await record("totp.enabled", actor_id=viewer.person_id, subject=("account", account.id))
    return codes


async def regenerate_recovery_codes(viewer: Viewer, password: str, hasher: Hasher) -> list[str]:
    """Replace every recovery code with ten new ones (after the password); the old ones stop working."""
    account = await Account.get(id=viewer.account_id)
    if not account.totp_enabled_at:
        raise Refused(_("Two-step sign-in is off: there are no recovery codes."))
    if not await verify_password(hasher, account.password_hash, password):
        raise Refused(_("That is not your password."), "password")
    async with in_transaction():
        codes = await _new_recovery_codes(account.id)
        await record("totp.recovery_codes_replaced", actor_id=viewer.person_id, subject=("account", account.id))
    return codes


async def turn_off(viewer: Viewer, password: str, code: str, hasher: Hasher, settings: Settings) -> None:
    """Switch TOTP off (password and a code needed). Coordinators can't where it is required."""
    if needs_second_step(viewer.roles, settings.coordinators_need_totp):
        raise Refused(_("Coordinators must use two-step sign-in here: it can't be turned off.")
                      if viewer.is_coordinator
                      else _("Agency contacts must use two-step sign-in: it can't be turned off."))
    account = await Account.get(id=viewer.account_id)
    if not account.totp_enabled_at:
        raise Refused(_("Two-step sign-in is off already."))
    if not await verify_password(hasher, account.password_hash, password):
        raise Refused(_("That is not your password."), "password")
    async with in_transaction():
        if await _use_code(account, code, settings, clock.now()) is None:
            raise Refused(WRONG_CODE, "code")
        await Account.filter(id=account.id).update(totp_secret="", totp_enabled_at=None, totp_last_step=0)
        await RecoveryCode.filter(account_id=account.id).delete()
        await record("totp.disabled", actor_id=viewer.person_id, subject=("account", account.id))


async def finish_sign_in(account_id: int, code: str, address: str, settings: Settings) -> str:
    """The second step of signing in: a TOTP code or a recovery code opens the session.

    Throttled with the same counters as passwords. Returns the session token.
    """
    from jurycourt.actions.accounts import SignInRefused, too_many

    account = await Account.get_or_none(id=account_id, is_active=True)
    if account is None or not account.totp_enabled_at:
        raise SignInRefused(_("Sign in again."))
    now = clock.now()
    counters = throttle.sign_in_keys(account.login, address)
    wait = await throttle.claim(counters, now)
    if wait:
        raise too_many(wait)
    async with in_transaction():
        used = await _use_code(account, code, settings, now)
        if used == "recovery":
            left = await RecoveryCode.filter(account_id=account.id, used_at=None).count()
            await record("signin.recovery_code_used", actor_id=account.person_id, subject=("account", account.id),
                         codes_left=left)
    if used is None:
        await record("signin.failed", actor_id=account.person_id, subject=("account", account.id), step="code")
        raise SignInRefused(WRONG_CODE)
    await throttle.clear(counters[0][0])
    await throttle.refund(counters[1:])
    await record("signin", actor_id=account.person_id, subject=("account", account.id), second_factor=used)
    return await start_session(account, settings)


async def operator_turn_off(login: str) -> bool:
    """The operator's way back in for someone who lost their phone and their recovery codes
    (`jurycourt totp-off`). False when the account has no two-step sign-in."""
    account = await Account.get_or_none(login=login)
    if account is None or not (account.totp_enabled_at or account.totp_secret):
        return False
    async with in_transaction():
        await Account.filter(id=account.id).update(totp_secret="", totp_enabled_at=None, totp_last_step=0)
        await RecoveryCode.filter(account_id=account.id).delete()
        await record("totp.disabled_by_operator", actor_id=None, subject=("account", account.id))
    return True
