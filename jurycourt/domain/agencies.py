"""Referring agencies: their kinds, the referral status they are told (in the words their data-sharing
agreement names), and reading referrals from an agency's CSV file.

An agency learns only where its referral stands, never what happened at a hearing: the status is
derived from the case state alone, and once the case is sealed only that it was closed, and in which
month.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.people import person_problems
from jurycourt.domain.pool_csv import decode
from jurycourt.domain.text import clean_text
from jurycourt.i18n import _, _l, gettext


class AgencyKind(StrEnum):
    POLICE = "police"
    SCHOOL = "school"
    PROBATION = "probation"
    HOUSING = "housing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])

    @property
    def intake_agency(self) -> str:
        """The old free-text referrer value (``domain.intake.DEFAULT_AGENCIES``) this kind files under."""
        return {"police": "police", "school": "school", "probation": "court_services"}.get(self.value, "other")


KIND_LABELS = {AgencyKind.POLICE: _l("Police district"), AgencyKind.SCHOOL: _l("School"),
               AgencyKind.PROBATION: _l("Probation office"), AgencyKind.HOUSING: _l("Housing provider"),
               AgencyKind.OTHER: _l("Other")}


class ReferralStatus(StrEnum):
    """Where a referral stands, in the words the data-sharing agreement lets the agency be told."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # sealed: nothing more than that it closed

    @property
    def label(self) -> str:
        return {"received": gettext("Received"), "accepted": gettext("Accepted"), "declined": gettext("Declined"),
                "in_progress": gettext("In progress"), "completed": gettext("Completed"),
                "not_completed": gettext("Not completed"), "withdrawn": gettext("Withdrawn"),
                "closed": gettext("Closed")}[self.value]

    @property
    def is_end(self) -> bool:
        return self in ENDS


ENDS = frozenset({ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.NOT_COMPLETED,
                  ReferralStatus.WITHDRAWN, ReferralStatus.CLOSED})

STATUS_OF_STATE = {
    CaseState.REFERRED: ReferralStatus.RECEIVED, CaseState.INTAKE: ReferralStatus.ACCEPTED,
    CaseState.SCHEDULED: ReferralStatus.IN_PROGRESS, CaseState.HEARD: ReferralStatus.IN_PROGRESS,
    CaseState.MONITORING: ReferralStatus.IN_PROGRESS, CaseState.COMPLETED: ReferralStatus.COMPLETED,
    CaseState.FAILED: ReferralStatus.NOT_COMPLETED, CaseState.DECLINED: ReferralStatus.DECLINED,
    CaseState.WITHDRAWN: ReferralStatus.WITHDRAWN,
}


@dataclass(frozen=True)
class AgencyView:
    """All an agency may know of one referral: its status, and the closing month once closed."""

    status: ReferralStatus
    closed_month: date | None


def agency_view(state: CaseState, sealed: bool, closed_on: date | None) -> AgencyView:
    """What the referring agency is told of a case in ``state``. A sealed case is only "closed", with
    the first day of its closing month."""
    month = closed_on.replace(day=1) if closed_on else None
    if sealed:
        return AgencyView(ReferralStatus.CLOSED, month)
    status = STATUS_OF_STATE[state]
    return AgencyView(status, month if status.is_end else None)


def agreement_in_force(starts: date | None, ends: date | None, today: date) -> bool:
    """Whether a data-sharing agreement covers ``today`` (an agreement with no start date is not signed)."""
    return starts is not None and starts <= today and (ends is None or today <= ends)


# --- Reading referrals from an agency's CSV file -------------------------------------------------------

MAX_ROWS = 500
REQUIRED = ("reference", "given_name", "family_name", "date_of_birth", "referral_date", "offence_category")
COLUMNS = (*REQUIRED, "referring_officer", "summary")
LIMITS = {"reference": 40, "referring_officer": 120, "summary": 2000}


@dataclass(frozen=True)
class ReferralRow:
    line: int
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date
    referral_date: date
    offence_category: str
    referring_officer: str
    summary: str


