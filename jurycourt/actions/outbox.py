"""The outbox: messages are queued in the same transaction as what caused them, then each is
claimed in its own transaction and sent exactly once, whichever process sends.

A claim is a compare-and-set on the message's ``attempts`` counter, so of two senders racing
for one message exactly one wins, on SQLite and on PostgreSQL alike. A failed send gives the
claim back and the message waits (1, 2, 4 … minutes, at most an hour) before it is tried again,
up to ``MAX_ATTEMPTS`` times. A sender that stops mid-send loses its claim after
``CLAIM_TIMEOUT``; only then can a message go out twice (the mail server may have taken it).

No message may carry a respondent's name or any case detail: callers write generic text.

A message is queued once per channel the person chose (email, text or both), and, for a minor who
asked for it, once more for each guardian. Its ``state`` says honestly where it is: a message to a
person with no usable address is "undeliverable", never "sent" (``jurycourt.domain.messaging``).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock, i18n
from jurycourt.domain.duties import compose
from jurycourt.domain.messaging import Channel, ContactChoice, DeliveryState, shorten
from jurycourt.models import CaseGuardian, FollowerMail, Lease, OutboxMessage, Person

log = logging.getLogger("jurycourt.outbox")
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
CLAIM_BATCH = 20

#: Kinds about a person's duties: a minor's guardians may ask for copies of them.
DUTY_KINDS = ("invitation", "reminder", "reminder_tonight", "reminder_soon", "hearing_cancelled",
              "hearing_moved")


@dataclass(frozen=True)
class Outcome:
    """What a sender did with one message: its new state, why (for coordinators), the provider's id,
    or a later moment to try again without counting an attempt (quiet hours, the pace of texts)."""

    state: DeliveryState = DeliveryState.SENT
    detail: str = ""
    ref: str | None = None
    later: datetime | None = None


#: The tables messages are claimed from (the same claim and state columns).
Queue = type[OutboxMessage] | type[FollowerMail]
#: A sender returns an Outcome (None means it handed the message over).
Sender = Callable[[Any], Awaitable[Outcome | None]]


def worker_id() -> str:
    """A name for one sender or lease holder: host, process, and a random part, so two in one
    process are told apart."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"[:64]


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its ``attempts``-th failed send: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), LONGEST_RETRY)


async def enqueue(person_id: int, kind: str, dedupe_key: str, subject: str = "", body: str = "", *,
                  params: dict[str, Any] | None = None, text: str = "", thread: str = "",
                  only: tuple[Channel, ...] | None = None, by: Channel | None = None) -> OutboxMessage | None:
    """Queue a message once per ``dedupe_key``: a second call, even a concurrent one, does nothing.

    One row goes out per channel the person chose (the first keeps ``dedupe_key``, others add
    ``:text``), and for duty messages to someone whose guardians asked for copies, one per guardian
    (``:copy:<guardian id>:<channel>``). With ``params`` (a kind of domain.duties.COMPOSERS), the words
    are written from them in each recipient's language, now (for /outbox) and again when the message
    is sent; without, ``subject`` and ``body`` are the email and ``text`` (default: the subject) the
    text message. ``only`` keeps just those of the chosen channels (a "tonight" text goes by text or
    not at all); ``by`` sends by that one channel whatever the person chose (a coordinator's deliberate
    choice, e.g. a sign-in link by text). Returns the first row, or None when the key was queued
    already (or no channel is left).

    Inside the caller's transaction each insert runs in a savepoint, so losing the race to the
    unique key does not spoil that transaction (PostgreSQL would abort it).
    """
    if await OutboxMessage.exists(dedupe_key=dedupe_key):
        return None
    person = await Person.get(id=person_id).only("id", "contact_by", "copies_to_guardian", "language")
    rows = [(person, channel, dedupe_key if n == 0 else f"{dedupe_key}:{channel}")
            for n, channel in enumerate((by,) if by else _channels(person.contact_by, only))]
    if person.copies_to_guardian and kind in DUTY_KINDS:
        guardians = await CaseGuardian.filter(case__respondent_id=person_id).distinct().values_list(
            "person_id", flat=True)
        for guardian in await Person.filter(id__in=list(guardians)).only("id", "contact_by", "language"):
            rows += [(guardian, channel, f"{dedupe_key}:copy:{guardian.id}:{channel}")
                     for channel in _channels(guardian.contact_by, only)]
    first = None
    for to, channel, key in rows:
        words_subject, words_body, short = subject, body, text or subject
        if params is not None:
            with i18n.use_language(to.language):
                words = compose(kind, params)
            words_subject, words_body, short = words.subject, words.body, words.short or words.subject
        try:
            async with in_transaction():
                made = await OutboxMessage.create(person_id=to.id, kind=kind, dedupe_key=key, subject=words_subject,
                                                  body=words_body, text=shorten(short), channel=channel,
                                                  thread=thread, params=params)
        except IntegrityError:
            if first is None:
                return None  # another process queued this key first
            continue
        first = first or made
    return first


