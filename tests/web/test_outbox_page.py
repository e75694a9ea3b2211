"""The coordinator's outbox page: their people's messages, newest first, a page at a time."""

from __future__ import annotations

from jurycourt.actions.outbox import enqueue
from jurycourt.domain.roles import Role
from jurycourt.i18n import use_language
from jurycourt.i18n.formatting import local_datetime
from jurycourt.models import Account, Membership, OutboxMessage, Person
from jurycourt.queries.paging import PAGE_SIZE
from tests.duties import court, someone
from tests.web.helpers import Page, sign_in


async def _juror_id() -> int:
    """The demo juror, reached by email alone here (one row per message)."""
    person_id = (await Account.get(login="juror")).person_id
    await Person.filter(id=person_id).update(contact_by="email")
    return person_id


async def test_coordinators_see_their_peoples_messages_newest_first(client, demo):
    juror = await _juror_id()
    await enqueue(juror, "test", "test:older", "Older message", "Generic.")
    await enqueue(juror, "test", "test:newer", "Newer message", "Open jurycourt to answer.")
    elsewhere = await someone("Outsider", "outsider@example.org")
    await Membership.create(person=elsewhere, program=await court(), role=Role.JUROR)
    await enqueue(elsewhere.id, "test", "test:elsewhere", "Another program's message", "Generic.")
    await sign_in(client, "coordinator")
    response = await client.get("/outbox")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.text.index("Newer message") < page.text.index("Older message")
    assert "Open jurycourt to answer." in page.text
    assert "juror@example.org" in page.text
    assert "Another program's message" not in page.text
    assert "waiting" in page.text


async def test_sent_messages_show_when_they_went(client, demo):
    juror = await _juror_id()
    message = await enqueue(juror, "test", "test:sent", "Sent message", "Generic.")
    await OutboxMessage.filter(id=message.id).update(finished_at=message.created_at, state="sent",
                                                     state_at=message.created_at)
    await enqueue(juror, "test", "test:unsent", "Unsent message", "Generic.")
    await sign_in(client, "coordinator")
    html = (await client.get("/outbox")).text
    rows = {name: html[html.index(name):].split("</tr>", 1)[0] for name in ("Sent message", "Unsent message")}
    assert "waiting" in rows["Unsent message"]
    assert "waiting" not in rows["Sent message"]
    with use_language("en-US"):
        shown = local_datetime(message.created_at, "America/New_York")
    assert shown in rows["Sent message"].split("</td>", 2)[2]


async def test_the_outbox_is_paged(client, demo):
    juror = await _juror_id()
    for n in range(PAGE_SIZE + 5):
        await enqueue(juror, "test", f"test:{n}", f"Numbered message {n:02d}", "Generic.")
    await sign_in(client, "coordinator")
    first = Page((await client.get("/outbox")).text)
    assert f"Numbered message {PAGE_SIZE + 4:02d}" in first.text
    assert "Numbered message 00" not in first.text
    assert "/outbox?page=2" in first.links
    # Newest first: the oldest numbered message is the 5th of page 2, before the demo's own messages.
    second = Page((await client.get("/outbox?page=2")).text)
    assert "Numbered message 00" in second.text and f"Numbered message {PAGE_SIZE + 4:02d}" not in second.text


async def test_the_outbox_is_not_found_for_anyone_but_a_coordinator(client, demo):
    await enqueue(await _juror_id(), "test", "test:1", "A message", "Generic.")
    await sign_in(client, "juror")
    response = await client.get("/outbox")
    assert response.status_code == 404
    assert "A message" not in response.text
    client.cookies.clear()
    anonymous = await client.get("/outbox")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_mail_to_followers_shows_with_the_address_shortened_and_no_words(client, demo):
    from jurycourt import clock
    from jurycourt.actions.follow import ask_to_follow, confirm_token
    from jurycourt.models import Follower, FollowerMail

    await ask_to_follow("follower@example.org", "en-US")
    follower = await Follower.get(email="follower@example.org")
    await FollowerMail.create(follower=follower, kind="finding", dedupe_key="finding:1:x", params={"publication_id": 1},
                              state="sent", finished_at=clock.now(), state_at=clock.now())
    await sign_in(client, "coordinator")
    html = (await client.get("/outbox")).text
    table = Page(html).text[Page(html).text.index("Mail to followers"):]
    assert "f…@example.org" in table and "follower@example.org" not in html
    assert "Confirm that you want new findings by email" in table and "A new finding was published" in table
    assert "links only the follower may use: not shown here" in table
    assert confirm_token(client.app.state.settings.secret_key, follower) not in html
    assert "sent" in table.split("A new finding was published", 1)[1]
    await sign_in(client, "juror")
    assert (await client.get("/outbox")).status_code == 404
