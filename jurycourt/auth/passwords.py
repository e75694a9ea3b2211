"""Password hashing with argon2id: off the event loop, and never more at once than memory allows.

Each argon2id hash holds its whole memory cost while it runs (64 MiB with the default profile), so
a flood of sign-ins would otherwise run one per request at once and take a worker to gigabytes.
A gate lets at most ``at_once`` hashes run in a process, chosen so that together they stay within
``HASH_MEMORY_BUDGET``; the others wait their turn for up to ``BUSY_WAIT_SECONDS`` and are then
turned away (``HashingBusy``, a 429). Checking a password for a login that does not exist goes
through the same gate with a dummy hash, so it takes as long as for a real one.
"""

from __future__ import annotations

import asyncio

import anyio.to_thread
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from jurycourt.i18n import _l

#: argon2 memory one worker process may have in use at once.
HASH_MEMORY_BUDGET = 200 * 1024 * 1024
#: Even cheap hashes (the tests' profile) don't need more threads than this at once.
MOST_AT_ONCE = 8
#: How long a hash waits for its turn before the request is turned away as busy.
BUSY_WAIT_SECONDS = 5.0


class HashingBusy(Exception):
    """Too many passwords are being checked in this process right now: try again in a moment."""

    retry_after = 5
    message = _l("Many people are signing in right now. Wait a few seconds, then try again.")


class Hasher(PasswordHasher):
    """argon2-cffi's hasher with this process's gate (it travels on app state with the hasher)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.at_once = hashes_at_once(self.memory_cost)
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:
            self._gate = (loop, asyncio.Semaphore(self.at_once))
        return self._gate[1]

    async def run(self, work, *args):
        """Run ``work(*args)`` (a hash or a check) in a thread once the gate lets it through."""
        gate = self._semaphore()
        try:
            async with asyncio.timeout(BUSY_WAIT_SECONDS):
                await gate.acquire()
        except TimeoutError:
            raise HashingBusy from None
        try:
            return await anyio.to_thread.run_sync(work, *args)
        finally:
            gate.release()


def hashes_at_once(memory_kib: int) -> int:
    """How many hashes of ``memory_kib`` each may run at once within the budget (at least one)."""
    return max(1, min(MOST_AT_ONCE, HASH_MEMORY_BUDGET // (memory_kib * 1024)))


def make_hasher(profile: str) -> Hasher:
    """argon2-cffi's RFC 9106 low-memory profile (above OWASP's minimum), or the cheapest for tests."""
    if profile == "cheapest":
        return Hasher.from_parameters(profiles.CHEAPEST)
    return Hasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


async def hash_password(hasher: Hasher, password: str) -> str:
    return await hasher.run(hasher.hash, password)


async def verify_password(hasher: Hasher, stored_hash: str, password: str) -> bool:
    """True when the password matches. Costs the same whether or not it matches."""

    def _verify() -> bool:
        try:
            return hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await hasher.run(_verify)
