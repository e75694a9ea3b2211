"""The outcome letter for the referring agency: only what the agency already knows, plus the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import CaseState
from jurycourt.domain.intake import agencies
from jurycourt.domain.roles import Role
from jurycourt.queries.cases import read_case

#: The ends an agency is told about: completed (resolved) or failed (returned to it).
LETTER_STATES = frozenset({CaseState.COMPLETED, CaseState.FAILED})


@dataclass(frozen=True)
class OutcomeLetter:
    """The letter's facts: no sanctions, no guardian, no summary, no date of birth."""

    program: str
    agency: str
    officer: str
    referral_date: date
    respondent: str
    completed: bool
    closed_on: date | None
    seen: str = ""  # for the view log, which the view that shows the letter writes


async def outcome_letter(viewer: Viewer, case_id: int, what: str = "letter") -> OutcomeLetter:
    """The letter for a completed or failed case, for a coordinator of its program (NotFound
    otherwise). The view that shows it logs ``seen`` as a view of the case (``what``: the page or its PDF)."""
    read = await read_case(viewer, case_id, what)
    case = read.case
    if not viewer.has_role(case.program_id, Role.COORDINATOR) or case.state not in LETTER_STATES:
        raise NotFound()
    person = case.respondent
    name = f"{person.given_name} {person.family_name}" if person is not None else "(sealed)"
    return OutcomeLetter(read.program.name, agencies(read.program.rules).get(case.agency, case.agency),
                         case.referring_officer, case.referral_date, name,
                         case.state == CaseState.COMPLETED, case.closed_on, read.seen)
