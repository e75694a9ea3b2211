"""What happens to a published recommendation, whoever made it (an inquiry's finding or a citizens'
panel's recommendation): the status moves a body's answer may make, milestones on the way, and the
reminders an overdue body is sent.

Pure rules: no database, no web. Deadlines and overdue are ``domain.inquiries``'s
(``response_deadline``, ``is_overdue``): one rule for both kinds of recommendation.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from jurycourt.domain.errors import Refused
from jurycourt.domain.inquiries import RecommendationStatus, check_status_change, is_overdue
from jurycourt.i18n import _, gettext

Status = RecommendationStatus

#: The moves a recommendation's public status may make. In progress may repeat (each time a
#: milestone); a rejected recommendation may be reconsidered; an implemented one is done.
MOVES: dict[RecommendationStatus, frozenset[RecommendationStatus]] = {
    Status.NO_RESPONSE: frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.IMPLEMENTED, Status.REJECTED}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.IMPLEMENTED, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset({Status.IN_PROGRESS, Status.IMPLEMENTED, Status.REJECTED}),
    Status.REJECTED: frozenset({Status.ACCEPTED, Status.IN_PROGRESS}),
    Status.IMPLEMENTED: frozenset(),
}

#: Days past the deadline at which an overdue body is reminded: the day after, then a month and two
#: months on. Each step is sent once.
REMINDER_DAYS = (1, 30, 60)


class Source(StrEnum):
    """Who made the recommendation."""

    INQUIRY = "inquiry"
    PANEL = "panel"

    @property
    def label(self) -> str:
        return {"inquiry": gettext("Youth grand jury"), "panel": gettext("Citizens' panel")}[self.value]


def check_step(current: RecommendationStatus, status: str, reason: str, milestone: str,
               progress: str) -> tuple[RecommendationStatus, int | None]:
    """A new entry of the timeline: a status the current one may move to (a rejection says why),
    a milestone when the recommendation stays in progress, and the share done (0 to 100) if given."""
    parsed = check_status_change(status, reason)
    if parsed not in MOVES[current]:
        raise Refused(_("A recommendation that is %(now)s cannot become %(next)s.")
                      % {"now": current.label.lower(), "next": parsed.label.lower()}, "status")
    if parsed == current == Status.IN_PROGRESS and not milestone.strip():
        raise Refused(_("Name the milestone reached."), "milestone")
    if len(milestone.strip()) > 200:
        raise Refused(_("Use at most %(limit)s characters.") % {"limit": 200}, "milestone")
    share = None
    if progress.strip():
        try:
            share = int(progress)
        except ValueError:
            raise Refused(_("Give the share done as a whole number from 0 to 100."), "progress") from None
        if not 0 <= share <= 100:
            raise Refused(_("Give the share done as a whole number from 0 to 100."), "progress")
    if parsed == Status.IMPLEMENTED:
        share = 100
    return parsed, share


def reminder_step(deadline: date, responded_on: date | None, today: date) -> int | None:
    """The latest reminder step due today (0, 1, 2: see ``REMINDER_DAYS``) for a body that has not
    answered by ``deadline``, or None while it is not overdue."""
    if not is_overdue(deadline, responded_on, today):
        return None
    late = (today - deadline).days
    return max(step for step, days in enumerate(REMINDER_DAYS) if late >= days)


def reminder_key(source: Source, item_id: int, step: int, person_id: int) -> str:
    """The outbox key of one reminder step to one person: the outbox queues each key once."""
    return f"overdue:{source.value}:{item_id}:{step}:{person_id}"


def parse_status_filter(raw: str) -> RecommendationStatus | None:
    """A tracker's status filter: a known status, or None for all (an unknown value shows all)."""
    try:
        return RecommendationStatus(raw.strip())
    except ValueError:
        return None
