"""How outbox messages leave jurycourt, and the rounds that send them.

- Email: with ``JURYCOURT_SMTP_HOST`` set, each message is emailed (plain text and HTML) through the
  standard library's ``smtplib`` (in a worker thread, one connection per round). A person with no
  email address can't be emailed: the message is "cannot be delivered", never "sent", and stays
  readable by coordinators on /outbox. Without a mail server in development each message is
  printed; in production nothing is emailed and messages wait on /outbox.
- Text messages go through the provider (``jurycourt.jobs.texts``; printed in development) only to
  a number with recorded consent that has not replied STOP, never at night in the program's time
  zone and at most one an hour per person, except answers to the person's own text and notices
  that a duty within the next 12 hours was cancelled or moved (``jurycourt.domain.messaging``).

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
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from textwrap import indent
from typing import TextIO

import anyio.to_thread

from jurycourt import clock, i18n
from jurycourt.actions.figures import close_months
from jurycourt.actions.follow import confirm_token, stop_token
from jurycourt.actions.outbox import (
    Outcome,
    Sender,
    release_lease,
    send_pending,
    take_lease,
    text_for,
    words_for,
    worker_id,
)
from jurycourt.actions.recommendation_reminders import enqueue_overdue_reminders
from jurycourt.actions.reminders import enqueue_reminders
from jurycourt.actions.surveys import send_follow_up_surveys
from jurycourt.actions.texting import stop_number
from jurycourt.domain import follow, messaging
from jurycourt.domain.messaging import Channel, DeliveryState
from jurycourt.domain.publication import PublicationState
from jurycourt.i18n import N_
from jurycourt.jobs import texts
from jurycourt.jobs.periodic import Periodic, periodic
from jurycourt.models import Follower, FollowerMail, OutboxMessage, Person, Publication
from jurycourt.queries.publication_guard import may_show
from jurycourt.queries.reach import reach_of, zone_of
from jurycourt.settings import Settings

log = logging.getLogger("jurycourt.outbox")
LEASE = "outbox"
SMTP_TIMEOUT = 30
SHUTDOWN_GRACE = 15  # seconds a shutting-down server waits for the send in hand


#: Mail sent to many people on a schedule: it carries List-Unsubscribe (RFC 2369) pointing to the page
#: where the person chooses how (and whether) jurycourt reaches them.
BULK_KINDS = ("reminder", "reminder_tonight", "reminder_soon", "finding")
#: Stored in English with the message (the outbox page shows it in the reader's language).
REFUSED_ADDRESS = N_("the mail server refused the address")
WITHHELD = N_("the text is no longer shown on the public site")


def compose(message: OutboxMessage, to: str, sender: str, language: str | None = None,
            base_url: str = "") -> EmailMessage:
    """The email for one outbox message, in the recipient's ``language`` (its words are written at send
    time when the message keeps its facts): plain text with an HTML alternative. Its Message-ID is
    stable, so a resend can be recognised; messages of one thread (a hearing) refer to its root."""
    subject, body = words_for(message, language)
    domain = sender.rpartition("@")[2]
    headers = {}
    if message.thread:
        root = f"<thread-{hashlib.sha256(message.thread.encode()).hexdigest()[:16]}@{domain}>"
        headers = {"In-Reply-To": root, "References": root}
    if message.kind in BULK_KINDS and base_url:
        headers["List-Unsubscribe"] = f"<{base_url.rstrip('/')}/me/messages>"
    return mime(subject, body, to, sender, language, f"outbox-{message.id}-{message.dedupe_key}", headers)


def mime(subject: str, body: str, to: str, sender: str, language: str | None, key: str,
         headers: dict[str, str]) -> EmailMessage:
    """An email of plain text with an HTML alternative; its Message-ID is made from ``key`` (stable)."""
    email = EmailMessage()
    domain = sender.rpartition("@")[2]
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Date"] = format_datetime(clock.now())
    prefix, _, rest = key.partition("-")
    number, _, _ = rest.partition("-")
    email["Message-ID"] = f"<{prefix}-{number}-{hashlib.sha256(key.encode()).hexdigest()[:16]}@{domain}>"
    for name, value in headers.items():
        email[name] = value
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: autoresponders stay quiet
    email.set_content(body)
    paragraphs = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in body.split("\n\n"))
    email.add_alternative(f"<!doctype html><html><body>{paragraphs}</body></html>", subtype="html")
    email["Content-Language"] = i18n.supported(language) or i18n.DEFAULT_LANGUAGE  # set_content clears Content-*
    return email


class SmtpSender:
    """Email each message through the configured SMTP server; ``aclose()`` when the round ends."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    async def __call__(self, message: OutboxMessage) -> Outcome:
        person = await Person.get(id=message.person_id)
        if "@" not in person.email:
            log.info("outbox message %s: no email address; it stays readable on /outbox", message.id)
            return Outcome(DeliveryState.UNDELIVERABLE, str(messaging.NO_EMAIL))
        email = compose(message, person.email, self.settings.smtp_from, person.language, self.settings.base_url)
        try:
            await anyio.to_thread.run_sync(self._send, email)
        except smtplib.SMTPRecipientsRefused:  # the server reports the address itself is refused: a bounce
            return Outcome(DeliveryState.UNDELIVERABLE, str(REFUSED_ADDRESS))
        return Outcome()

    async def deliver(self, email: EmailMessage) -> Outcome:
        """Email one composed message (a follower's mail); the server refusing the address is a bounce."""
        try:
            await anyio.to_thread.run_sync(self._send, email)
        except smtplib.SMTPRecipientsRefused:
            return Outcome(DeliveryState.UNDELIVERABLE, str(REFUSED_ADDRESS))
        return Outcome()

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

    async def __call__(self, message: OutboxMessage) -> Outcome:
        person = await Person.get(id=message.person_id)
        if "@" not in person.email:
            return Outcome(DeliveryState.UNDELIVERABLE, str(messaging.NO_EMAIL))
        subject, body = words_for(message, person.language)
        print(f"outbox #{message.id} to {person.email}: {subject}\n{indent(body, '    ')}",
              file=self.stream or sys.stdout, flush=True)
        return Outcome()


