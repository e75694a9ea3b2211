"""The viewer's own two-step sign-in: on or off, the secret while enrolling, recovery codes left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jurycourt.auth import totp
from jurycourt.auth.policy import needs_second_step
from jurycourt.auth.viewer import Viewer
from jurycourt.models import Account, RecoveryCode
from jurycourt.settings import Settings


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled_at: datetime | None
    required: bool
    #: The secret and its otpauth:// address, only while enrolling (never once it is on).
    pending_secret: str = ""
    pending_uri: str = ""
    codes_left: int = 0


async def two_factor_status(viewer: Viewer, settings: Settings) -> TwoFactorStatus:
    account = await Account.get(id=viewer.account_id)
    required = needs_second_step(viewer.roles, settings.coordinators_need_totp)
    if account.totp_enabled_at:
        left = await RecoveryCode.filter(account_id=account.id, used_at=None).count()
        return TwoFactorStatus(account.totp_enabled_at, required, codes_left=left)
    secret = totp.unseal(settings.secret_key, account.totp_secret) if account.totp_secret else ""
    uri = totp.provisioning_uri(secret, account.login) if secret else ""
    return TwoFactorStatus(None, required, pending_secret=secret, pending_uri=uri)
