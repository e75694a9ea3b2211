"""Email through a real SMTP server started by the test (aiosmtpd): what arrives, multipart and headers,
and a refused address recorded as a bounce rather than a "sent" message."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from jurycourt.actions.outbox import enqueue
from jurycourt.jobs.outbox_senders import run_outbox
from jurycourt.models import OutboxMessage
from tests.databases import settings_for
from tests.duties import someone

REFUSED = "nobody@bounce.example.org"


class Mailbox:
    """Keeps every message the server accepts; refuses one address as a real server would."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


@pytest.fixture
def mailbox():
    box = Mailbox()
    with socket.socket() as probe:  # a free port (the controller's readiness check needs a real one)
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


def mail_settings(database_url: str, box: Mailbox):
    return settings_for(database_url, smtp_host="127.0.0.1", smtp_port=box.port, smtp_from="court@example.org",
                        smtp_starttls=0)


async def test_an_email_arrives_as_plain_text_and_html_with_list_unsubscribe_and_its_thread(app, database_url,
                                                                                            mailbox):
    imani = await someone()
    await enqueue(imani.id, "reminder", "reminder:1", "Reminder: you serve on Tue 8 Dec",
                  "You serve as juror on Tuesday.\n\nOpen jurycourt to see your duties.", thread="hearing:7")
    await enqueue(imani.id, "invitation", "invitation:1", "You are invited to serve", "Open <jurycourt>.",
                  thread="hearing:7")
    done = await run_outbox(mail_settings(database_url, mailbox))
    assert done.sent == 2
    by_subject = {m["Subject"]: m for m in mailbox.messages}
    reminder, invitation = by_subject["Reminder: you serve on Tue 8 Dec"], by_subject["You are invited to serve"]
    assert reminder["To"] == "imani@example.org"
    assert reminder.get_content_type() == "multipart/alternative"
    plain = reminder.get_body(("plain",)).get_content()
    html = reminder.get_body(("html",)).get_content()
    assert "You serve as juror on Tuesday." in plain and "<p>You serve as juror on Tuesday.</p>" in html
    assert reminder["List-Unsubscribe"] == "<http://testserver/me/messages>"
    assert invitation["List-Unsubscribe"] is None, "an invitation to one person is not bulk mail"
    assert "&lt;jurycourt&gt;" in invitation.get_body(("html",)).get_content(), "the HTML part is escaped"
    assert reminder["References"] == invitation["References"] and reminder["In-Reply-To"]
    assert reminder["Message-ID"] != invitation["Message-ID"]
    assert {m.state for m in await OutboxMessage.all()} == {"sent"}


async def test_an_address_the_server_refuses_is_recorded_as_undeliverable(app, database_url, mailbox):
    bounced = await someone("Bounce", REFUSED)
    await enqueue(bounced.id, "invitation", "invitation:1", "You are invited to serve", "Open jurycourt.")
    done = await run_outbox(mail_settings(database_url, mailbox))
    message = await OutboxMessage.get(dedupe_key="invitation:1")
    assert (done.sent, message.state) == (0, "undeliverable")
    assert message.state_detail == "the mail server refused the address"
    assert mailbox.messages == []
