"""Intake: who a peer jury may hear, and the consent it needs before a hearing.

Programs configure the referring agencies and offence categories they accept; the defaults
follow the Time Dollar Youth Court (referred by police, court services and schools; first,
non-violent offences; ages about 13-17; the respondent admits the offence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, _l

DEFAULT_AGENCIES = {"police": _l("Police"), "school": _l("School"), "court_services": _l("Court services"),
                    "other": _l("Other")}
DEFAULT_OFFENCES = {
    "shoplifting": _l("Shoplifting"), "vandalism": _l("Vandalism or graffiti"), "trespass": _l("Trespass"),
    "disorderly": _l("Disorderly conduct"), "truancy": _l("Truancy"), "possession": _l("Possession (minor)"),
    "other": _l("Other non-violent offence"),
}


def agencies(rules: dict[str, Any] | None) -> dict[str, str]:
    """The program's referring agencies, value → label."""
    return dict((rules or {}).get("referring_agencies") or DEFAULT_AGENCIES)


def offence_categories(rules: dict[str, Any] | None) -> dict[str, str]:
    """The program's (non-violent) offence categories, value → label."""
    return dict((rules or {}).get("offence_categories") or DEFAULT_OFFENCES)


@dataclass(frozen=True)
class Checklist:
    """The intake checklist as answered (None means not yet answered)."""

    first_offence: bool | None = None
    non_violent: bool | None = None
    accepts_responsibility: bool | None = None
    age: int | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.first_offence, self.non_violent, self.accepts_responsibility, self.age)


def ineligibility(checklist: Checklist, rules: dict[str, Any] | None) -> list[str]:
    """Why the respondent can't be heard, in words (empty when eligible so far)."""
    rules = rules_with_defaults(rules)
    reasons = []
    if checklist.first_offence is False:
        reasons.append(_("Not a first offence."))
    if checklist.non_violent is False:
        reasons.append(_("The offence was violent."))
    if checklist.accepts_responsibility is False:
        reasons.append(_("The respondent does not accept responsibility."))
    if checklist.age is not None and not rules["min_age"] <= checklist.age <= rules["max_age"]:
        reasons.append(_("Age %(age)s is outside the program's ages %(rules)s–%(rules2)s.")
                        % {"age": checklist.age, "rules": rules['min_age'], "rules2": rules['max_age']})
    return reasons


def is_eligible(checklist: Checklist, rules: dict[str, Any] | None) -> bool:
    return checklist.complete and not ineligibility(checklist, rules)


@dataclass(frozen=True)
class Consent:
    """Consent to a peer jury hearing, each with its date, and who witnessed it."""

    respondent_on: date | None = None
    guardian_on: date | None = None
    witness: str = ""
    refused: bool = False

    @property
    def given(self) -> bool:
        return bool(self.respondent_on and self.guardian_on and self.witness.strip()) and not self.refused


def age_band(age: int | None) -> str:
    """An anonymised age band, kept after sealing."""
    if age is None:
        return "unknown"
    if age < 13:
        return "under 13"
    return "13–14" if age <= 14 else "15–16" if age <= 16 else "17+"
