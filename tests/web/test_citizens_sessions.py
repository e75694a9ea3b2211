"""A citizens' panel's sessions and deliberation: evidence filed by the coordinator (documents through the
documents component, testimony summaries), read by the panel's members only, and the members' thread."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest

from jurycourt.models import (
    CitizensPanelSession,
    Document,
    Hearing,
    Panel,
    Room,
    SessionEvidence,
    Statement,
    Thread,
)
from tests.databases import settings_for
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import other_program_coordinator

CSV = b"ward,cautions\nRiverside,40\nOld Town,31\n"


@pytest.fixture
def settings(database_url: str):
    return settings_for(database_url, query_count_header=1)  # read by the last test


@pytest.fixture
async def held(demo) -> CitizensPanelSession:
    """The demo panel's first session (held, with a document and a testimony summary already filed)."""
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    return await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at").first()


def _url(session: CitizensPanelSession, rest: str = "") -> str:
    return f"/panels/citizens/{session.panel_id}/sessions/{session.id}{rest}"


async def _sign_out(client: httpx.AsyncClient) -> None:
    await client.post("/logout", data={"csrf_token": Page((await client.get("/me")).text).csrf})


def _textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea id="f-{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, f"no textarea {name}"
    return found.group(1)


async def test_a_coordinator_files_a_document_that_members_see_and_download_as_an_attachment(client, held):
    await sign_in(client, "coordinator")
    response = await post_form(client, _url(held, "/documents"), {"title": "Cautions by ward", "note": "2024."},
                               files={"file": ("wards.txt", CSV, "text/plain")})
    assert response.status_code == 303
    item = await SessionEvidence.get(session_id=held.id, title="Cautions by ward")
    document = await Document.get(id=item.document_id)
    assert (document.topic, document.topic_id, document.content_type) == ("citizens_session", held.id, "text/plain")

    await _sign_out(client)
    await sign_in(client, "panelist")
    page = Page((await client.get(_url(held))).text)
    assert f"evidence-{item.id}" in page.ids and "Cautions by ward" in page.text
    assert "document-form" not in page.ids and "testimony-form" not in page.ids  # members read, never file
    link = _url(held, f"/documents/{document.id}")
    assert link in page.links
    download = await client.get(link)
    assert download.status_code == 200 and download.content == CSV
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in download.headers["content-security-policy"]


