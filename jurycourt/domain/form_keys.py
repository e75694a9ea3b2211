"""Idempotency keys carried by forms that write to the ledger or propose service.

A key is made when the form is shown and sent back with it, so sending the same form twice (a
double click, a retried request) is recognised as the same request."""

from __future__ import annotations

import re

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _

FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def check_form_key(key: str | None) -> str:
    """The idempotency key a form carries (made when the form was shown); refused if missing or odd."""
    if not FORM_KEY.fullmatch(key or ""):
        raise Refused(_("This form has expired: reload the page and try again."), "key")
    return key or ""
