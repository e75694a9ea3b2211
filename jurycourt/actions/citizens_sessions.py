"""A citizens' panel's sessions at work: the coordinator files the evidence each session heard.

Documents go through the shared documents component (type sniffed from the content, at most 5 MB,
owned by ``("citizens_session", session id)``); testimony is the coordinator's summary of what an
invited speaker said. Members read both; the deliberation itself is the shared thread
(``domain.panel_sessions.THREAD_TOPIC``, sealed when the panel ends).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt.actions import documents
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import managed_panel
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import panel_sessions as rules
from jurycourt.domain.panel_sessions import EvidenceKind
from jurycourt.models import CitizensPanelSession, Panel, SessionEvidence


async def _open_session(actor: Viewer, panel_id: int, session_id: int) -> tuple[Panel, CitizensPanelSession]:
    """The session, for a coordinator of the panel's program (404 otherwise), while the panel has not ended."""
    panel, _ = await managed_panel(actor, panel_id)
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id)
    if session is None:
        raise NotFound()
    rules.check_evidence_open(panel.status)
    return panel, session


async def _filed(actor: Viewer, panel: Panel, item: SessionEvidence) -> None:
    await record("citizens_panel.evidence_added", actor_id=actor.person_id, program_id=panel.program_id,
                 subject=("panel", panel.id), session=item.session_id, evidence=item.id, kind=item.kind.value)


async def add_document(actor: Viewer, panel_id: int, session_id: int, *, title: str, note: str, filename: str,
                       data: bytes) -> SessionEvidence:
    """The coordinator files a document with a session's evidence, with a title and an optional note.

    Refused (nothing stored) without a title, or when the file is empty, over 5 MB or of a kind not
    accepted; the file's type is read from its content, never from its name.
    """
    panel, session = await _open_session(actor, panel_id, session_id)
    title, note = rules.check_document(title, note)
    async with in_transaction():
        document = await documents.store(actor.person_id, panel.program_id, rules.DOCUMENT_TOPIC, session.id,
                                         filename, data)
        item = await SessionEvidence.create(session_id=session.id, kind=EvidenceKind.DOCUMENT, title=title,
                                            summary=note, document_id=document.id, added_by_id=actor.person_id)
        await _filed(actor, panel, item)
    return item


async def record_testimony(actor: Viewer, panel_id: int, session_id: int, *, speaker: str, speaker_role: str,
                           summary: str) -> SessionEvidence:
    """The coordinator records the summary of what an invited speaker told the panel at a session."""
    panel, session = await _open_session(actor, panel_id, session_id)
    speaker, speaker_role, summary = rules.check_testimony(speaker, speaker_role, summary)
    async with in_transaction():
        item = await SessionEvidence.create(session_id=session.id, kind=EvidenceKind.TESTIMONY, title=speaker,
                                            speaker_role=speaker_role, summary=summary, added_by_id=actor.person_id)
        await _filed(actor, panel, item)
    return item
