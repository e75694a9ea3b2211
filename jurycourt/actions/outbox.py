"""The outbox: messages are queued in the same transaction as what caused them, then each is
claimed in its own transaction and sent exactly once, whichever process sends.

A claim is a compare-and-set on the message's ``attempts`` counter, so of two senders racing
for one message exactly one wins, on SQLite and on PostgreSQL alike. A failed send gives the
claim back and the message waits (1, 2, 4 … minutes, at most an hour) before it is tried again,
up to ``MAX_ATTEMPTS`` times. A sender that stops mid-send loses its claim after
``CLAIM_TIMEOUT``; only then can a message go out twice (the mail server may have taken it).

No message may carry a respondent's name or any case detail: callers write generic text.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.models import Lease, OutboxMessage

log = logging.getLogger("jurycourt.outbox")
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
CLAIM_BATCH = 20

Sender = Callable[[OutboxMessage], Awaitable[None]]


def worker_id() -> str:
    """A name for one sender or lease holder: host, process, and a random part, so two in one
    process are told apart."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"[:64]


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its ``attempts``-th failed send: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), LONGEST_RETRY)


async def enqueue(person_id: int, kind: str, dedupe_key: str, subject: str, body: str) -> OutboxMessage | None:
    """Queue a message once per ``dedupe_key``: a second call, even a concurrent one, does nothing.

    Inside the caller's transaction the insert runs in a savepoint, so losing the race to the
    unique key does not spoil that transaction (PostgreSQL would abort it).
    """
    if await OutboxMessage.exists(dedupe_key=dedupe_key):
        return None
    try:
        async with in_transaction():
            return await OutboxMessage.create(person_id=person_id, kind=kind, dedupe_key=dedupe_key,
                                              subject=subject, body=body)
    except IntegrityError:
        return None


def _due(now: datetime) -> Q:
    """Unsent messages a sender may claim now: never tried, left by a sender that stopped, or
    failed long enough ago."""
    due = Q(claimed_at=None) | Q(claimed_by__isnull=False, claimed_at__lt=now - CLAIM_TIMEOUT)
    for attempts in range(1, MAX_ATTEMPTS):
        due |= Q(claimed_by__isnull=True, attempts=attempts, claimed_at__lte=now - retry_delay(attempts))
    return due


async def _claim(worker: str, now: datetime) -> OutboxMessage | None:
    """Claim the oldest due message with a conditional update, so two senders never share one."""
    candidates = await OutboxMessage.filter(_due(now), sent_at=None, attempts__lt=MAX_ATTEMPTS).order_by(
        "id").limit(CLAIM_BATCH).values_list("id", "attempts")
    for message_id, attempts in candidates:
        async with in_transaction():
            claimed = await OutboxMessage.filter(_due(now), id=message_id, sent_at=None, attempts=attempts).update(
                claimed_by=worker, claimed_at=now, attempts=attempts + 1
            )
        if claimed:
            return await OutboxMessage.get(id=message_id)
    return None


async def send_pending(sender: Sender, limit: int = 500, stopping: Callable[[], bool] = lambda: False) -> int:
    """Send up to ``limit`` due messages with ``sender``, each exactly once; returns how many were sent.

    A sender that raises leaves its message for a later round (see ``retry_delay``). ``stopping``
    is asked before each message, so a server shutting down finishes the send in hand and stops.
    """
    worker, sent, tried = worker_id(), 0, 0
    while tried < limit and not stopping():
        message = await _claim(worker, clock.now())
        if message is None:
            break
        tried += 1
        try:
            await sender(message)
        except Exception as problem:  # any failure: the message waits for a retry
            level = logging.ERROR if message.attempts >= MAX_ATTEMPTS else logging.WARNING
            log.log(level, "outbox message %s not sent (attempt %s of %s): %s", message.id, message.attempts,
                    MAX_ATTEMPTS, type(problem).__name__)
            await OutboxMessage.filter(id=message.id, claimed_by=worker).update(
                claimed_by=None, claimed_at=clock.now())
            continue
        marked = await OutboxMessage.filter(id=message.id, claimed_by=worker).update(sent_at=clock.now())
        if not marked:
            log.warning("outbox message %s was sent after its claim ran out", message.id)
        sent += 1
    return sent


async def take_lease(name: str, holder: str, ttl: timedelta) -> bool:
    """Hold the named lease for ``ttl`` when it is ours already, expired, or not yet taken."""
    now = clock.now()
    renewed = await Lease.filter(Q(holder=holder) | Q(expires_at__lt=now), name=name).update(
        holder=holder, expires_at=now + ttl
    )
    if renewed:
        return True
    try:
        async with in_transaction():
            await Lease.create(name=name, holder=holder, expires_at=now + ttl)
    except IntegrityError:  # another process holds it
        return False
    return True


async def release_lease(name: str, holder: str) -> None:
    """Give the named lease up (when we hold it), so another process may take it at once."""
    await Lease.filter(name=name, holder=holder).delete()
