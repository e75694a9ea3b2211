"""A parent's own page: each child by name, what is coming up, their progress, whom to call, and
only the links that apply to a family."""

from __future__ import annotations

from tests.web.helpers import Page, sign_in


async def test_a_guardian_sees_her_child_by_name_with_progress_and_the_coordinators_contact(client, demo):
    await sign_in(client, "guardian")
    response = await client.get("/me")
    assert response.status_code == 200
    page = Page(response.text)
    assert "children" in page.ids
    text = page.text
    assert "Tanya Reyes" in text
    assert "What Tanya agreed to do" in text
    assert "Denise Okafor" in text and "tel:" in response.text  # the coordinator, reachable
    assert "Case #" not in text and "Sanctions" not in text and "Respondent" not in text


async def test_a_guardian_is_not_offered_time_credits_or_a_calendar_feed(client, demo):
    await sign_in(client, "guardian")
    page = Page((await client.get("/me")).text)
    assert "/me/credits" not in page.links
    assert "calendar-feed" not in page.ids and "duties-h" not in page.ids


async def test_a_teen_reads_plain_words_about_herself_and_keeps_her_credits_and_feed(client, demo):
    await sign_in(client, "respondent")
    response = await client.get("/me")
    page = Page(response.text)
    assert "Taking part in teen court" in page.text
    assert "Respondent" not in page.text and "Sanctions" not in page.text
    assert "/me/credits" in page.links and "calendar-feed" in page.ids


async def test_a_guardian_opening_her_childs_case_reads_it_by_the_childs_name(client, demo):
    from jurycourt.models import Case

    case = await Case.filter(respondent__given_name="Tanya", sealed_at__isnull=True).order_by("id").first()
    await sign_in(client, "guardian")
    text = Page((await client.get(f"/cases/{case.id}")).text).text
    assert "Tanya's case" in text and "What Tanya agreed to do" in text and f"Case #{case.id}" not in text
