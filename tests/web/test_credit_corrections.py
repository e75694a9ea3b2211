"""A coordinator corrects a member's time credits from their statement: a reversal or a manual
adjustment, each with a reason, and each posted once however often the form is sent."""

from __future__ import annotations

from jurycourt.domain.ledger import PostingKind
from jurycourt.models import Account, LedgerEntry, Posting, ServiceClaim
from tests.web.helpers import Page, post_form, sign_in
from tests.web.test_credits import balance_of, person_id


def _form_key(html: str, action_part: str) -> str:
    """The hidden idempotency key of the form whose action contains ``action_part``."""
    form = html.split(action_part, 1)[1].split("</form>", 1)[0]
    return form.split('name="key" value="', 1)[1].split('"', 1)[0]


async def _service_credit_of(program_id: int, login: str) -> Posting:
    """A service credit on the member's statement (the demo logs tutoring for the respondent)."""
    account = f"person:{await person_id(login)}"
    entry = await LedgerEntry.filter(account__key=account, account__program_id=program_id,
                                     posting__kind=PostingKind.SERVICE_CREDIT).order_by("-id").first()
    return await Posting.get(id=entry.posting_id)


async def test_each_showing_of_the_statement_carries_fresh_form_keys(client, demo):
    respondent = await person_id("respondent")
    await sign_in(client, "coordinator")
    first = (await client.get(f"/people/{respondent}/credits")).text
    second = (await client.get(f"/people/{respondent}/credits")).text
    assert _form_key(first, "/credits/adjust") != _form_key(second, "/credits/adjust")
    assert _form_key(first, "/credits/service") != _form_key(second, "/credits/service")
    assert _form_key(first, "/credits/adjust") != _form_key(first, "/credits/service")


async def test_a_manual_adjustment_with_a_reason_posts_once_when_the_form_is_sent_twice(client, demo):
    respondent = await person_id("respondent")
    before = await balance_of(demo.id, "respondent")
    await sign_in(client, "coordinator")
    key = _form_key((await client.get(f"/people/{respondent}/credits")).text, "/credits/adjust")
    data = {"direction": "add", "adjust_hours": "1", "adjust_minutes": "15", "reason": "Setting up the hall",
            "key": key}

    first = await post_form(client, f"/people/{respondent}/credits/adjust", data)
    again = await post_form(client, f"/people/{respondent}/credits/adjust", data)

    assert first.status_code == again.status_code == 303
    assert await balance_of(demo.id, "respondent") == before + 75
    assert await Posting.filter(kind=PostingKind.MANUAL_ADJUSTMENT).count() == 1
    await sign_in(client, "respondent")
    statement = Page((await client.get("/me/credits")).text).text
    assert "Adjustment: Setting up the hall" in statement


