"""How outbox messages leave jurycourt, and the rounds that send them.

- With ``JURYCOURT_SMTP_HOST`` set, each message is emailed to the person's address through the
  standard library's ``smtplib`` (in a worker thread, one connection per round). A person with
  no email address can't be emailed: their message is marked sent without leaving, and stays
  readable by coordinators on /outbox, which says it was not emailed.
- Without a mail server in development, each message is printed (bodies are generic by rule).
- Without a mail server in production, nothing is sent: messages wait on /outbox, where
  coordinators read them and pass them on.

A round (``run_outbox``) first queues due reminders, then sends. ``jurycourt send-outbox`` runs
one; inside the server, ``outbox_service`` runs one every ``JURYCOURT_OUTBOX_INTERVAL``
seconds in the one process holding the "outbox" lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import smtplib
import ssl
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from textwrap import indent
from typing import TextIO

import anyio.to_thread

from jurycourt import clock
from jurycourt.actions.figures import close_months
from jurycourt.actions.outbox import Sender, release_lease, send_pending, take_lease, worker_id
from jurycourt.actions.reminders import enqueue_reminders
from jurycourt.jobs.periodic import Periodic, periodic
from jurycourt.models import OutboxMessage, Person
from jurycourt.settings import Settings

log = logging.getLogger("jurycourt.outbox")
LEASE = "outbox"
SMTP_TIMEOUT = 30
SHUTDOWN_GRACE = 15  # seconds a shutting-down server waits for the send in hand


def compose(message: OutboxMessage, to: str, sender: str) -> EmailMessage:
    """The email for one outbox message. Its Message-ID is stable, so a resend can be recognised."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(clock.now())
    stamp = hashlib.sha256(message.dedupe_key.encode()).hexdigest()[:16]
    email["Message-ID"] = f"<outbox-{message.id}-{stamp}@{sender.rpartition('@')[2]}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: autoresponders stay quiet
    email.set_content(message.body)
    return email


class SmtpSender:
    """Email each message through the configured SMTP server; ``aclose()`` when the round ends."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    async def __call__(self, message: OutboxMessage) -> None:
        person = await Person.get(id=message.person_id)
        if not person.email:
            log.info("outbox message %s: no email address; it stays readable on /outbox", message.id)
            return
        await anyio.to_thread.run_sync(self._send, compose(message, person.email, self.settings.smtp_from))

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
        try:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _send(self, email: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(email)
        except smtplib.SMTPServerDisconnected:  # the server hung up between messages: once more
            self._smtp = self._connect()
            self._smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as problem:
            if not isinstance(problem, smtplib.SMTPRecipientsRefused):
                self._close()  # a broken connection is not reused
            raise

    def _close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
            smtp.close()

    async def aclose(self) -> None:
        await anyio.to_thread.run_sync(self._close)


class ConsoleSender:
    """Development without a mail server: print each message."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    async def __call__(self, message: OutboxMessage) -> None:
        person = await Person.get(id=message.person_id)
        to = person.email or f"person {person.id} (no email address)"
        print(f"outbox #{message.id} to {to}: {message.subject}\n{indent(message.body, '    ')}",
              file=self.stream or sys.stdout, flush=True)


@contextlib.asynccontextmanager
async def open_sender(settings: Settings) -> AsyncIterator[Sender | None]:
    """The sender these settings call for, or None: production without a mail server sends nothing."""
    if settings.smtp_host:
        sender = SmtpSender(settings)
        try:
            yield sender
        finally:
            await sender.aclose()
    elif not settings.production:
        yield ConsoleSender()
    else:
        yield None


@dataclass(frozen=True)
class OutboxRound:
    reminders: int
    sent: int
    waiting: int
    can_send: bool


async def run_outbox(settings: Settings, stop: asyncio.Event | None = None) -> OutboxRound:
    """One round: queue due reminders, then send every due message (when there is a way to).

    Once ``stop`` is set, the round ends after the message in hand.
    """
    reminders = await enqueue_reminders()
    async with open_sender(settings) as sender:
        sent = await send_pending(sender, stopping=stop.is_set if stop else lambda: False) if sender else 0
    waiting = await OutboxMessage.filter(sent_at=None).count()
    return OutboxRound(reminders, sent, waiting, sender is not None)


async def outbox_round(settings: Settings, holder: str, stop: asyncio.Event,
                       paused: Callable[[], bool] = lambda: False) -> None:
    """A round of the server's outbox job: run the outbox if this process holds the "outbox" lease
    (none while ``paused``: the site is in maintenance)."""
    ttl = timedelta(seconds=max(3 * settings.outbox_interval, 60))  # a holder that stops is replaced after this
    if not paused() and await take_lease(LEASE, holder, ttl):
        await close_months()  # a month that has just closed gets its figures published, once
        done = await run_outbox(settings, stop)
        if done.reminders or done.sent:
            log.info("outbox: %s reminders queued, %s messages sent", done.reminders, done.sent)


@contextlib.asynccontextmanager
async def outbox_service(settings: Settings, paused: Callable[[], bool] = lambda: False
                         ) -> AsyncIterator[Periodic | None]:
    """Run ``outbox_round`` every ``outbox_interval`` seconds while the server runs (not at all with
    0). A round that fails (database away, mail server down) is logged and tried again."""
    if settings.outbox_interval <= 0:
        yield None
        return
    holder = worker_id()
    stop = asyncio.Event()  # set as the server stops: the round ends after the message in hand
    # Let a round finish the message in hand (so it is marked sent), then stop; cancel if it hangs.
    async with periodic("outbox", settings.outbox_interval, lambda now: outbox_round(settings, holder, stop, paused),
                        log=log, grace=SHUTDOWN_GRACE, detail=True) as job:
        try:
            yield job
        finally:
            stop.set()
    with contextlib.suppress(Exception):  # shutting down with the database away: the lease expires
        await release_lease(LEASE, holder)
