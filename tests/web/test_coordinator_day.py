"""A coordinator's day on /me (today's sessions first, approvals waiting) and finding a case or a
person by name, number, state or role, with sealed cases out of the default list."""

from __future__ import annotations

import re

from jurycourt.models import Case
from tests.web.helpers import Page, sign_in

CASE_LINK = re.compile(r"^/cases/(\d+)$")


def case_ids(html: str) -> set[int]:
    """The cases the list shows (not the sanctions-to-watch panel above it)."""
    results = html[html.index('id="case-results"'):]
    return {int(m[1]) for link in Page(results).links if (m := CASE_LINK.match(link))}


async def test_the_coordinators_page_leads_with_todays_sessions_and_the_approvals_waiting(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/me")
    page = Page(response.text)
    assert "today" in page.ids
    html = response.text
    assert html.index('id="today-h"') < html.index('id="todo-h"')
    today = html[html.index('id="today"'):html.index('id="approvals-h"')]
    assert "Community justice panel" in today and "No hearings or sessions in your programs today" not in today
    assert re.search(r"\d+ of \d+ seats filled", today)
    approvals = html[html.index('id="approvals-h"'):]
    assert "Publication: Community justice panel: spring agreements" in approvals
    assert "No hearings or sessions are scheduled for you" not in page.text


async def test_cases_are_found_by_number_and_name_and_sealed_ones_only_on_request(client, demo):
    await sign_in(client, "coordinator")
    sealed = await Case.filter(sealed_at__isnull=False).order_by("id").first()
    tanya = await Case.filter(respondent__given_name="Tanya").order_by("id").first()
    assert sealed is not None and tanya is not None
    everything = set()
    number = 1
    while True:  # every page of the default list, without JavaScript (plain links)
        html = (await client.get(f"/cases?page={number}")).text
        everything |= case_ids(html)
        if f"page={number + 1}" not in html:
            break
        number += 1
    assert sealed.id not in everything and tanya.id in everything
    assert sealed.id in case_ids((await client.get("/cases?state=sealed")).text)
    assert case_ids((await client.get(f"/cases?q=%23{tanya.id}")).text) == {tanya.id}
    by_name = case_ids((await client.get("/cases?q=tanya+reyes")).text)
    assert tanya.id in by_name and sealed.id not in by_name


async def test_people_are_filtered_by_role_and_the_filter_is_kept_across_pages(client, demo):
    await sign_in(client, "coordinator")
    html = (await client.get("/people?role=guardian")).text
    text = Page(html).text
    assert "Reyes, Carmen" in text and "Brooks, Aaliyah" not in text
    assert re.search(r'<option value="guardian"\s+selected', html)  # the filter stays chosen
    jurors = (await client.get("/people?role=juror")).text
    assert "/people?q=&role=juror&amp;page=2" in jurors or "role=juror&amp;page=2" in jurors
