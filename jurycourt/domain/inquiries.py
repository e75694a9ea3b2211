"""Youth Grand Jury inquiries: the charter's rules, the vote threshold, eligibility, and what
happens after the report is published (responses due, recommendation statuses).

Pure rules: no database, no web. Fractions are exact (``fractions.Fraction``), never floats,
so two thirds of 13 members is exactly 26/3 and needs 9 votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, step
from jurycourt.i18n import _, _l, gettext, ngettext

DEFAULT_THRESHOLD = Fraction(2, 3)
#: Grand-jury practice (California): a public body named in a finding answers within 90 days.
DEFAULT_RESPONSE_DAYS = 90


class InquiryState(StrEnum):
    CHARTERED = "chartered"
    INVESTIGATING = "investigating"
    DRAFTING = "drafting"
    PUBLISHED = "published"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"chartered": gettext("Chartered"), "investigating": gettext("Investigating"),
                "drafting": gettext("Drafting"), "published": gettext("Published"),
                "follow_up": gettext("Follow-up"), "closed": gettext("Closed")}[self.value]


#: Only these moves exist; anything else is refused.
LIFECYCLE: Lifecycle[InquiryState] = Lifecycle(InquiryState, [
    step("investigate", _l("Start investigating"), {InquiryState.CHARTERED, InquiryState.DRAFTING},
         InquiryState.INVESTIGATING),
    step("draft", _l("Start drafting findings"), {InquiryState.INVESTIGATING}, InquiryState.DRAFTING),
    step("publish", _l("Mark the report published"), {InquiryState.DRAFTING}, InquiryState.PUBLISHED),
    step("follow_up", _l("Start following up"), {InquiryState.PUBLISHED}, InquiryState.FOLLOW_UP),
    step("close", _l("Close the inquiry"), {InquiryState.FOLLOW_UP}, InquiryState.CLOSED),
], wrong_state=lambda state, found, name: (
    _("An inquiry that is %(state)s cannot do that.") % {"state": state.label.lower()}))


#: States in which the inquiry investigates (evidence, witnesses) and drafts findings.
WORKING_STATES = frozenset({InquiryState.INVESTIGATING, InquiryState.DRAFTING})
#: States after publication: responses and statuses are recorded.
AFTER_PUBLICATION = frozenset({InquiryState.PUBLISHED, InquiryState.FOLLOW_UP, InquiryState.CLOSED})


class MemberRole(StrEnum):
    FOREPERSON = "foreperson"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return {"foreperson": gettext("Foreperson"), "member": gettext("Member")}[self.value]


class FindingKind(StrEnum):
    INDICTMENT = "indictment"
    RECOMMENDATION = "recommendation"

    @property
    def label(self) -> str:
        return {"indictment": gettext("Indictment"), "recommendation": gettext("Recommendation")}[self.value]


class FindingState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"

    @property
    def label(self) -> str:
        return {"draft": _("Draft, open for votes"), "adopted": _("Adopted"),
                "not_adopted": _("Not adopted")}[self.value]


class VoteChoice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        return {"for": gettext("For"), "against": gettext("Against"), "abstain": gettext("Abstain")}[self.value]


# --- threshold -------------------------------------------------------------------------------

def parse_threshold(raw: str) -> Fraction:
    """A threshold typed as ``2/3``, ``3/4`` or ``1``: more than half and at most all members."""
    try:
        value = Fraction(raw.strip())
    except (ValueError, ZeroDivisionError):
        raise Refused(_("Write the threshold as a fraction, e.g. 2/3."), "threshold") from None
    if not Fraction(1, 2) < value <= 1:
        raise Refused(_("The threshold must be more than one half and at most all members."), "threshold")
    return value


def votes_needed(threshold: Fraction, members_in_office: int) -> int:
    """⌈threshold × members in office⌉, computed exactly, and never less than one vote."""
    if members_in_office < 0:
        raise ValueError("members_in_office must not be negative")
    product = threshold * members_in_office
    return max(1, -(-product.numerator // product.denominator))


@dataclass(frozen=True)
class Tally:
    """A closed vote: for, against and abstaining votes cast, and members who did not vote."""

    votes_for: int
    against: int
    abstain: int
    members_in_office: int
    needed: int

    @property
    def absent(self) -> int:
        return self.members_in_office - self.votes_for - self.against - self.abstain

    @property
    def adopted(self) -> bool:
        return self.votes_for >= self.needed


def tally(choices: list[str], members_in_office: int, threshold: Fraction) -> Tally:
    """Count the votes of members in office. Abstentions and absences count against: only the
    votes for are compared with the threshold."""
    counts = {c: choices.count(c) for c in VoteChoice}
    if sum(counts.values()) != len(choices) or len(choices) > members_in_office:
        raise ValueError("votes must be for, against or abstain, at most one per member in office")
    return Tally(counts[VoteChoice.FOR], counts[VoteChoice.AGAINST], counts[VoteChoice.ABSTAIN],
                 members_in_office, votes_needed(threshold, members_in_office))


# --- eligibility -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


def eligibility(jury_sessions: int, age: int | None, rules: dict[str, Any]) -> Eligibility:
    """May this person sit on a grand jury? They must have served at ``grand_jury_min_sessions``
    jury sessions (attended, at held hearings) and be within the grand jury age band."""
    needed = int(rules.get("grand_jury_min_sessions", 3))
    low, high = rules.get("grand_jury_min_age"), rules.get("grand_jury_max_age")
    served = ngettext("served %(num)s jury session", "served %(num)s jury sessions", jury_sessions) % {
        "num": jury_sessions}
    if jury_sessions < needed:
        return Eligibility(False, _("Has %(served)s, needs %(needed)s.") % {"served": served, "needed": needed})
    if age is not None and ((low is not None and age < low) or (high is not None and age > high)):
        return Eligibility(False, (_("Has %(served)s but is %(age)s: grand jurors are %(low)s–%(high)s.")
                                   % {"served": served, "age": age, "low": low, "high": high}))
    return Eligibility(True, _("Has %(served)s (needs %(needed)s).") % {"served": served, "needed": needed})


# --- after publication -----------------------------------------------------------------------

class Stance(StrEnum):
    AGREES = "agrees"
    PARTLY = "partly"
    DISAGREES = "disagrees"

    @property
    def label(self) -> str:
        return {"agrees": _("Agrees"), "partly": _("Agrees in part"), "disagrees": _("Disagrees")}[self.value]


class RecommendationStatus(StrEnum):
    NO_RESPONSE = "no_response"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"no_response": gettext("No response"), "accepted": gettext("Accepted"),
                "in_progress": gettext("In progress"), "implemented": gettext("Implemented"),
                "rejected": gettext("Rejected")}[self.value]


def check_status_change(status: str, reason: str) -> RecommendationStatus:
    """A new public status: one of the known ones, and a rejection always says why."""
    try:
        parsed = RecommendationStatus(status)
    except ValueError:
        raise Refused(_("Choose a status."), "status") from None
    if parsed == RecommendationStatus.REJECTED and not reason.strip():
        raise Refused(_("Say why the recommendation was rejected."), "reason")
    return parsed


def response_deadline(published_on: date, response_days: int = DEFAULT_RESPONSE_DAYS) -> date:
    """The day a named body's response is due: ``response_days`` after publication."""
    return published_on + timedelta(days=response_days)


def is_overdue(deadline: date, responded_on: date | None, today: date) -> bool:
    """Overdue: no response recorded and the deadline has passed (the deadline day itself is in time)."""
    return responded_on is None and today > deadline