def duty_times(message: OutboxMessage) -> list[datetime]:
    """When the duty a notice is about starts, as it was and as it now is (from the message's facts)."""
    params = message.params or {}
    found = []
    for name in ("starts_at", "was_at"):
        if isinstance(params.get(name), str):
            with contextlib.suppress(ValueError):
                found.append(datetime.fromisoformat(params[name]))
    return found


class TextSender:
    """Text messages: only where the messaging rule allows, at an hour and pace it allows."""

    def __init__(self, settings: Settings, provider: texts.TextProvider | None,
                 now: Callable[[], datetime] = clock.now) -> None:
        self.settings = settings
        self.provider = provider
        self.now = now

    async def __call__(self, message: OutboxMessage) -> Outcome:
        now = self.now()
        person = await Person.get(id=message.person_id)
        reach = await reach_of(person, self.provider is not None, now.date())
        obstacle = messaging.obstacle(Channel.TEXT, reach)
        if obstacle is not None:
            return Outcome(DeliveryState.UNDELIVERABLE, str(obstacle))
        if not messaging.is_urgent(message.kind, duty_times(message), now):
            zone = await zone_of(person.id, self.settings.time_zone)
            local = now.astimezone(zone)
            if messaging.in_quiet_hours(local):
                return Outcome(later=messaging.quiet_hours_end(local).astimezone(UTC))
            last = await OutboxMessage.filter(person_id=person.id, channel=Channel.TEXT.value,
                                              state__in=["sent", "delivered"]).order_by("-finished_at").first()
            if last is not None and not messaging.text_may_go(False, last.finished_at, now):
                return Outcome(later=last.finished_at + messaging.TEXT_SPACING)
        assert self.provider is not None and reach.phone is not None
        status_url = f"{self.settings.base_url.rstrip('/')}/hooks/texts/status"
        result = await self.provider.send(reach.phone, text_for(message, person.language), status_url)
        if isinstance(result, texts.Handed):
            return Outcome(ref=result.ref)
        if result.stopped:
            await stop_number(reach.phone, now)
            return Outcome(DeliveryState.UNDELIVERABLE, str(messaging.STOPPED))
        if result.unusable:
            return Outcome(DeliveryState.UNDELIVERABLE, str(messaging.NO_PHONE))
        return Outcome(DeliveryState.FAILED, f"provider error {result.code}")