async def test_a_file_of_a_kind_not_accepted_is_refused_and_the_form_keeps_what_was_typed(client, held):
    await sign_in(client, "coordinator")
    before = await Document.all().count(), await SessionEvidence.all().count()
    response = await post_form(client, _url(held, "/documents"), {"title": "Budget scan", "note": "Page 3 matters."},
                               files={"file": ("budget.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "application/pdf")})
    assert response.status_code == 400
    page = Page(response.text)
    assert "not accepted" in page.text
    assert page.ids["f-file"].get("aria-invalid") == "true"
    assert page.ids["f-title"]["value"] == "Budget scan"
    assert _textarea(response.text, "note") == "Page 3 matters."
    assert (await Document.all().count(), await SessionEvidence.all().count()) == before


async def test_a_file_over_5_mb_is_refused_and_nothing_is_stored(client, held):
    await sign_in(client, "coordinator")
    big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
    response = await post_form(client, _url(held, "/documents"), {"title": "The whole archive"},
                               files={"file": ("archive.pdf", big, "application/pdf")})
    assert response.status_code == 400
    page = Page(response.text)
    assert "too large" in page.text and page.ids["f-title"]["value"] == "The whole archive"
    assert not await SessionEvidence.exists(title="The whole archive")
    assert not await Document.exists(filename="archive.pdf")


async def test_testimony_without_a_summary_is_refused_keeping_the_speaker_then_recorded(client, held):
    await sign_in(client, "coordinator")
    typed = {"speaker": "Dr Ines Moreau", "speaker_role": "Clinical psychologist, Riverside clinic"}
    refused = await post_form(client, _url(held, "/testimony"), {**typed, "summary": "  "})
    assert refused.status_code == 400
    page = Page(refused.text)
    assert page.ids["f-summary"].get("aria-invalid") == "true"
    assert page.ids["f-speaker"]["value"] == typed["speaker"]
    assert page.ids["f-speaker_role"]["value"] == typed["speaker_role"]
    assert not await SessionEvidence.exists(title=typed["speaker"])

    recorded = await post_form(client, _url(held, "/testimony"),
                               {**typed, "summary": "Early help halves repeat referrals."})
    assert recorded.status_code == 303
    await _sign_out(client)
    await sign_in(client, "panelist")
    text = Page((await client.get(_url(held))).text).text
    assert "Testimony: Dr Ines Moreau" in text and "Early help halves repeat referrals." in text


async def test_a_member_cannot_file_evidence(client, held):
    await sign_in(client, "panelist")
    response = await post_form(client, _url(held, "/testimony"), {"speaker": "Me", "summary": "Something."})
    assert response.status_code == 404
    assert not await SessionEvidence.exists(title="Me")


@pytest.mark.parametrize("login", ["juror", "panelist2", "elsewhere"])
async def test_people_not_on_the_panel_get_404_for_its_evidence_documents_and_deliberation(client, held, login):
    if login == "elsewhere":
        await other_program_coordinator()
    document_id = (await SessionEvidence.get(session_id=held.id, kind="document")).document_id
    await sign_in(client, login)
    for url in (_url(held), _url(held, f"/documents/{document_id}"),
                f"/panels/citizens/{held.panel_id}/deliberation"):
        assert (await client.get(url)).status_code == 404, url
    posted = await post_form(client, f"/panels/citizens/{held.panel_id}/deliberation/statements", {"body": "Hi"})
    assert posted.status_code == 404
    assert (await post_form(client, _url(held, "/testimony"), {"speaker": "X", "summary": "Y"})).status_code == 404
    panel_page = Page((await client.get(f"/panels/citizens/{held.panel_id}")).text)
    assert f"session-{held.id}" not in panel_page.ids and "deliberation-link" not in panel_page.ids


async def test_anonymous_visitors_see_no_evidence_and_no_deliberation(client, held):
    document_id = (await SessionEvidence.get(session_id=held.id, kind="document")).document_id
    for url in (_url(held), _url(held, f"/documents/{document_id}"),
                f"/panels/citizens/{held.panel_id}/deliberation",
                f"/panels/citizens/{held.panel_id}/deliberation/live"):
        response = await client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), url
    public = await client.get(f"/panels/citizens/{held.panel_id}")
    assert public.status_code == 200
    page = Page(public.text)
    assert "sessions" in page.ids  # the timetable is public…
    assert f"session-{held.id}" not in page.ids and "deliberation-link" not in page.ids  # …the work is not
    assert "Maria Lopez" not in public.text and "Reoffending within a year" not in public.text


async def test_members_deliberate_coordinators_moderate_and_the_end_of_the_panel_seals_the_thread(client, held):
    thread_url = f"/panels/citizens/{held.panel_id}/deliberation"
    await sign_in(client, "panelist")
    page = Page((await client.get(thread_url)).text)
    assert "thread" in page.ids and "statement-body" in page.ids
    posted = await post_form(client, thread_url + "/statements", {"body": "Evenings first, then mentoring."})
    assert posted.status_code == 303 and posted.headers["location"] == thread_url
    statement = await Statement.get(body="Evenings first, then mentoring.")
    thread = await Thread.get(id=statement.thread_id)
    assert (thread.topic, thread.topic_id) == ("citizens_panel", held.panel_id)
    too_long = await post_form(client, thread_url + "/statements", {"body": "x" * 501})
    assert too_long.status_code == 400 and "x" * 501 in too_long.text  # refused, the text kept

    await _sign_out(client)
    await sign_in(client, "coordinator")
    refused = await post_form(client, thread_url + "/statements", {"body": "As the facilitator, I think…"})
    assert refused.status_code == 400 and not await Statement.exists(body="As the facilitator, I think…")
    hidden = await post_form(client, f"{thread_url}/statements/{statement.id}/hide", {"reason": "Off topic."})
    assert hidden.status_code == 303
    assert (await Statement.get(id=statement.id)).hidden_reason == "Off topic."
    assert (await post_form(client, f"/panels/citizens/{held.panel_id}/end")).status_code == 303
    assert (await Thread.get(id=thread.id)).sealed_at is not None

    await _sign_out(client)
    await sign_in(client, "panelist")
    sealed = Page((await client.get(thread_url)).text)
    assert "sealed" in sealed.text and "statement-body" not in sealed.ids
    late = await post_form(client, thread_url + "/statements", {"body": "One more thing."})
    assert late.status_code == 400 and not await Statement.exists(body="One more thing.")


async def test_the_demo_panel_shows_a_held_session_with_a_document_testimony_and_deliberation(client, held):
    await sign_in(client, "panelist")
    panel = Page((await client.get(f"/panels/citizens/{held.panel_id}")).text)
    assert _url(held) in panel.links and "deliberation-link" in panel.ids
    session = Page((await client.get(_url(held))).text)
    assert "Reoffending within a year, 2021 to 2024" in session.text
    assert "Testimony: Maria Lopez" in session.text and "Head of youth services" in session.text
    document = (await SessionEvidence.get(session_id=held.id, kind="document")).document_id
    assert (await client.get(_url(held, f"/documents/{document}"))).status_code == 200
    thread = Page((await client.get(f"/panels/citizens/{held.panel_id}/deliberation")).text)
    assert len([i for i in thread.ids if i.startswith("statement-") and i[10:].isdigit()]) >= 4
    assert "youth centre to open on weekends" in thread.text


async def test_the_session_page_costs_the_same_queries_with_ten_times_the_evidence(client, held):
    async def queries() -> int:
        response = await client.get(_url(held))
        assert response.status_code == 200
        return int(response.headers["x-query-count"])

    await sign_in(client, "coordinator")
    for n in range(3):
        await post_form(client, _url(held, "/documents"), {"title": f"Table {n}"},
                        files={"file": (f"t{n}.csv", CSV, "text/csv")})
    few = await queries()
    for n in range(30):
        await post_form(client, _url(held, "/testimony"), {"speaker": f"Speaker {n}", "summary": "Spoke."})
    assert await queries() <= few


async def test_a_coordinator_adds_a_session_and_bad_times_are_refused_keeping_what_was_typed(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    room = await Room.filter(program_id=panel.program_id).order_by("-id").first()
    url = f"/panels/citizens/{panel.id}/sessions"
    before = await CitizensPanelSession.filter(panel_id=panel.id).count()
    await sign_in(client, "coordinator")
    typed = {"date": "14/05/2030", "start": "18:00", "end": "20:00", "room": str(room.id)}

    refused = await post_form(client, url, typed)
    assert refused.status_code == 400
    page = Page(refused.text)
    assert page.ids["f-date"].get("aria-invalid") == "true" and "Give the date (YYYY-MM-DD)" in page.text
    assert [page.ids[f"f-{n}"]["value"] for n in ("date", "start", "end")] == ["14/05/2030", "18:00", "20:00"]
    assert re.search(rf'<option value="{room.id}" selected>', refused.text), "the room chosen is kept"

    backwards = await post_form(client, url, {**typed, "date": "2030-05-14", "end": "17:30"},
                                headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert backwards.status_code == 422
    page = Page(backwards.text)
    assert page.ids["f-end"].get("aria-invalid") == "true"  # beside the end, where the mistake is
    assert page.ids["f-end-error"] and "The end must be after the start." in page.text
    assert page.ids["f-date"]["value"] == "2030-05-14" and page.ids["f-end"]["value"] == "17:30"
    assert await CitizensPanelSession.filter(panel_id=panel.id).count() == before

    added = await post_form(client, url, {**typed, "date": "2030-05-14"})
    assert added.status_code == 303 and added.headers["location"] == f"/panels/citizens/{panel.id}"
    link = await CitizensPanelSession.filter(panel_id=panel.id).order_by("-id").first()
    hearing = await Hearing.get(id=link.hearing_id)
    assert await CitizensPanelSession.filter(panel_id=panel.id).count() == before + 1
    # 18:00 to 20:00 in New York (summer time) is 22:00 to 00:00 UTC.
    assert (hearing.starts_at, hearing.ends_at) == (datetime(2030, 5, 14, 22, tzinfo=UTC),
                                                    datetime(2030, 5, 15, 0, tzinfo=UTC))
    assert hearing.room_id == room.id and hearing.kind == "panel_session"
    page = Page((await client.get(f"/panels/citizens/{panel.id}")).text)
    assert f"session-{link.id}" in page.ids and "Tue, May 14, 2030, 6:00 PM" in page.text

    clash = await post_form(client, url, {**typed, "date": "2030-05-14", "start": "19:00", "end": "21:00"})
    assert clash.status_code == 400  # the room is taken then
    page = Page(clash.text)
    assert page.ids["f-room"].get("aria-invalid") == "true" and "already booked" in page.text
    assert await CitizensPanelSession.filter(panel_id=panel.id).count() == before + 1
