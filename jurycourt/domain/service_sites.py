"""Community service at a site: what a site must say, its capacity, the hours a supervisor confirms,
the deadline clock, and the supervisor's signed link.

Sentences have deadlines (Texas teen-court sentences are finished within 90 days): a placement's
clock runs from the disposition for the program's ``community_service_days``; the coordinator may
extend it with a reason, move the teen to a new site, or return the case to the referrer.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.messaging import phone_number
from jurycourt.domain.people import EMAIL_RE
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, gettext

#: A confirmation is whole quarter hours, at most a long day's work at once.
STEP_MINUTES = 15
MOST_MINUTES_AT_ONCE = 12 * 60
#: A supervisor's link works this long; the coordinator can make a new one at any time.
LINK_DAYS = 60
MOST_CAPACITY = 200


class PlacementState(StrEnum):
    ACTIVE = "active"
    MOVED = "moved"
    RETURNED = "returned"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {"active": gettext("Serving here"), "moved": gettext("Moved to another site"),
                "returned": gettext("Returned to the referrer"), "completed": gettext("Completed")}[self.value]


class ServiceChoice(StrEnum):
    """What a coordinator does when a deadline passes without the hours."""

    EXTEND = "extend"
    MOVE = "move"
    RETURN = "return"


@dataclass(frozen=True)
class SiteTerms:
    name: str
    supervisor_name: str
    capacity: int | None
    supervisor_phone: str = ""
    supervisor_email: str = ""
    address: str = ""
    work: str = ""
    opening_hours: str = ""


LIMITS = {"name": 120, "supervisor_name": 120, "supervisor_phone": 40, "supervisor_email": 254, "address": 200,
          "work": 300, "opening_hours": 200}


def check_site(terms: SiteTerms) -> SiteTerms:
    """Refuse a site without a name, a supervisor who can be reached, or a sensible capacity."""
    clean = {name: " ".join(str(getattr(terms, name)).split()) for name in LIMITS}
    for name, limit in LIMITS.items():
        if len(clean[name]) > limit:
            raise Refused(_("Keep this under %(num)s characters.") % {"num": limit}, name)
    if not clean["name"]:
        raise Refused(_("Name the site."), "name")
    if not clean["supervisor_name"]:
        raise Refused(_("Name the supervisor who confirms the hours."), "supervisor_name")
    if not (terms.capacity and 1 <= terms.capacity <= MOST_CAPACITY):
        raise Refused(_("Say how many teens the site can take at once (1 to %(num)s).") % {"num": MOST_CAPACITY},
                      "capacity")
    if clean["supervisor_phone"] and phone_number(clean["supervisor_phone"]) is None:
        raise Refused(_("Enter a phone number such as 202-555-0199, or leave it empty."), "supervisor_phone")
    if clean["supervisor_email"] and not EMAIL_RE.match(clean["supervisor_email"]):
        raise Refused(_("Enter an email address like name@example.org, or leave it empty."), "supervisor_email")
    if not (clean["supervisor_phone"] or clean["supervisor_email"]):
        raise Refused(_("Give the supervisor's phone or email, so the link can reach them."), "supervisor_phone")
    return SiteTerms(capacity=terms.capacity, **clean)


def check_capacity(placed: int, capacity: int) -> None:
    """A site takes no more teens at once than its capacity."""
    if placed >= capacity:
        raise Refused(_("This site is full (%(num)s teens at once). Choose another site.") % {"num": capacity},
                      "site")


def service_days(rules: dict[str, Any] | None) -> int:
    """Days a teen has to serve community service, from the disposition (the program's rule)."""
    return int(rules_with_defaults(rules)["community_service_days"])


def first_deadline(disposed_on: date, rules: dict[str, Any] | None) -> date:
    """The deadline a placement starts with when the sanction has none of its own."""
    return disposed_on + timedelta(days=service_days(rules))


def minutes_left(hours_owed: int, confirmed_minutes: int) -> int:
    """Minutes still to serve (never below zero)."""
    return max(0, hours_owed * 60 - confirmed_minutes)


def check_confirmation(minutes: int | None, served_on: date | None, started_on: date, today: date,
                       left: int) -> int:
    """The minutes a supervisor confirms: quarter hours, on a day from the placement to today, no
    more than are still to serve."""
    if served_on is None or not started_on <= served_on <= today:
        raise Refused(_("Enter the day served: not before the placement began, not in the future."), "served_on")
    if not minutes or minutes <= 0 or minutes % STEP_MINUTES or minutes > MOST_MINUTES_AT_ONCE:
        raise Refused(_("Enter the hours served in quarter hours, such as 2 or 1.75 (at most 12)."), "hours")
    if left <= 0:
        raise Refused(_("All the hours are served already: nothing more to confirm."), "hours")
    if minutes > left:
        raise Refused(_("That is more than the %(hours)s hours still to serve.") % {"hours": hours_text(left)},
                      "hours")
    return minutes


def hours_text(minutes: int) -> str:
    """Minutes as hours for a message: "2", "1.75"."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def check_extension(current: date | None, new: date | None, today: date, reason: str) -> tuple[date, str]:
    """A new deadline is later than today and the current one, and says why."""
    if new is None or new <= today or (current is not None and new <= current):
        raise Refused(_("Choose a new deadline after today and after the current one."), "due_on")
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise Refused(_("Say why the deadline moves."), "reason")
    return new, reason


def is_overdue(due_on: date | None, today: date, left: int) -> bool:
    """The deadline has passed and hours are still to serve."""
    return due_on is not None and due_on < today and left > 0


def _signature(secret: str, placement_id: int, expires: int, nonce: str) -> str:
    value = f"service-hours:{placement_id}:{expires}:{nonce}"
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()[:40]


def link_token(secret: str, placement_id: int, expires_at: datetime, nonce: str) -> str:
    """The supervisor's token: the placement, when it expires, and a signature over both and the nonce."""
    expires = int(expires_at.timestamp())
    return f"{placement_id}-{expires}-{_signature(secret, placement_id, expires, nonce)}"


def token_placement(token: str) -> int | None:
    """The placement a token names (unchecked), or None when it is not shaped like one."""
    parts = token.split("-")
    if len(parts) != 3 or not all(part.isascii() and part.isalnum() for part in parts):
        return None
    return int(parts[0]) if parts[0].isdigit() and len(parts[0]) <= 10 else None


class LinkRefused(Exception):
    """The supervisor's link is not (or no longer) good."""


def check_token(secret: str, token: str, placement_id: int, nonce: str, expires_at: datetime,
                now: datetime) -> None:
    """A token is good for its own placement only, with its current nonce, until it expires."""
    if token_placement(token) != placement_id:
        raise LinkRefused(_("This link is not valid. Ask the program for a new one."))
    expires = int(expires_at.timestamp())
    if not hmac.compare_digest(token, link_token(secret, placement_id, expires_at, nonce)) or \
            token.split("-")[1] != str(expires):
        raise LinkRefused(_("This link is not valid. Ask the program for a new one."))
    if now >= expires_at:
        raise LinkRefused(_("This link has expired. Ask the program for a new one."))
