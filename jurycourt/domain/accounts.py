"""Rules for logins and passwords."""

from __future__ import annotations

import re
import unicodedata

from jurycourt.i18n import _

MIN_PASSWORD = 10
MAX_PASSWORD = 256
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")


def normalize_login(login: str) -> str:
    """Logins compare case-folded and NFKC-normalised, without surrounding spaces."""
    return unicodedata.normalize("NFKC", login).strip().casefold()


def login_problem(login: str) -> str | None:
    """Why this login name will not do, or None."""
    if not LOGIN_RE.match(normalize_login(login)):
        return _("Use 3 to 64 letters, digits, dots, dashes or underscores (no spaces).")
    return None


def password_problem(password: str, confirm: str | None = None) -> str | None:
    """Why this new password will not do, or None. Length protects, so no composition rules."""
    if len(password) < MIN_PASSWORD:
        return (_("Use at least %(min_password)s characters. A short sentence is easy to remember.")
                % {"min_password": MIN_PASSWORD})
    if len(password) > MAX_PASSWORD:
        return _("Use at most %(max_password)s characters.") % {"max_password": MAX_PASSWORD}
    if confirm is not None and confirm != password:
        return _("The two passwords are not the same.")
    return None
