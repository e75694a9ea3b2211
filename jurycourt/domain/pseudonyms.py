"""Keyed hashes that stand in for a name, an address or a phone number where only equality matters.

They use the pseudonym key (``JURYCOURT_PSEUDONYM_KEY``), never the secret key, so rotating the
secret key (sessions, CSRF) leaves every stored pseudonym valid. Each use names its purpose, so the
same text hashed for two purposes gives two unrelated values.
"""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(key: str, purpose: str, text: str) -> str:
    """The hex HMAC-SHA256 of ``text`` for ``purpose`` under ``key`` (the text is used as given:
    callers normalise it first, so that equal things written alike hash alike)."""
    message = purpose.encode() + b"\x00" + text.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