def _channels(choice: str, only: tuple[Channel, ...] | None = None) -> tuple[Channel, ...]:
    try:
        chosen = ContactChoice(choice).channels
    except ValueError:
        chosen = (Channel.EMAIL,)
    return chosen if only is None else tuple(channel for channel in chosen if channel in only)


def text_for(message: OutboxMessage, language: str | None) -> str:
    """The text message of ``message`` as it is sent: written now in ``language`` when the message
    keeps its facts, else as it was queued."""
    if message.params is None:
        return message.text or shorten(message.subject)
    with i18n.use_language(language):
        words = compose(message.kind, message.params)
    return shorten(words.short or words.subject)


def words_for(message: OutboxMessage, language: str | None) -> tuple[str, str]:
    """The subject and body of ``message`` as they are sent: written now in ``language`` (the
    recipient's) when the message keeps its facts, else as they were queued."""
    if message.params is None:
        return message.subject, message.body
    with i18n.use_language(language):
        words = compose(message.kind, message.params)
    return words.subject, words.body


def _due(now: datetime) -> Q:
    """Unsent messages a sender may claim now: never tried, left by a sender that stopped, or
    failed long enough ago."""
    due = Q(claimed_at=None) | Q(claimed_by__isnull=False, claimed_at__lt=now - CLAIM_TIMEOUT)
    for attempts in range(1, MAX_ATTEMPTS):
        due |= Q(claimed_by__isnull=True, attempts=attempts, claimed_at__lte=now - retry_delay(attempts))
    return due & (Q(not_before=None) | Q(not_before__lte=now))


async def _claim(worker: str, now: datetime, channels: tuple[str, ...], queue: Queue = OutboxMessage) -> Any:
    """Claim the oldest due message with a conditional update, so two senders never share one."""
    candidates = await queue.filter(_due(now), finished_at=None, attempts__lt=MAX_ATTEMPTS,
                                            channel__in=list(channels)).order_by(
        "id").limit(CLAIM_BATCH).values_list("id", "attempts")
    for message_id, attempts in candidates:
        async with in_transaction():
            claimed = await queue.filter(_due(now), id=message_id, finished_at=None, attempts=attempts).update(
                claimed_by=worker, claimed_at=now, attempts=attempts + 1
            )
        if claimed:
            return await queue.get(id=message_id)
    return None


async def send_pending(sender: Sender, limit: int = 500, stopping: Callable[[], bool] = lambda: False,
                       channels: tuple[str, ...] = (Channel.EMAIL.value,), queue: Queue = OutboxMessage) -> int:
    """Send up to ``limit`` due messages with ``sender``, each exactly once; returns how many were
    handed over.

    A sender that raises leaves its message for a later round (see ``retry_delay``); after the last
    attempt the message is "failed". A sender's Outcome may say the message cannot be delivered (it
    is finished, not sent) or must wait until later (given back without counting an attempt).
    ``stopping`` is asked before each message, so a server shutting down finishes the send in hand.
    ``queue`` is the table: the outbox's messages to people, or the mail to followers of the findings
    (``FollowerMail``, which has the same claim and state columns).
    """
    worker, sent, tried = worker_id(), 0, 0
    while tried < limit and not stopping():
        message = await _claim(worker, clock.now(), channels, queue)
        if message is None:
            break
        tried += 1
        try:
            outcome = await sender(message) or Outcome()
        except Exception as problem:  # any failure: the message waits for a retry
            last = message.attempts >= MAX_ATTEMPTS
            log.log(logging.ERROR if last else logging.WARNING, "outbox message %s not sent (attempt %s of %s): %s",
                    message.id, message.attempts, MAX_ATTEMPTS, type(problem).__name__)
            now = clock.now()
            changes = {"state": DeliveryState.FAILED.value, "state_at": now, "finished_at": now,
                       "state_detail": type(problem).__name__} if last else {}
            await queue.filter(id=message.id, claimed_by=worker).update(claimed_by=None, claimed_at=now, **changes)
            continue
        now = clock.now()
        if outcome.later is not None:  # not now: back in the queue, the attempt not counted
            await queue.filter(id=message.id, claimed_by=worker).update(
                claimed_by=None, claimed_at=None, attempts=message.attempts - 1, not_before=outcome.later)
            continue
        marked = await queue.filter(id=message.id, claimed_by=worker).update(
            finished_at=now, state=outcome.state.value, state_detail=str(outcome.detail)[:200], state_at=now,
            provider_ref=outcome.ref)
        if not marked:
            log.warning("outbox message %s was sent after its claim ran out", message.id)
        if outcome.state.left:
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
