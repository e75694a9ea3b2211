"""A citizens' panel at work: the evidence its sessions hear and who deliberates in its thread.

Each session keeps its evidence: documents the coordinator uploads (their type and size checked by
``domain.documents``) and summaries of what invited speakers told the panel. The panel's members
deliberate in the shared thread (``domain.threads``) while the panel sits. Nothing here is public:
the panel publishes only the recommendations it adopts.
"""

from __future__ import annotations

from enum import StrEnum

from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.errors import Refused
from jurycourt.domain.threads import Rights, check_text
from jurycourt.i18n import _, gettext

#: The panel's deliberation thread is (THREAD_TOPIC, panel id); a session's documents are owned by
#: (DOCUMENT_TOPIC, session id).
THREAD_TOPIC = "citizens_panel"
DOCUMENT_TOPIC = "citizens_session"

TITLE_MAX = 200
SPEAKER_ROLE_MAX = 200
NOTE_MAX = 2_000
SUMMARY_MAX = 20_000


class EvidenceKind(StrEnum):
    DOCUMENT = "document"  # a file kept by the documents component
    TESTIMONY = "testimony"  # the summary of an invited speaker's testimony

    @property
    def label(self) -> str:
        return {"document": gettext("Document"), "testimony": gettext("Testimony")}[self.value]


def check_evidence_open(status: str) -> None:
    """Evidence is added to the sessions of a panel that has not ended; after that the record is closed."""
    if status == CitizensPanelStatus.ENDED:
        raise Refused(_("The panel has ended: its evidence can no longer change."))


def check_document(title: str, note: str) -> tuple[str, str]:
    """A document's title (required, one line) and an optional note on it."""
    title = " ".join(title.split())
    if not title:
        raise Refused(_("Give the document a title."), "title")
    if len(title) > TITLE_MAX:
        raise Refused(_("Use at most %(title_max)s characters for the title.") % {"title_max": TITLE_MAX}, "title")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise Refused((_("Use at most %(note_max)s characters for the note.")
                       % {"note_max": format(NOTE_MAX, ',')}), "note")
    return title, note


def check_testimony(speaker: str, speaker_role: str, summary: str) -> tuple[str, str, str]:
    """An invited speaker's name, who they are or speak for, and the summary of what they said."""
    speaker = " ".join(speaker.split())
    if not speaker:
        raise Refused(_("Name the speaker."), "speaker")
    if len(speaker) > TITLE_MAX:
        raise Refused(_("Use at most %(title_max)s characters for the name.") % {"title_max": TITLE_MAX}, "speaker")
    speaker_role = " ".join(speaker_role.split())
    if len(speaker_role) > SPEAKER_ROLE_MAX:
        raise Refused((_("Use at most %(speaker_role_max)s characters.")
                       % {"speaker_role_max": SPEAKER_ROLE_MAX}), "speaker_role")
    return speaker, speaker_role, check_text(summary, SUMMARY_MAX, "summary", "summary of the testimony")


def deliberation_rights(status: str, *, member: bool, coordinator: bool) -> Rights:
    """The panel's members post while it sits (drawn, not ended); coordinators moderate but do not
    post: the facilitators stay out of the argument so the recommendations are the members' own."""
    return Rights(post=member and status == CitizensPanelStatus.DRAWN, moderate=coordinator)
