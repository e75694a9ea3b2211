"""Outbox rounds: the senders (SMTP, printed), `jurycourt send-outbox`, and the server's loop."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from datetime import UTC, datetime, timedelta

import pytest
from asgi_lifespan import LifespanManager

from jurycourt.actions.outbox import enqueue, send_pending
from jurycourt.actions.reminders import enqueue_reminders
from jurycourt.app import create_app
from jurycourt.domain.messaging import Channel
from jurycourt.jobs import outbox_senders
from jurycourt.jobs.outbox_senders import ConsoleSender, open_senders, run_outbox
from jurycourt.models import Lease, OutboxMessage
from tests.databases import TEST_SECRET, settings_for
from tests.duties import CONFIDENTIAL_TITLE, court, hearing_at, seat_for, someone

SMTP = {"smtp_host": "smtp.example.org", "smtp_port": 2525, "smtp_user": "court", "smtp_password": "pw",
        "smtp_from": "court@example.org"}


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what a real server would have been asked."""

    sessions: list[FakeSMTP] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.address, self.sent, self.steps = (host, port), [], []
        FakeSMTP.sessions.append(self)

    def starttls(self, context) -> None:
        self.steps.append("starttls")

    def login(self, user: str, password: str) -> None:
        self.steps.append(f"login {user}")

    def send_message(self, email) -> None:
        self.sent.append(email)

    def quit(self) -> None:
        self.steps.append("quit")

    def close(self) -> None:
        pass


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.sessions = []
    monkeypatch.setattr(outbox_senders.smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


async def test_with_a_mail_server_each_message_is_emailed_to_the_person_once(app, fake_smtp):
    imani, nomail = await someone(), await someone("Nomail", email="")
    await enqueue(imani.id, "invitation", "invitation:1", "You are invited to serve", "Open jurycourt.")
    await enqueue(nomail.id, "invitation", "invitation:2", "You are invited to serve", "Open jurycourt.")
    done = await run_outbox(settings_for("sqlite://unused", **SMTP))
    again = await run_outbox(settings_for("sqlite://unused", **SMTP))
    assert (done.sent, again.sent) == (1, 0), "a message to someone without an address is not sent"
    (session,) = [s for s in fake_smtp.sessions if s.sent]
    assert session.address == ("smtp.example.org", 2525)
    assert session.steps == ["starttls", "login court", "quit"]
    (email,) = session.sent
    assert (email["To"], email["From"], email["Subject"]) == ("imani@example.org", "court@example.org",
                                                              "You are invited to serve")
    assert email.get_body(("plain",)).get_content().strip() == "Open jurycourt."
    assert email["Message-ID"].endswith("@example.org>")
    # Someone without an address can't be emailed: the message is finished as "cannot be delivered",
    # never "sent", and stays readable on /outbox.
    assert await OutboxMessage.filter(finished_at=None).count() == 0
    unsent = await OutboxMessage.get(person_id=nomail.id)
    assert (unsent.state, unsent.state_detail) == ("undeliverable", "no email address")
    assert (await OutboxMessage.get(person_id=imani.id)).state == "sent"


async def test_a_plain_relay_is_used_without_starttls_or_login(app, fake_smtp):
    imani = await someone()
    await enqueue(imani.id, "test", "test:1", "Subject", "Body.")
    settings = settings_for("sqlite://unused", smtp_host="localhost", smtp_port=25, smtp_from="c@example.org",
                            smtp_starttls=0)
    assert (await run_outbox(settings)).sent == 1
    assert fake_smtp.sessions[0].steps == ["quit"]


async def test_in_development_without_a_mail_server_messages_are_printed(app, capsys):
    imani = await someone()
    await enqueue(imani.id, "test", "test:1", "You are invited to serve", "Open jurycourt to answer.")
    done = await run_outbox(settings_for("sqlite://unused"))
    assert done.sent == 1
    out = capsys.readouterr().out
    assert "to imani@example.org: You are invited to serve" in out
    assert "    Open jurycourt to answer." in out


async def test_in_production_without_a_mail_server_messages_wait_for_coordinators(app):
    imani = await someone()
    await enqueue(imani.id, "test", "test:1", "Subject", "Body.")
    production = settings_for("sqlite://unused").with_(environment="production")
    done = await run_outbox(production)
    assert (done.sent, done.waiting, done.can_send) == (0, 1, False)
    assert await OutboxMessage.filter(finished_at=None).count() == 1


async def test_development_prints_reminders_without_case_details(app):
    hearing = await hearing_at(await court(), datetime.now(UTC) + timedelta(hours=20))
    await seat_for(await someone(), hearing)
    async with open_senders(settings_for("sqlite://unused")) as senders:
        assert isinstance(senders[Channel.EMAIL], ConsoleSender)
    out = io.StringIO()
    assert await enqueue_reminders() == 1
    assert await send_pending(ConsoleSender(out)) == 1
    assert "imani@example.org: Reminder: you serve on" in out.getvalue()
    assert CONFIDENTIAL_TITLE not in out.getvalue() and "Castillo" not in out.getvalue()


async def test_the_server_sends_the_outbox_every_interval_holding_the_lease(database_url):
    app = create_app(settings_for(database_url, outbox_interval=3600))
    async with LifespanManager(app):
        job = app.state.jobs["outbox"]
        await asyncio.wait_for(job.rounds_done(1), 30)  # the first round, as the server starts: nothing yet
        imani = await someone()
        await enqueue(imani.id, "test", "test:1", "Subject", "Body.")
        job.wake()  # the interval has passed
        await asyncio.wait_for(job.rounds_done(2), 30)
        assert await OutboxMessage.filter(finished_at__isnull=False).count() == 1
        assert await Lease.filter(name="outbox").count() == 1
    # Closed down cleanly: the lease is given up for the next process.
    check = create_app(settings_for(database_url))
    async with LifespanManager(check):
        assert await Lease.filter(name="outbox").count() == 0


async def test_with_the_interval_at_zero_the_server_sends_nothing(app):
    imani = await someone()
    await enqueue(imani.id, "test", "test:1", "Subject", "Body.")
    assert app.state.jobs["outbox"] is None  # no round is ever run
    assert await OutboxMessage.filter(finished_at=None).count() == 1
    assert not await Lease.exists(name="outbox")


async def test_send_outbox_command_queues_reminders_then_sends_each_message(app, database_url):
    hearing = await hearing_at(await court(), datetime.now(UTC) + timedelta(hours=20))
    juror = await someone("Juror", "juror@example.org")
    await seat_for(juror, hearing)
    await enqueue(juror.id, "invitation", "invitation:x", "You are invited to serve", "Open jurycourt.")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    env.update(JURYCOURT_DATABASE_URL=database_url, JURYCOURT_SECRET_KEY=TEST_SECRET,
               JURYCOURT_PSEUDONYM_KEY=TEST_SECRET[::-1],
               JURYCOURT_PASSWORD_HASHING="cheapest")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jurycourt", "send-outbox", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    assert "1 reminders queued, 2 messages sent" in out.decode()
    assert "to juror@example.org: Reminder: you serve on" in out.decode()
    assert await OutboxMessage.filter(finished_at=None).count() == 0


async def test_a_reminder_is_written_at_send_time_in_the_recipients_language(app, fake_smtp):
    from jurycourt.models import Person

    hearing = await hearing_at(await court(), datetime.now(UTC) + timedelta(hours=30))
    lucia = await someone("Lucía")
    await seat_for(lucia, hearing)
    assert await enqueue_reminders() == 1
    queued = await OutboxMessage.get(kind="reminder")
    assert queued.subject.startswith("Reminder: you serve on"), "queued in her language of the moment"
    # She chooses Spanish before the round: the email goes out in Spanish, with no English words.
    await Person.filter(id=lucia.id).update(language="es-US")
    assert (await run_outbox(settings_for("sqlite://unused", **SMTP))).sent == 1
    (email,) = [e for s in fake_smtp.sessions for e in s.sent]
    assert email["Subject"].startswith("Recordatorio: participas el")
    assert email["Content-Language"] == "es-US"
    body = email.get_body(("plain",)).get_content()
    assert "Este es un recordatorio" in body and "audiencia" in body
    for english in ("Reminder", "serve", "hearing", "Open jurycourt", "time)"):
        assert english not in email["Subject"] + body