@dataclass
class ReferralFile:
    rows: list[ReferralRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Known:
    """What the agency has referred already (its open referrals): references and (name, birth date) keys."""

    references: frozenset[str] = frozenset()
    people: frozenset[tuple[str, str, date]] = frozenset()


def person_key(given: str, family: str, born: date) -> tuple[str, str, date]:
    return (" ".join(given.lower().split()), " ".join(family.lower().split()), born)


def duplicate_problems(reference: str, key: tuple[str, str, date] | None, references: set[str] | frozenset[str],
                       people: set[tuple[str, str, date]] | frozenset[tuple[str, str, date]]) -> dict[str, str]:
    """Field → why a referral repeats one the agency made already: its reference, or the young person."""
    problems = {}
    if reference and reference.lower() in references:
        problems["reference"] = _("the reference “%(reference)s” was referred already.") % {"reference": reference}
    if key and key in people:
        problems["date_of_birth"] = _("this young person, with this date of birth, was referred already.")
    return problems


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def read_referral_csv(data: bytes, offences: dict[str, str], known: Known, today: date) -> ReferralFile:
    """Check every row of an agency's referral file: the columns, a value for each required one, real
    dates (YYYY-MM-DD, not in the future), a known offence category, and no duplicate (the same agency
    reference, or the same young person and date of birth, in the file or among the agency's open
    referrals). Lines count from the header (1)."""
    text = decode(data)
    if not text.strip():
        raise Refused(_("The file is empty."), "file")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Refused(_("The file lacks the columns: %(missing)s. The first line must name the columns: "
                        "%(expected)s.") % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}, "file")
    index = {name: header.index(name) for name in COLUMNS if name in header}
    result = ReferralFile()
    references, people = set(known.references), set(known.people)
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if line > MAX_ROWS + 1:
            raise Refused(_("A referral file has at most %(max_rows)s rows.") % {"max_rows": MAX_ROWS}, "file")
        if len(cells) != len(header):
            result.errors.append((line, _("has %(num_cells)s fields, the header has %(num_headers)s.")
                                  % {"num_cells": len(cells), "num_headers": len(header)}))
            continue
        _read_row(result, line, {n: cells[i] for n, i in index.items()}, offences, references, people, today)
    if not result.rows and not result.errors:
        raise Refused(_("The file has a header but no referrals."), "file")
    return result


def _read_row(result: ReferralFile, line: int, raw: dict[str, str], offences: dict[str, str],
              references: set[str], people: set[tuple[str, str, date]], today: date) -> None:
    cells = {}
    problems: list[str] = []
    for name in COLUMNS:
        cleaned = clean_text(raw.get(name, ""))
        if cleaned.problem:
            problems.append(_("%(name)s has a NUL or invisible characters that change the direction it reads "
                              "in: remove them.") % {"name": name})
        cells[name] = " ".join(cleaned.text.split())
    problems += [_("%(name)s is empty.") % {"name": name} for name in REQUIRED if not cells[name]]
    problems += [_("%(name)s is longer than %(limit)s characters.") % {"name": name, "limit": limit}
                 for name, limit in LIMITS.items() if len(cells[name]) > limit]
    person = {"given_name": cells["given_name"], "family_name": cells["family_name"]}
    problems += [f"{name}: {problem}" for name, problem in person_problems(person, today).items()
                 if cells[name]]
    born, referred = _day(cells["date_of_birth"]), _day(cells["referral_date"])
    for name, day in (("date_of_birth", born), ("referral_date", referred)):
        if cells[name] and (day is None or day > today):
            problems.append(_("%(name)s “%(raw)s” is not a date like 2026-03-31 (and not in the future).")
                            % {"name": name, "raw": cells[name]})
    if cells["offence_category"] and cells["offence_category"] not in offences:
        problems.append(_("offence_category “%(raw)s” is not one of: %(known)s.")
                        % {"raw": cells["offence_category"], "known": ", ".join(offences)})
    reference = cells["reference"]
    key = person_key(cells["given_name"], cells["family_name"], born) if born else None
    problems += duplicate_problems(reference, key, references, people).values()
    if problems:
        result.errors.extend((line, p) for p in problems)
        return
    assert born is not None and referred is not None and key is not None
    references.add(reference.lower())
    people.add(key)
    result.rows.append(ReferralRow(line, reference, cells["given_name"], cells["family_name"], born, referred,
                                   cells["offence_category"], cells["referring_officer"], cells["summary"]))


@dataclass(frozen=True)
class AgencyDetails:
    """An agency and its data-sharing agreement, as entered by a coordinator."""

    name: str
    kind: AgencyKind
    agreement_starts: date | None
    agreement_ends: date | None
    agreement_shares: str
    agreement_signed_by: str


def agency_problems(details: AgencyDetails) -> dict[str, str]:
    """Field name → why the agency's details will not do."""
    problems: dict[str, str] = {}
    if not details.name.strip():
        problems["name"] = _("Enter the agency's name.")
    for name, limit in (("name", 120), ("agreement_signed_by", 200), ("agreement_shares", 2000)):
        if len(getattr(details, name)) > limit:
            problems.setdefault(name, _("Use at most %(limit)s characters.") % {"limit": limit})
    if details.agreement_starts and details.agreement_ends and details.agreement_ends < details.agreement_starts:
        problems["agreement_ends"] = _("The agreement cannot end before it starts.")
    if details.agreement_starts and not details.agreement_signed_by.strip():
        problems["agreement_signed_by"] = _("Say who signed the agreement (for each side).")
    return problems
