"""A member proposes other service from their credits page: each showing of the form proposes once."""

from __future__ import annotations

import asyncio

from jurycourt.models import ServiceClaim
from tests.web.helpers import Page, csrf_token, post_form, sign_in
from tests.web.members import person_id
from tests.web.test_credit_corrections import _form_key

URL = "/me/credits/service"


async def _shown_key(client) -> str:
    return _form_key((await client.get("/me/credits")).text, URL)


def _details(key: str, **changes: str) -> dict[str, str]:
    return {"hours": "1", "minutes": "30", "note": "Coaching the debate club", "served_on": "2024-05-02",
            "key": key, **changes}


async def test_each_showing_of_the_form_carries_a_fresh_key(client, demo):
    await sign_in(client, "juror")
    first, second = await _shown_key(client), await _shown_key(client)
    assert len(first) >= 16 and first != second


async def test_sending_the_same_form_twice_proposes_the_service_once(client, demo):
    juror = await person_id("juror")
    await sign_in(client, "juror")
    before = await ServiceClaim.filter(person_id=juror).count()
    key = await _shown_key(client)
    first = await post_form(client, URL, _details(key))
    again = await post_form(client, URL, _details(key))
    assert first.status_code == again.status_code == 303
    assert await ServiceClaim.filter(person_id=juror).count() == before + 1
    assert await ServiceClaim.filter(idempotency_key=key, person_id=juror, minutes=90).count() == 1
    assert (await post_form(client, URL, _details(await _shown_key(client)))).status_code == 303
    assert await ServiceClaim.filter(person_id=juror).count() == before + 2, "a new showing proposes anew"


async def test_the_same_form_sent_with_other_details_is_refused_keeping_what_was_typed(client, demo):
    juror = await person_id("juror")
    await sign_in(client, "juror")
    key = await _shown_key(client)
    assert (await post_form(client, URL, _details(key))).status_code == 303
    count = await ServiceClaim.filter(person_id=juror).count()
    response = await post_form(client, URL, _details(key, hours="3"))
    page = Page(response.text)
    assert response.status_code == 400
    assert "already sent with different details" in page.text and "f-note-error" in page.ids
    assert page.ids["f-hours"]["value"] == "3" and page.ids["f-note"]["value"] == "Coaching the debate club"
    fresh = _form_key(response.text, URL)
    assert fresh != key
    assert await ServiceClaim.filter(person_id=juror).count() == count
    assert (await post_form(client, URL, _details(fresh, hours="3"))).status_code == 303, "sent again on purpose"
    assert await ServiceClaim.filter(person_id=juror, idempotency_key=fresh, minutes=210).exists()


async def test_a_missing_or_odd_key_is_refused_clearly_and_the_form_works_again(client, demo):
    juror = await person_id("juror")
    await sign_in(client, "juror")
    count = await ServiceClaim.filter(person_id=juror).count()
    for key in ("", "not a key!"):
        response = await post_form(client, URL, _details(key))
        assert response.status_code == 400
        assert "This form has expired: reload the page and try again." in Page(response.text).text
        assert Page(response.text).ids["f-note"]["value"] == "Coaching the debate club"
    assert await ServiceClaim.filter(person_id=juror).count() == count
    fresh = _form_key(response.text, URL)
    assert (await post_form(client, URL, _details(fresh))).status_code == 303


async def test_a_double_click_racing_two_requests_proposes_once(client, demo):
    juror = await person_id("juror")
    await sign_in(client, "juror")
    count = await ServiceClaim.filter(person_id=juror).count()
    key, token = await _shown_key(client), await csrf_token(client)
    responses = await asyncio.gather(*(client.post(URL, data={"csrf_token": token, **_details(key)})
                                       for _ in range(4)))
    assert [r.status_code for r in responses] == [303] * 4
    assert await ServiceClaim.filter(person_id=juror).count() == count + 1
