"""Filing a citizens' panel session's evidence: only the program's coordinators, only while the panel
has not ended, files checked by the documents component; ending the panel seals the members' thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.actions import citizens_panels, citizens_sessions
from jurycourt.actions.threads import post_statement
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.domain.threads import Rights
from jurycourt.models import AuditEvent, CitizensPanelSession, Document, Panel, SessionEvidence, Thread
from tests.web.members import person_id


@pytest.fixture
async def session(demo) -> CitizensPanelSession:
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    return await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at").first()


async def _coordinator(demo) -> Viewer:
    return Viewer(person_id=await person_id("coordinator"), account_id=1,
                  roles={demo.id: frozenset({Role.COORDINATOR})})


async def _counts() -> tuple[int, int, int]:
    return (await Document.all().count(), await SessionEvidence.all().count(),
            await AuditEvent.filter(action="citizens_panel.evidence_added").count())


async def test_a_document_is_kept_by_the_documents_component_with_its_sniffed_type(demo, session):
    coordinator = await _coordinator(demo)
    item = await citizens_sessions.add_document(
        coordinator, session.panel_id, session.id, title="  Youth  centre   rota ", note="",
        filename="../rota.exe", data=b"day,open\nSaturday,no\n")
    document = await Document.get(id=item.document_id)
    assert item.title == "Youth centre rota" and item.kind == "document"
    assert (document.topic, document.topic_id) == ("citizens_session", session.id)
    assert (document.content_type, document.filename) == ("text/plain", "rota.txt")
    event = await AuditEvent.filter(action="citizens_panel.evidence_added").order_by("-id").first()
    assert event.detail["evidence"] == item.id and "rota" not in str(event.detail)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
    ("scan.pdf", b"MZ\x90\x00" + b"\x00" * 40, "not accepted"),
    ("huge.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "too large"),
    ("", b"", "Choose a file"),
])
async def test_a_file_that_is_not_accepted_writes_nothing(demo, session, filename, data, message):
    before = await _counts()
    with pytest.raises(Refused, match=message) as refused:
        await citizens_sessions.add_document(await _coordinator(demo), session.panel_id, session.id,
                                             title="Evidence", note="", filename=filename, data=data)
    assert refused.value.field == "file"
    assert await _counts() == before


async def test_testimony_needs_a_speaker_and_a_summary(demo, session):
    coordinator = await _coordinator(demo)
    with pytest.raises(Refused) as no_speaker:
        await citizens_sessions.record_testimony(coordinator, session.panel_id, session.id, speaker=" ",
                                                 speaker_role="", summary="Said things.")
    with pytest.raises(Refused) as no_summary:
        await citizens_sessions.record_testimony(coordinator, session.panel_id, session.id, speaker="Ana Ruiz",
                                                 speaker_role="", summary="")
    assert (no_speaker.value.field, no_summary.value.field) == ("speaker", "summary")
    item = await citizens_sessions.record_testimony(coordinator, session.panel_id, session.id, speaker="Ana Ruiz",
                                                    speaker_role="Parent governor", summary=" Said things. ")
    assert (item.kind, item.title, item.speaker_role, item.summary) == ("testimony", "Ana Ruiz", "Parent governor",
                                                                        "Said things.")


async def test_only_a_coordinator_of_the_program_files_evidence_for_a_session_of_that_panel(demo, session):
    member = Viewer(person_id=await person_id("panelist"), account_id=2, roles={demo.id: frozenset({Role.PANELIST})})
    elsewhere = Viewer(person_id=await person_id("coordinator2"), account_id=3,
                       roles={demo.id + 1000: frozenset({Role.COORDINATOR})})
    for actor in (member, elsewhere):
        with pytest.raises(NotFound):
            await citizens_sessions.record_testimony(actor, session.panel_id, session.id, speaker="X",
                                                     speaker_role="", summary="Y")
    coordinator = await _coordinator(demo)
    second = await citizens_panels.charter_panel(
        coordinator, demo.id, title="Parks panel", question="How should the parks be run?", size="6",
        reserves="2", algorithm="maximin", categories="Gender: Woman, Man", privacy_notice="We erase it.")
    starts = datetime.now(UTC) + timedelta(days=7)
    await citizens_panels.add_session(coordinator, second.id, starts, starts + timedelta(hours=2), None)
    theirs = await CitizensPanelSession.get(panel_id=second.id)
    with pytest.raises(NotFound):  # a session of another panel, reached through this panel's address
        await citizens_sessions.record_testimony(coordinator, session.panel_id, theirs.id, speaker="X",
                                                 speaker_role="", summary="Y")
    assert not await SessionEvidence.exists(title="X")


async def test_once_the_panel_ends_its_evidence_is_closed_and_its_thread_sealed(demo, session):
    coordinator = await _coordinator(demo)
    thread = await Thread.get(topic="citizens_panel", topic_id=session.panel_id)  # the demo's deliberation
    await citizens_panels.end_panel(coordinator, session.panel_id)
    await thread.refresh_from_db()
    assert thread.sealed_at is not None
    with pytest.raises(Refused, match="sealed"):
        await post_statement(thread, await person_id("panelist"), Rights(post=True), "Too late?")
    before = await _counts()
    with pytest.raises(Refused, match="ended"):
        await citizens_sessions.record_testimony(coordinator, session.panel_id, session.id, speaker="Late Speaker",
                                                 speaker_role="", summary="After the end.")
    assert await _counts() == before
