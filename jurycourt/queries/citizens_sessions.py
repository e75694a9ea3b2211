"""Reading a citizens' panel's working record: each session's evidence, its documents, and the
members' deliberation thread. Only the panel's members and its program's coordinators see any of it
(``sitting_role``); everyone else gets NotFound, so the public learns nothing before publication."""

from __future__ import annotations

from dataclasses import dataclass, field

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import panel_sessions as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.models import CitizensPanelSession, Document, Hearing, Panel, SessionEvidence
from jurycourt.queries.citizens_panels import sitting_role
from jurycourt.queries.documents import DocumentInfo, document_infos, owned_document
from jurycourt.queries.threads import ThreadReader, thread_of

#: Evidence shown on one session's page (a session hears a handful; the bound keeps the page bounded).
EVIDENCE_PAGE = 200


@dataclass
class SessionPage:
    panel: Panel
    role: str  # "coordinator" or "member"
    session: CitizensPanelSession
    hearing: Hearing
    number: int  # this session's place in the timetable, from 1
    total: int
    evidence: list[SessionEvidence] = field(default_factory=list)
    documents: dict[int, DocumentInfo] = field(default_factory=dict)

    @property
    def may_add(self) -> bool:
        return self.role == "coordinator" and self.panel.status != CitizensPanelStatus.ENDED


async def _session(viewer: Viewer, panel_id: int, session_id: int) -> tuple[Panel, str, CitizensPanelSession]:
    panel, role = await sitting_role(viewer, panel_id)
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id).select_related(
        "hearing", "hearing__room")
    if session is None:
        raise NotFound()
    return panel, role, session


async def session_page(viewer: Viewer, panel_id: int, session_id: int) -> SessionPage:
    """One session of the panel with its evidence (oldest first): for members and coordinators only."""
    panel, role, session = await _session(viewer, panel_id, session_id)
    order = await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at", "id").values_list(
        "id", flat=True)
    page = SessionPage(panel, role, session, session.hearing, order.index(session.id) + 1, len(order))
    page.evidence = list(await SessionEvidence.filter(session_id=session.id).order_by("added_at", "id").limit(
        EVIDENCE_PAGE).select_related("added_by"))
    page.documents = await document_infos([e.document_id for e in page.evidence if e.document_id])
    return page


async def session_document(viewer: Viewer, panel_id: int, session_id: int, document_id: int) -> Document:
    """A document filed with the session, for the panel's members and coordinators (NotFound otherwise)."""
    _, _, session = await _session(viewer, panel_id, session_id)
    return await owned_document(rules.DOCUMENT_TOPIC, session.id, document_id)


async def deliberation_seat(viewer: Viewer, panel_id: int) -> ThreadReader:
    """The panel's deliberation thread (the shared component): its members and coordinators read it,
    members post while the panel sits, coordinators moderate. Sealed when the panel ends."""
    panel, role = await sitting_role(viewer, panel_id)
    thread = await thread_of(panel.program_id, rules.THREAD_TOPIC, panel.id)
    return ThreadReader(thread, viewer.person_id, rules.deliberation_rights(
        panel.status, member=role == "member", coordinator=role == "coordinator"))
