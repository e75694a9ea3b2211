"""The demo shows what issues 24 and 26 left open: survey results on /impact, and the citizens'
panel's members reminded of tomorrow's session on /outbox."""

from __future__ import annotations

from jurycourt.models import Account, OutboxMessage
from tests.web.helpers import Page, sign_in


async def test_the_demo_publishes_its_survey_results_on_the_impact_page(client, demo):
    page = Page((await client.get(f"/impact?program={demo.id}")).text).text
    assert "What people told us in surveys" in page
    assert "Young people whose case was heard (before)" in page and "%" in page.split("surveys", 1)[1]


async def test_the_demo_outbox_holds_the_panel_members_reminders_for_tomorrows_session(client, demo):
    panelist = (await Account.get(login="panelist")).person_id
    reminders = await OutboxMessage.filter(dedupe_key__startswith="reminder:citizens:")
    assert panelist in {m.person_id for m in reminders}
    await sign_in(client, "coordinator")
    assert "you serve on" in (await client.get("/outbox")).text
