"""Follow the findings by email, with no account: double opt-in through a real SMTP server (aiosmtpd),
one confirmation mail a day at most and the same answer whatever the address's state, one-click
unsubscribe (RFC 8058), a mail to followers when a text is published, unconfirmed addresses erased."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from jurycourt import clock
from jurycourt.actions.housekeeping import clean_up
from jurycourt.jobs.outbox_senders import run_outbox
from jurycourt.models import Follower, FollowerMail, Publication
from tests.actions.test_email_delivery import mail_settings, mailbox  # noqa: F401 - the SMTP server fixture
from tests.databases import settings_for
from tests.web.helpers import Page, post_form, sign_in

ADDRESS = "visitor@example.org"  # (the demo has followers of its own)
LINK = re.compile(r"http://testserver(/follow/(?:confirm|stop)/\d+/[0-9a-f]{64})")


async def ask(client: httpx.AsyncClient, address: str = ADDRESS) -> httpx.Response:
    page = await client.get("/findings")
    assert 'id="follow"' in page.text, "the form is on the public findings page"
    return await post_form(client, "/follow", {"email": address})


async def test_a_reader_follows_by_email_after_confirming_and_stops_in_one_click(client, second, demo, database_url,
                                                                                 mailbox):  # noqa: F811
    asked = await ask(client)
    assert asked.status_code == 200 and "follow-asked" in Page(asked.text).ids
    await run_outbox(mail_settings(database_url, mailbox))
    (confirmation,) = [m for m in mailbox.messages if m["To"] == ADDRESS]
    assert confirmation["To"] == ADDRESS and "List-Unsubscribe" not in confirmation
    confirm_path = LINK.search(confirmation.get_body(("plain",)).get_content()).group(1)
    assert (await Follower.get(email=ADDRESS)).confirmed_at is None
    page = await client.get(confirm_path)  # opening the link (or a mail scanner doing so) confirms nothing
    assert page.status_code == 200 and "follow-confirm" in Page(page.text).ids
    assert (await Follower.get(email=ADDRESS)).confirmed_at is None
    done = await post_form(client, confirm_path, {})
    assert "follow-confirmed" in Page(done.text).ids
    assert (await Follower.get(email=ADDRESS)).confirmed_at is not None

    await sign_in(client, "coordinator")
    draft = await Publication.get(slug="spring-agreements")
    await Publication.filter(id=draft.id).update(state="in_review", submitted_by_id=(await _person("coordinator")))
    assert (await post_form(second, f"/publications/{draft.id}/publish")).status_code == 303
    await run_outbox(mail_settings(database_url, mailbox))
    slug = (await Publication.get(id=draft.id)).slug
    finding = [m for m in mailbox.messages if m["To"] == ADDRESS][-1]
    assert finding["Subject"] == f"New finding: {draft.title}"
    text = finding.get_body(("plain",)).get_content()
    assert f"http://testserver/findings/{slug}" in text
    assert finding.get_body(("html",)) is not None
    assert finding["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = finding["List-Unsubscribe"].strip("<>")
    assert LINK.search(text).group(1) == stop_url.removeprefix("http://testserver")

    assert (await client.get(stop_url[:-4] + "0000")).status_code == 404
    assert "follow-stop" in Page((await client.get(stop_url)).text).ids, "opening the link asks first"
    # The mail program posts with no cookie and no form token (RFC 8058).
    transport = httpx.ASGITransport(app=client._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as mail_program:
        forged = await mail_program.post(stop_url[:-4] + "0000", data={"List-Unsubscribe": "One-Click"})
        assert forged.status_code == 403 and await Follower.exists(email=ADDRESS)
        stopped = await mail_program.post(stop_url, data={"List-Unsubscribe": "One-Click"})
    assert stopped.status_code == 200
    assert not await Follower.exists(email=ADDRESS), "the address is erased"


async def _person(login: str) -> int:
    from jurycourt.models import Account
    return (await Account.get(login=login)).person_id


async def test_the_form_sends_one_confirmation_a_day_and_answers_the_same_whatever_the_address(client, demo):
    first = await ask(client)
    again = await ask(client)
    assert Page(first.text).ids["follow-asked"] == Page(again.text).ids["follow-asked"]
    assert Page(first.text).text == Page(again.text).text
    assert await FollowerMail.filter(kind="follow_confirm", follower__email=ADDRESS).count() == 1
    await Follower.filter(email=ADDRESS).update(confirmed_at=clock.now())
    followed = await ask(client, "  Visitor@Example.org ")
    assert Page(followed.text).text == Page(first.text).text, "it does not tell who follows"
    assert await FollowerMail.filter(kind="follow_confirm", follower__email=ADDRESS).count() == 1
    assert await Follower.filter(email__icontains="visitor").values_list("email", flat=True) == [ADDRESS]


async def test_a_new_day_brings_a_new_confirmation_and_the_old_link_stops_working(client, demo):
    await ask(client)
    follower = await Follower.get(email=ADDRESS)
    await Follower.filter(id=follower.id).update(asked_at=follower.asked_at - timedelta(days=1, minutes=1))
    await ask(client)
    assert await FollowerMail.filter(kind="follow_confirm", follower_id=follower.id).count() == 2
    old = await Follower.get(id=follower.id)
    from jurycourt.actions.follow import confirm_token

    stale = await client.get(f"/follow/confirm/{follower.id}/{confirm_token('x' * 40, old)}")
    assert stale.status_code == 404 and "follow-unusable" in Page(stale.text).ids


async def test_an_address_never_confirmed_is_erased_after_a_few_days(client, demo):
    await Follower.all().delete()  # (not the demo's)
    await ask(client)
    await ask(client, "other@example.org")
    await Follower.filter(email=ADDRESS).update(confirmed_at=clock.now())
    settings = settings_for("sqlite://unused")
    assert (await clean_up(settings, clock.now() + timedelta(days=2))).followers == 0
    assert (await clean_up(settings, clock.now() + timedelta(days=3, minutes=1))).followers == 1
    assert await Follower.all().values_list("email", flat=True) == [ADDRESS]
    assert not await FollowerMail.filter(follower__email="other@example.org").exists()


async def test_a_malformed_address_is_refused_beside_its_field_with_the_input_kept(client, demo):
    response = await post_form(client, "/follow", {"email": "not an address"})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-email"]["value"] == "not an address" and "f-email-error" in page.ids
    assert not await Follower.filter(email__contains="address").exists()


async def test_one_client_asking_for_address_after_address_is_made_to_wait(client, demo):
    from jurycourt.domain.throttle import PUBLIC_FORM

    for n in range(PUBLIC_FORM.free):
        assert (await post_form(client, "/follow", {"email": f"someone{n}@example.org"})).status_code == 200
    held = await post_form(client, "/follow", {"email": "one.more@example.org"})
    assert held.status_code == 429 and "Too many attempts" in Page(held.text).text
    assert Page(held.text).ids["f-email"]["value"] == "one.more@example.org"
    assert not await Follower.exists(email="one.more@example.org")
