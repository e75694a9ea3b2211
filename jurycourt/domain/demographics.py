"""Demographics for the fairness audit: recorded only where the program turns them on
(``record_demographics``) and only with the consent of the youth or their guardian.

The categories are the funder's (OJJDP's race categories, Hispanic or Latino ethnicity asked
separately, as the federal standard has it), fixed here so every program reports alike; "prefer
not to say" is always offered and is a group of its own in the fairness view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _l

PREFER_NOT = "prefer_not"

GENDERS: dict[str, object] = {
    "female": _l("Female"), "male": _l("Male"), "nonbinary": _l("Non-binary or another gender"),
    PREFER_NOT: _l("Prefer not to say"),
}
RACES: dict[str, object] = {
    "american_indian": _l("American Indian or Alaska Native"), "asian": _l("Asian"),
    "black": _l("Black or African American"), "pacific_islander": _l("Native Hawaiian or other Pacific Islander"),
    "white": _l("White"), "two_or_more": _l("Two or more races"), PREFER_NOT: _l("Prefer not to say"),
}
ETHNICITIES: dict[str, object] = {
    "hispanic": _l("Hispanic or Latino"), "not_hispanic": _l("Not Hispanic or Latino"),
    PREFER_NOT: _l("Prefer not to say"),
}
CONSENT_SOURCES: dict[str, object] = {"youth": _l("The young person"), "guardian": _l("A parent or guardian")}

#: The fairness view's "group by" choices: the case field and its categories (age band has none fixed).
DIMENSIONS: dict[str, tuple[object, dict[str, object] | None]] = {
    "age_band": (_l("Age band"), None), "gender": (_l("Gender"), GENDERS),
    "race": (_l("Race"), RACES), "ethnicity": (_l("Ethnicity"), ETHNICITIES),
}


def recorded_here(rules: dict[str, Any] | None) -> bool:
    """Whether the program records demographics at all (off unless it turns them on)."""
    return bool(rules_with_defaults(rules)["record_demographics"])


def check_demographics(rules: dict[str, Any] | None, today: date, consent_on: date | None, source: str,
                       gender: str, race: str, ethnicity: str) -> None:
    """Refuse demographics the program does not record, without a consent given on or before
    ``today`` by the youth or a guardian, or outside the funder's categories."""
    if not recorded_here(rules):
        raise Refused(_l("This program does not record demographics."))
    if consent_on is None or consent_on > today:
        raise Refused(_l("Record when consent was given: demographics are kept only with consent."), "consent_given_on")
    if source not in CONSENT_SOURCES:
        raise Refused(_l("Say who gave consent."), "consent_source")
    for name, value, choices in (("gender", gender, GENDERS), ("race", race, RACES),
                                 ("ethnicity", ethnicity, ETHNICITIES)):
        if value not in choices:
            raise Refused(_l("Choose one of the categories offered."), name)
