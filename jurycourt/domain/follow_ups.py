"""Follow-up after a completed case: when the checks fall due, and how the youth is known to them.

A completed case is checked on at 6 and 12 months (the program may set other months): was there a
new referral, and where the program records it, the youth's school status. The checks outlive the
case's sealing, so they name no one: the youth is known to them only by a keyed pseudonym of their
name and date of birth (``pseudonym_text``), enough to recognise a later referral of the same
youth, and nothing else. Once the last check of a case is recorded, the pseudonym is erased and
only the outcome flags stay.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, _l

PURPOSE = "follow-up"  # the keyed hash's purpose (domain.pseudonyms)


class SchoolStatus(StrEnum):
    NOT_RECORDED = ""
    ENROLLED = "enrolled"
    GRADUATED = "graduated"
    WORKING = "working"
    OUT = "out"

    @property
    def label(self) -> str:
        return str(SCHOOL_LABELS[self])


SCHOOL_LABELS = {
    SchoolStatus.NOT_RECORDED: _l("Not recorded"),
    SchoolStatus.ENROLLED: _l("In school"),
    SchoolStatus.GRADUATED: _l("Graduated"),
    SchoolStatus.WORKING: _l("Working, not in school"),
    SchoolStatus.OUT: _l("Neither in school nor working"),
}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Aug + 6 → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last = date.fromordinal(following.toordinal() - 1).day
    return date(year, month, min(day.day, last))


def check_months(rules: dict[str, Any] | None) -> list[int]:
    """The program's follow-up months (``follow_up_months``), each 1 to 60, in order, once each."""
    raw = rules_with_defaults(rules)["follow_up_months"]
    return sorted({int(m) for m in raw if isinstance(m, int) and 1 <= m <= 60})


def schedule(completed_on: date, months: Iterable[int]) -> list[tuple[int, date]]:
    """(months, due date) of each check of a case completed on ``completed_on``."""
    return [(m, add_months(completed_on, m)) for m in months]


def pseudonym_text(given_name: str, family_name: str, date_of_birth: date | None) -> str:
    """What the pseudonym is the keyed hash of: the name folded (case, accents, spaces) and the date
    of birth, so the same youth written a little differently is still recognised."""
    def fold(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return " ".join(plain.casefold().split())
    return f"{fold(given_name)}|{fold(family_name)}|{date_of_birth.isoformat() if date_of_birth else ''}"


def check_answer(new_referral: str, school: str) -> tuple[bool | None, SchoolStatus]:
    """A coordinator's answer to a check: new referral yes, no or not known; a school status."""
    answers = {"yes": True, "no": False, "unknown": None}
    if new_referral not in answers:
        raise Refused(_("Say whether there was a new referral (or that it is not known)."), "new_referral")
    if school not in SchoolStatus._value2member_map_:
        raise Refused(_("Choose a school status from the list."), "school_status")
    return answers[new_referral], SchoolStatus(school)

