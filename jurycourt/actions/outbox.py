"""The outbox: messages are queued in the same transaction as what caused them, then each is
claimed in its own transaction and sent exactly once, whichever process sends.

No message may carry a respondent's name or any case detail: callers write generic text.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt.models import Lease, OutboxMessage

log = logging.getLogger("jurycourt.outbox")
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 5

Sender = Callable[[OutboxMessage], Awaitable[None]]


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


async def enqueue(person_id: int, kind: str, dedupe_key: str, subject: str, body: str) -> OutboxMessage | None:
    """Queue a message once per ``dedupe_key`` (a second call with the same key does nothing)."""
    existing = await OutboxMessage.get_or_none(dedupe_key=dedupe_key)
    if existing is not None:
        return None
    return await OutboxMessage.create(person_id=person_id, kind=kind, dedupe_key=dedupe_key,
                                      subject=subject, body=body)


async def _claim(worker: str, now: datetime) -> OutboxMessage | None:
    """Claim the oldest unsent message with a conditional update, so two senders never share one."""
    stale = now - CLAIM_TIMEOUT
    candidates = await OutboxMessage.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS).order_by("id").limit(20)
    for message in candidates:
        if message.claimed_at is not None and message.claimed_at > stale:
            continue
        async with in_transaction():
            claimed = await OutboxMessage.filter(
                id=message.id, sent_at=None, claimed_at=message.claimed_at
            ).update(claimed_by=worker, claimed_at=now, attempts=message.attempts + 1)
        if claimed:
            await message.refresh_from_db()
            return message
    return None


async def send_pending(sender: Sender, limit: int = 500) -> int:
    """Send up to ``limit`` messages; returns how many were sent."""
    worker, sent = worker_id(), 0
    while sent < limit:
        message = await _claim(worker, datetime.now(UTC))
        if message is None:
            break
        try:
            await sender(message)
        except Exception as problem:  # a failed send is retried later, up to MAX_ATTEMPTS
            log.warning("outbox message %s not sent: %s", message.id, type(problem).__name__)
            await OutboxMessage.filter(id=message.id, claimed_by=worker).update(claimed_at=None)
            continue
        await OutboxMessage.filter(id=message.id, claimed_by=worker).update(sent_at=datetime.now(UTC))
        sent += 1
    return sent


async def take_lease(name: str, holder: str, ttl: timedelta) -> bool:
    """Hold the named lease for ``ttl`` when it is ours already, expired, or not yet taken."""
    now = datetime.now(UTC)
    renewed = await Lease.filter(Q(holder=holder) | Q(expires_at__lt=now), name=name).update(
        holder=holder, expires_at=now + ttl
    )
    if renewed:
        return True
    try:
        await Lease.create(name=name, holder=holder, expires_at=now + ttl)
    except IntegrityError:  # another process holds it
        return False
    return True
