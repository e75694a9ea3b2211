"""Invitation and reset links: what they are and when one may be used."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from jurycourt.i18n import _


class LinkKind(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class LinkUnusable(Exception):
    """The link was used already, has expired or does not exist."""


def check_usable(expires_at: datetime, used_at: datetime | None, now: datetime) -> None:
    """A link may be used once, before it expires."""
    if used_at is not None:
        raise LinkUnusable(_("This link has been used already. Ask your coordinator for a new one."))
    if now >= expires_at:
        raise LinkUnusable(_("This link has expired. Ask your coordinator for a new one."))
