"""The outcome letter for the referring agency: only what the agency already knows, plus the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import END_STATES, CaseState
from jurycourt.domain.intake import agencies
from jurycourt.domain.roles import Role
from jurycourt.queries.cases import read_case

#: The ends an agency is told about: every closing state of a case, resolved (completed) or not
#: (failed, declined, withdrawn: the matter is back with the agency).
LETTER_STATES = END_STATES


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
    state: CaseState = CaseState.COMPLETED  # which end: the letter's outcome and its words


async def outcome_letter(viewer: Viewer, case_id: int, what: str = "letter") -> OutcomeLetter:
    """The letter for a closed case (completed, failed, declined or withdrawn), for a coordinator of its
    program (NotFound otherwise). The view that shows it logs ``seen`` as a view of the case (``what``:
    the page or its PDF)."""
    read = await read_case(viewer, case_id, what)
    case = read.case
    if not viewer.has_role(case.program_id, Role.COORDINATOR) or case.state not in LETTER_STATES:
        raise NotFound()
    person = case.respondent
    name = f"{person.given_name} {person.family_name}" if person is not None else "(sealed)"
    return OutcomeLetter(read.program.name, agencies(read.program.rules).get(case.agency, case.agency),
                         case.referring_officer, case.referral_date, name,
                         case.state == CaseState.COMPLETED, case.closed_on, seen=read.seen, state=case.state)


#: The states in which a case has a jury's decision to tell the family: disposed and after.
DECIDED_STATES = frozenset({CaseState.MONITORING, CaseState.COMPLETED, CaseState.FAILED})


@dataclass(frozen=True)
class DecisionLetter:
    """The letter telling the young person and their guardians what the jury decided: their names,
    the sanctions in plain words with units, the day of the hearing, and who follows up. Never the
    jurors' names, the vote or anything said in the room."""

    program: str
    respondent: str
    guardians: tuple[str, ...]
    hearing_day: date | None
    sanctions: tuple[tuple[str, int | None, str], ...]  # kind, quantity, detail
    jury_sessions: int | None
    seen: str = ""  # for the view log, which the view that shows the letter writes


async def decision_letter(viewer: Viewer, case_id: int, what: str = "decision-letter") -> DecisionLetter:
    """The decision letter for a coordinator of the case's program once the jury's decision is the
    case's disposition (NotFound otherwise, and for a sealed case). Logged as a view of the case."""
    from zoneinfo import ZoneInfo

    from jurycourt.domain.sanctions import SanctionKind
    from jurycourt.models import Person, Sanction

    read = await read_case(viewer, case_id, what)
    case = read.case
    if not viewer.has_role(case.program_id, Role.COORDINATOR) or case.state not in DECIDED_STATES \
            or case.respondent is None:
        raise NotFound()
    guardians = await Person.filter(id__in=read.guardian_ids).order_by("id").values_list(
        "given_name", "family_name")
    sanctions = await Sanction.filter(case_id=case.id).order_by("id").values_list("kind", "quantity", "detail")
    day = read.entry.hearing.starts_at.astimezone(ZoneInfo(read.program.time_zone)).date() if read.entry else None
    jury = next((q for k, q, _ in sanctions if k == SanctionKind.JURY_DUTY), None)
    person = case.respondent
    return DecisionLetter(read.program.name, f"{person.given_name} {person.family_name}",
                          tuple(f"{g} {f}" for g, f in guardians), day,
                          tuple((str(k), q, d or "") for k, q, d in sanctions), jury, seen=read.seen)