async def test_taking_credit_away_obeys_the_floor_and_keeps_the_input(client, demo):
    respondent = await person_id("respondent")
    before = await balance_of(demo.id, "respondent")
    await sign_in(client, "coordinator")
    key = _form_key((await client.get(f"/people/{respondent}/credits")).text, "/credits/adjust")
    response = await post_form(client, f"/people/{respondent}/credits/adjust", {
        "direction": "take", "adjust_hours": str(before // 60 + 100), "reason": "Logged twice", "key": key})

    assert response.status_code == 400
    page = Page(response.text)
    assert "Not enough time credit" in page.text
    assert 'value="Logged twice"' in response.text
    assert await balance_of(demo.id, "respondent") == before


async def test_an_adjustment_without_a_reason_or_a_form_key_is_refused(client, demo):
    respondent = await person_id("respondent")
    await sign_in(client, "coordinator")
    key = _form_key((await client.get(f"/people/{respondent}/credits")).text, "/credits/adjust")
    no_reason = await post_form(client, f"/people/{respondent}/credits/adjust",
                                {"direction": "add", "adjust_hours": "1", "reason": " ", "key": key})
    no_key = await post_form(client, f"/people/{respondent}/credits/adjust",
                             {"direction": "add", "adjust_hours": "1", "reason": "Bonus"})

    assert no_reason.status_code == no_key.status_code == 400
    assert "Say why" in Page(no_reason.text).text
    assert "This form has expired" in Page(no_key.text).text
    assert not await Posting.filter(kind=PostingKind.MANUAL_ADJUSTMENT).exists()


async def test_a_coordinator_reverses_a_service_credit_once_with_the_reason_on_the_statement(client, demo):
    respondent = await person_id("respondent")
    credit = await _service_credit_of(demo.id, "respondent")
    minutes = await LedgerEntry.get(posting_id=credit.id, account__key=f"person:{respondent}").values_list(
        "minutes", flat=True)
    before = await balance_of(demo.id, "respondent")
    await sign_in(client, "coordinator")
    page = (await client.get(f"/people/{respondent}/credits")).text
    url = f"/people/{respondent}/credits/postings/{credit.id}/reverse"
    assert url in page

    first = await post_form(client, url, {"reason": "Recorded for the wrong person"})
    again = await post_form(client, url, {"reason": "Recorded for the wrong person"})

    assert first.status_code == again.status_code == 303
    assert await balance_of(demo.id, "respondent") == before - minutes
    assert await Posting.filter(reverses_id=credit.id).count() == 1
    after = (await client.get(f"/people/{respondent}/credits")).text
    assert url not in after, "a reversed posting can't be reversed again"
    assert "Recorded for the wrong person" in Page(after).text


async def test_a_reversal_needs_a_reason_and_members_cannot_reverse(client, demo):
    respondent = await person_id("respondent")
    credit = await _service_credit_of(demo.id, "respondent")
    url = f"/people/{respondent}/credits/postings/{credit.id}/reverse"
    await sign_in(client, "coordinator")
    refused = await post_form(client, url, {"reason": ""})
    assert refused.status_code == 400
    assert "Say why" in Page(refused.text).text

    await sign_in(client, "respondent")
    assert (await post_form(client, url, {"reason": "Mine"})).status_code == 404
    assert (await post_form(client, f"/people/{respondent}/credits/adjust", {
        "direction": "add", "adjust_hours": "9", "reason": "Mine", "key": "k" * 24})).status_code == 404
    assert not await Posting.filter(reverses_id=credit.id).exists()


async def test_a_posting_on_someone_elses_statement_cannot_be_reversed_from_this_one(client, demo):
    juror = await person_id("juror")
    credit = await _service_credit_of(demo.id, "respondent")
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/people/{juror}/credits/postings/{credit.id}/reverse", {"reason": "x"})
    assert response.status_code == 404
    assert not await Posting.filter(reverses_id=credit.id).exists()


async def test_logging_service_twice_from_the_same_form_credits_it_once(client, demo):
    juror = await person_id("juror")
    before = await balance_of(demo.id, "juror")
    claims = await ServiceClaim.filter(person_id=juror).count()
    await sign_in(client, "coordinator")
    key = _form_key((await client.get(f"/people/{juror}/credits")).text, "/credits/service")
    data = {"hours": "2", "minutes": "", "note": "Mentoring", "served_on": "2024-05-02", "key": key}

    first = await post_form(client, f"/people/{juror}/credits/service", data)
    again = await post_form(client, f"/people/{juror}/credits/service", data)

    assert first.status_code == again.status_code == 303
    assert await balance_of(demo.id, "juror") == before + 120
    assert await ServiceClaim.filter(person_id=juror).count() == claims + 1
    fresh = _form_key((await client.get(f"/people/{juror}/credits")).text, "/credits/service")
    assert (await post_form(client, f"/people/{juror}/credits/service", {**data, "key": fresh})).status_code == 303
    assert await balance_of(demo.id, "juror") == before + 240, "a new showing of the form logs new service"
    assert await Account.exists(login="juror")
