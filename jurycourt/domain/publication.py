"""Publications: what a program publishes, and the rules of its way from draft to the public.

A publication goes draft → in review → published, and may later be withdrawn. It is published
only by a coordinator other than the one who submitted it (two-person approval), and withdrawn
only when a second coordinator confirms a first one's proposal; who may be that second coordinator
is ``domain.separation``'s rule. Once published its text never
changes: corrections are dated errata shown with it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, step
from jurycourt.i18n import _, _l


class PublicationKind(StrEnum):
    INQUIRY_REPORT = "inquiry_report"
    PANEL_RECOMMENDATIONS = "panel_recommendations"
    JUSTICE_SUMMARY = "justice_summary"
    OUTCOMES_REPORT = "outcomes_report"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    PublicationKind.INQUIRY_REPORT: _l("Inquiry report"),
    PublicationKind.PANEL_RECOMMENDATIONS: _l("Panel recommendations"),
    PublicationKind.JUSTICE_SUMMARY: _l("Community justice summary"),
    PublicationKind.OUTCOMES_REPORT: _l("Outcomes report"),
}


class PublicationState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"draft": _("Draft"), "in_review": _("In review"), "published": _("Published"),
                "withdrawn": _("Withdrawn")}[self.value]


#: Only these moves exist.
LIFECYCLE: Lifecycle[PublicationState] = Lifecycle(PublicationState, [
    step("submit", "submit", {PublicationState.DRAFT}, PublicationState.IN_REVIEW),
    step("return", "return", {PublicationState.IN_REVIEW}, PublicationState.DRAFT),
    step("publish", "publish", {PublicationState.IN_REVIEW}, PublicationState.PUBLISHED),
    step("withdraw", "withdraw", {PublicationState.PUBLISHED}, PublicationState.WITHDRAWN),
], wrong_state=lambda state, found, name: (
    _("A %(state)s publication can't be %(action)s.") % {"state": state.label.lower(), "action": _done(name)}))

#: States whose text the database keeps fixed.
FIXED_STATES = frozenset({PublicationState.PUBLISHED, PublicationState.WITHDRAWN})


def _done(action: str) -> str:
    return {"submit": "submitted for review", "return": "returned to draft", "publish": "published",
            "withdraw": "withdrawn"}.get(action, action)


def check_editable(state: PublicationState) -> None:
    """Only a draft's text may be edited: a publication in review is returned to draft first."""
    if PublicationState(state) != PublicationState.DRAFT:
        raise Refused(_("Only a draft can be edited. Return it to draft first."))


def slugify(title: str) -> str:
    """A URL slug from a title: ascii letters and digits joined by hyphens, at most 80 long."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")
    return slug or "publication"


def parse_topics(raw: str) -> list[str]:
    """Topics from a comma list: trimmed, lower case, slug-shaped, unique, at most 8."""
    topics: list[str] = []
    for part in raw.split(","):
        topic = slugify(part) if part.strip() else ""
        if topic and topic != "publication" and topic not in topics:
            topics.append(topic[:40])
    if len(topics) > 8:
        raise Refused(_("Use at most 8 topics."), "topics")
    return topics


def store_topics(topics: list[str]) -> str:
    """Topics as stored: ``,a,b,`` so that one topic is found with ``contains(",a,")``."""
    return "," + ",".join(topics) + "," if topics else ""


def read_topics(stored: str) -> list[str]:
    return [t for t in stored.split(",") if t]
