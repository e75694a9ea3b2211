"""Community justice panels over HTTP: who sees a matter, the coordinator's whole journey from
referral to completion, refused forms, the referrer's notice and the anonymised summary."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jurycourt import clock
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.domain.harmed import SAFETY_QUESTIONS
from jurycourt.domain.justice import MatterState
from jurycourt.domain.panels import panel_path
from jurycourt.models import (
    AgreementAction,
    Hearing,
    JusticeMatter,
    MatterEvent,
    MatterParticipant,
    MatterView,
    Panel,
    Person,
    Publication,
    Volunteer,
)
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import other_program_coordinator, person_id

FULL, VOLUNTEER, HIDDEN = "full", "volunteer", "hidden"
#: login → what they see of a demo matter and of the panels index.
MATRIX = {
    "coordinator": FULL,
    "panelist": VOLUNTEER,  # chairs the demo panels
    "panelist2": HIDDEN,  # a panelist who does not sit on them
    "juror": HIDDEN,
    "respondent": HIDDEN,
    "elsewhere": HIDDEN,  # a coordinator of another program
}


async def _matter(state: MatterState) -> JusticeMatter:
    return await JusticeMatter.get(state=state).select_related("panel")


def seen(response) -> str:
    if response.status_code == 404:
        return HIDDEN
    assert response.status_code == 200
    text = Page(response.text).text
    if "Next steps" in text or "Outcome notice" in text:
        assert "Kyle Bramwell" in text or "Leon Pardoe" in text
        return FULL
    assert "Kyle" in text or "Leon" in text
    assert "Bramwell" not in text and "Pardoe" not in text, "volunteers see participants by first name"
    return VOLUNTEER


@pytest.mark.parametrize("state", [MatterState.MONITORING, MatterState.COMPLETED])
async def test_only_coordinators_and_the_volunteers_on_the_panel_see_a_matter(client, demo, state):
    await other_program_coordinator()
    matter = await _matter(state)
    for login, expected in MATRIX.items():
        client.cookies.clear()
        await sign_in(client, login)
        assert seen(await client.get(f"/panels/justice/{matter.panel_id}")) == expected, login
        step = await post_form(client, f"/panels/justice/{matter.panel_id}/step", {"step": "reopen"})
        assert step.status_code == (400 if login == "coordinator" else 404), login
    viewers = set(await MatterView.filter(matter_id=matter.id).values_list("viewer_id", flat=True))
    assert viewers == {await person_id("coordinator"), await person_id("panelist")}


async def test_anonymous_visitors_are_sent_to_sign_in_and_learn_nothing(client, demo):
    matter = await _matter(MatterState.MONITORING)
    for url in ("/panels", f"/panels/justice/{matter.panel_id}", f"/panels/justice/{matter.panel_id}/notice"):
        response = await client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), url


async def test_the_index_lists_the_panels_each_viewer_may_see_and_the_nav_offers_it(client, demo):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/panels")).text)
    panels = await Panel.all()
    missing = [panel_path(p.kind, p.id) for p in panels if panel_path(p.kind, p.id) not in page.links]
    assert not missing and "/panels" in page.links, missing
    client.cookies.clear()
    await sign_in(client, "panelist")
    page = Page((await client.get("/panels")).text)
    panelist = await Person.get(account__login="panelist")
    sits = set(await JusticeMatter.filter(volunteers__person_id=panelist.id).values_list("panel_id", flat=True))
    chosen = set(await Volunteer.filter(person_id=panelist.id, status=VolunteerStatus.SELECTED)
                 .values_list("panel_id", flat=True))
    assert sits and chosen  # the demo's panelist sits on a justice panel and was drawn for a citizens' panel
    missing = [panel_path(p.kind, p.id) for p in panels
               if p.id in sits | chosen and panel_path(p.kind, p.id) not in page.links]
    assert not missing and "/panels" in page.links, missing
    assert "Refer a matter" not in page.text
    for login in ("panelist2", "juror"):
        client.cookies.clear()
        await sign_in(client, login)
        page = Page((await client.get("/panels")).text)
        assert not any(link.startswith("/panels/justice/") for link in page.links), login
        assert ("/panels" in page.links) == (login == "panelist2")


async def test_a_volunteer_reads_the_matter_without_any_form_to_change_it(client, demo):
    matter = await _matter(MatterState.MONITORING)
    await sign_in(client, "panelist")
    response = await client.get(f"/panels/justice/{matter.panel_id}")
    assert "<form method=\"post\" action=\"/panels/justice" not in response.text
    assert "Acceptable-behaviour contract" in Page(response.text).text


async def test_a_refused_referral_keeps_what_was_typed_and_says_what_is_wrong(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/panels/justice/new", {
        "agency": "police", "offence": "criminal_damage", "referral_date": clock.today().isoformat(),
        "summary": "Sprayed a tag on the bus shelter.", "given_name": "Kim", "family_name": ""})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-family_name-error"] and page.ids["f-given_name"]["value"] == "Kim"
    assert "Sprayed a tag on the bus shelter." in response.text
    assert not await JusticeMatter.filter(summary__contains="bus shelter").exists()


async def _step(client, panel_id: int, path: str, data: dict[str, str], status: int = 303):
    response = await post_form(client, f"/panels/justice/{panel_id}/{path}", data)
    assert response.status_code == status, (path, response.status_code, Page(response.text).text[-600:])
    return response


async def test_a_coordinator_takes_a_matter_from_referral_to_completion(client, demo):
    await sign_in(client, "coordinator")
    today = clock.today()
    response = await post_form(client, "/panels/justice/new", {
        "agency": "council", "offence": "antisocial", "referral_date": today.isoformat(),
        "summary": "Kicked over the bins on Alder Row twice.", "given_name": "Robin", "family_name": "Quayle"})
    assert response.status_code == 303
    panel_id = int(response.headers["location"].rsplit("/", 1)[1])
    matter = await JusticeMatter.get(panel_id=panel_id)
    await _step(client, panel_id, "participants", {"p_role": "harmed", "p_contact_wish": "meeting",
                                                   "p_given_name": "Agnes", "p_family_name": "Threlfall"})
    refused = await _step(client, panel_id, "participants", {"p_role": "harmed", "p_given_name": "Bo",
                                                             "p_family_name": "Threlfall"}, 400)
    assert "already has a person harmed" in Page(refused.text).text
    await _step(client, panel_id, "step", {"step": "prepare"})
    panelists = [await person_id("panelist"), await person_id("panelist2")]
    refused = await _step(client, panel_id, "panel", {"chair": str(panelists[0]), "members": str(panelists[1])}, 400)
    assert "A panel has 3 volunteers" in Page(refused.text).text
    demo_vols = await MatterParticipant.filter(matter_id=matter.id).count()
    assert demo_vols == 2
    other = (await JusticeMatter.filter(state=MatterState.COMPLETED).first().prefetch_related("volunteers"))
    third = next(v.person_id for v in other.volunteers if v.person_id not in panelists)
    response = await post_form(client, f"/panels/justice/{panel_id}/panel",
                               {"chair": str(panelists[0]), "members": [str(panelists[1]), str(third)]})
    assert response.status_code == 303
    responsible = await MatterParticipant.get(matter_id=matter.id, role="responsible")
    refused = await _step(client, panel_id, "step", {"step": "schedule"}, 400)
    assert "preparation visit" in Page(refused.text).text
    await _step(client, panel_id, "visits", {"v_participant": str(responsible.id), "v_visited_on": today.isoformat(),
                                             "v_note": "Agreed to meet."})
    start = today + timedelta(days=1)
    meeting = {"m_starts_at": f"{start}T18:00", "m_ends_at": f"{start}T19:30"}
    refused = await _step(client, panel_id, "meeting", meeting, 400)  # the person harmed asked to meet
    assert "write the risk assessment and safety plan first" in Page(refused.text).text
    await _step(client, panel_id, "harmed/consent", {"given": "yes", "consent_on": today.isoformat(), "how": "phone"})
    await _step(client, panel_id, "harmed/safety", {q.key: "Talked it through." for q in SAFETY_QUESTIONS})
    await sign_in(client, "coordinator2")  # a second coordinator reviews it
    await _step(client, panel_id, "harmed/review", {})
    await sign_in(client, "coordinator")
    await _step(client, panel_id, "meeting", meeting)
    matter = await JusticeMatter.get(id=matter.id).select_related("meeting")
    assert matter.state == MatterState.MEETING_SCHEDULED and matter.meeting.kind == "panel_session"
    refused = await _step(client, panel_id, "actions", {"a_kind": "contract", "a_months": "13",
                                                        "a_due_on": (today + timedelta(days=30)).isoformat()}, 400)
    page = Page(refused.text)
    assert "3 to 12 months" in page.text and page.ids["f-a_months"]["value"] == "13"
    due = (today + timedelta(days=30)).isoformat()
    await _step(client, panel_id, "actions", {"a_kind": "contract", "a_months": "6", "a_due_on": due})
    await _step(client, panel_id, "actions", {"a_kind": "compensation", "a_amount": "45.00", "a_due_on": due})
    refused = await _step(client, panel_id, "step", {"step": "agree"}, 400)
    assert "meeting has taken place" in Page(refused.text).text  # the meeting is tomorrow
    refused = await _step(client, panel_id, "signoffs", {"s_signer": str(responsible.person_id),
                                                         "s_signed_on": today.isoformat()}, 400)
    assert "meeting has taken place" in Page(refused.text).text
    # the meeting takes place
    began = clock.now() - timedelta(hours=1)
    await Hearing.filter(id=matter.meeting_id).update(starts_at=began, ends_at=began + timedelta(minutes=90))
    refused = await _step(client, panel_id, "step", {"step": "agree"}, 400)
    assert "sign it off" in Page(refused.text).text
    page = Page((await client.get(f"/panels/justice/{panel_id}")).text)
    signers = [k for k in page.ids if k == "f-s_signer"]
    assert signers
    for person in (responsible.person_id, (await MatterParticipant.get(matter_id=matter.id, role="harmed")).person_id,
                   panelists[0], await person_id("coordinator")):
        await _step(client, panel_id, "signoffs", {"s_signer": str(person), "s_signed_on": today.isoformat()})
    refused = await _step(client, panel_id, "signoffs", {"s_signer": str(panelists[1]),
                                                         "s_signed_on": today.isoformat()}, 400)
    assert "Choose someone who signs" in Page(refused.text).text
    await _step(client, panel_id, "step", {"step": "agree"})
    await _step(client, panel_id, "step", {"step": "monitor"})
    compensation = await AgreementAction.get(matter_id=matter.id, kind="compensation")
    refused = await _step(client, panel_id, f"actions/{compensation.id}/done", {}, 400)
    assert "paid in full" in Page(refused.text).text
    refused = await _step(client, panel_id, f"actions/{compensation.id}/payments", {"amount": "50.00"}, 400)
    assert "more than the 45.00 still owed" in Page(refused.text).text
    await _step(client, panel_id, f"actions/{compensation.id}/payments", {"amount": "20.00",
                                                                          "paid_on": today.isoformat()})
    text = Page((await client.get(f"/panels/justice/{panel_id}")).text).text
    assert "$20.00 paid" in text and "Balance: $25.00" in text
    await _step(client, panel_id, f"actions/{compensation.id}/payments", {"amount": "25", "paid_on": today.isoformat()})
    refused = await _step(client, panel_id, "step", {"step": "complete"}, 400)
    assert "Every action of the agreement must be done" in Page(refused.text).text
    for action in await AgreementAction.filter(matter_id=matter.id):
        await _step(client, panel_id, f"actions/{action.id}/done", {})
    await _step(client, panel_id, "step", {"step": "complete"})
    steps = await MatterEvent.filter(matter_id=matter.id).order_by("id").values_list("to_state", flat=True)
    assert steps[-1] == "completed" and "monitoring" in steps
    response = await post_form(client, f"/panels/justice/{panel_id}/summary")
    assert response.status_code == 303
    publication = await Publication.get(id=int(response.headers["location"].rsplit("/", 1)[1]))
    assert publication.kind == "justice_summary" and publication.state == "draft"
    for private in ("Robin", "Quayle", "Agnes", "Threlfall", "Alder Row", "bins"):
        assert private not in publication.body_markdown + publication.title + publication.summary


async def test_a_breach_returns_the_matter_to_the_referrer_with_nothing_they_did_not_know(client, demo):
    matter = await _matter(MatterState.MONITORING)
    await sign_in(client, "coordinator")
    assert (await client.get(f"/panels/justice/{matter.panel_id}/notice")).status_code == 404
    refused = await _step(client, matter.panel_id, "step", {"step": "breach", "reason": ""}, 400)
    assert "Give a reason" in Page(refused.text).text
    await _step(client, matter.panel_id, "step", {"step": "breach", "reason": "Music after 10 pm again"})
    assert (await JusticeMatter.get(id=matter.id)).state == MatterState.BREACHED
    assert (await Panel.get(id=matter.panel_id)).status == "breached"
    text = Page((await client.get(f"/panels/justice/{matter.panel_id}/notice")).text).text
    assert "Agreement breached: returned to you" in text and "Housing association" in text
    assert "Leon Pardoe" in text and "Anti-social behaviour" in text
    for private in ("Sunita", "Marsh", "Pauline", "Admitted the damage", "Music after 10 pm", "loud music",
                    "Gordon", "Ashby"):
        assert private not in text, private
    assert await MatterView.filter(matter_id=matter.id, what__startswith="notice").exists()


async def test_the_notice_of_a_completed_matter_says_it_was_resolved(client, demo):
    matter = await _matter(MatterState.COMPLETED)
    await sign_in(client, "coordinator")
    text = Page((await client.get(f"/panels/justice/{matter.panel_id}/notice")).text).text
    assert "Outcome Completed" in text and "Police, attention of PC Alder" in text and "Irene" not in text
    client.cookies.clear()
    await sign_in(client, "panelist")
    assert (await client.get(f"/panels/justice/{matter.panel_id}/notice")).status_code == 404


async def test_the_notice_to_the_referrer_is_also_a_pdf_for_coordinators_only(client, demo):
    from tests.canary.crawler import pdf_text

    matter = await _matter(MatterState.COMPLETED)
    await sign_in(client, "coordinator")
    page = await client.get(f"/panels/justice/{matter.panel_id}/notice")
    assert f"/panels/justice/{matter.panel_id}/notice.pdf" in Page(page.text).links
    pdf = await client.get(f"/panels/justice/{matter.panel_id}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Outcome of a referral to the community justice panel" in text and "Irene" not in text
    client.cookies.clear()
    await sign_in(client, "panelist")
    assert (await client.get(f"/panels/justice/{matter.panel_id}/notice.pdf")).status_code == 404


async def test_coordinators_see_who_viewed_a_matter_and_volunteers_do_not(client, demo):
    matter = await _matter(MatterState.MONITORING)
    await sign_in(client, "panelist")
    text = Page((await client.get(f"/panels/justice/{matter.panel_id}")).text).text
    assert "Who has viewed this matter" not in text
    client.cookies.clear()
    await sign_in(client, "coordinator")
    text = Page((await client.get(f"/panels/justice/{matter.panel_id}")).text).text
    assert "Who has viewed this matter" in text and "Gordon Ashby (page:volunteer)" in text


async def test_the_panel_volunteers_discuss_the_matter_in_the_shared_thread_nobody_else_reads(client, demo):
    matter = await _matter(MatterState.MONITORING)
    url = f"/panels/justice/{matter.panel_id}/thread"
    await sign_in(client, "panelist")
    assert (await post_form(client, f"{url}/statements", {"body": "Check in with the caretaker next week."})
            ).status_code == 303
    assert "Check in with the caretaker next week." in Page((await client.get(url)).text).text
    for login in ("panelist2", "juror", "respondent"):
        client.cookies.clear()
        await sign_in(client, login)
        assert (await client.get(url)).status_code == 404, login
        assert (await post_form(client, f"{url}/statements", {"body": "hello"})).status_code == 404, login
    client.cookies.clear()
    await sign_in(client, "coordinator")
    assert "Check in with the caretaker next week." in Page((await client.get(url)).text).text
    await _step(client, matter.panel_id, "step", {"step": "breach", "reason": "Broke the contract"})
    refused = await post_form(client, f"{url}/statements", {"body": "One more thing"})
    assert refused.status_code == 400 and "sealed" in Page(refused.text).text


async def test_the_meeting_shows_in_the_calendar_with_its_hearing_page_and_attendance_sheet(client, demo):
    matter = await JusticeMatter.get(state=MatterState.MONITORING).select_related("meeting")
    await sign_in(client, "coordinator")
    day = matter.meeting.starts_at.date().isoformat()
    calendar = Page((await client.get(f"/calendar?view=month&date={day}")).text)
    assert f"/hearings/{matter.meeting_id}" in calendar.links
    hearing = await client.get(f"/hearings/{matter.meeting_id}")
    assert hearing.status_code == 200 and "Gordon Ashby" in Page(hearing.text).text
    sheet = Page((await client.get(f"/hearings/{matter.meeting_id}/attendance")).text).text
    assert "Gordon Ashby" in sheet and "Margaret Hollis" in sheet and "Desmond Farley" in sheet
