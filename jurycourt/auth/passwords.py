"""Password hashing with argon2id, always off the event loop."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError


def make_hasher(profile: str) -> PasswordHasher:
    """argon2-cffi's RFC 9106 low-memory profile (above OWASP's minimum), or the cheapest for tests."""
    if profile == "cheapest":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


async def hash_password(hasher: PasswordHasher, password: str) -> str:
    return await anyio.to_thread.run_sync(hasher.hash, password)


async def verify_password(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    """True when the password matches. Costs the same whether or not it matches."""

    def _verify() -> bool:
        try:
            return hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(_verify)