class FollowerSender:
    """Mail to followers of the findings: the confirmation, and each newly published text, written now
    in the follower's language from what the public site may show now (a text withheld since it was
    published is not mailed). Every finding mail carries one-click unsubscribe (RFC 8058)."""

    def __init__(self, settings: Settings, smtp: SmtpSender | None, stream: TextIO | None = None) -> None:
        self.settings = settings
        self.smtp = smtp
        self.stream = stream

    async def __call__(self, mail: FollowerMail) -> Outcome:
        follower = await Follower.get(id=mail.follower_id)
        base = self.settings.base_url.rstrip("/")
        secret = self.settings.secret_key
        stop_url = f"{base}/follow/stop/{follower.id}/{stop_token(secret, follower.id)}"
        headers: dict[str, str] = {}
        with i18n.use_language(follower.language or None):
            if mail.kind == "follow_confirm":
                words = follow.confirmation(f"{base}/follow/confirm/{follower.id}/{confirm_token(secret, follower)}")
            else:
                publication = await Publication.get_or_none(id=int((mail.params or {}).get("publication_id", 0)))
                if publication is None or publication.state != PublicationState.PUBLISHED \
                        or not await may_show([publication]):
                    return Outcome(DeliveryState.UNDELIVERABLE, str(WITHHELD))
                words = follow.new_finding(publication.title, publication.summary,
                                           f"{base}/findings/{publication.slug}", stop_url)
                headers = {"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        email = mime(words.subject, words.body, follower.email, self.settings.smtp_from, follower.language,
                     f"follow-{mail.id}-{mail.dedupe_key}", headers)
        if self.smtp is not None:
            return await self.smtp.deliver(email)
        print(f"follower mail #{mail.id} to {follower.email}: {words.subject}\n{indent(words.body, '    ')}",
              file=self.stream or sys.stdout, flush=True)
        return Outcome()


@contextlib.asynccontextmanager
async def open_senders(settings: Settings) -> AsyncIterator[dict[Channel, Sender]]:
    """The sender for each channel these settings allow. Production without a mail server emails
    nothing (messages wait on /outbox); texts always have a sender, which marks them undeliverable
    when texting is off."""
    senders: dict[Channel, Sender] = {}
    provider = texts.provider_for(settings)
    smtp = SmtpSender(settings) if settings.smtp_host else None
    if smtp is not None:
        senders[Channel.EMAIL] = smtp
    elif not settings.production:
        senders[Channel.EMAIL] = ConsoleSender()
    senders[Channel.TEXT] = TextSender(settings, provider)
    try:
        yield senders
    finally:
        if smtp is not None:
            await smtp.aclose()
        if provider is not None:
            await provider.aclose()


@dataclass(frozen=True)
class OutboxRound:
    reminders: int
    sent: int
    waiting: int
    can_send: bool


async def run_outbox(settings: Settings, stop: asyncio.Event | None = None) -> OutboxRound:
    """One round: queue due reminders, then send every due message by each channel that can send.

    Once ``stop`` is set, the round ends after the message in hand.
    """
    reminders = await enqueue_reminders() + await enqueue_overdue_reminders()
    reminders += await send_follow_up_surveys(settings.base_url)  # the youth's survey goes with a check come due
    stopping = stop.is_set if stop else lambda: False
    sent = 0
    async with open_senders(settings) as senders:
        for channel, sender in senders.items():
            sent += await send_pending(sender, stopping=stopping, channels=(channel.value,))
        if Channel.EMAIL in senders:  # followers of the findings, by the same mail server
            email = senders[Channel.EMAIL]
            followers = FollowerSender(settings, email if isinstance(email, SmtpSender) else None)
            sent += await send_pending(followers, stopping=stopping, queue=FollowerMail)
    waiting = await OutboxMessage.filter(finished_at=None).count()
    return OutboxRound(reminders, sent, waiting, Channel.EMAIL in senders)


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
