"""The follow-up checks waiting for a coordinator, with what the program's own records say.

A check shows no name: the case's number while the case is not sealed, and the months since
completion. The program's own records are searched by pseudonym: a case referred since the
completion whose respondent has the same keyed pseudonym is a new referral of the same youth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jurycourt import clock
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.follow_ups import PURPOSE, SchoolStatus, add_months, pseudonym_text
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.models import Case, FollowUp, Program
from jurycourt.queries.publication_guard import pseudonym_key

SHOWN = 100


@dataclass(frozen=True)
class DueCheck:
    id: int
    case_id: int | None  # None once the case is sealed
    months: int
    due_on: date
    completed_on: date
    in_our_records: bool  # the program has referred the same youth again since completion


async def _referred_again(program: Program, checks: list[FollowUp]) -> set[int]:
    """The ids of ``checks`` whose youth the program has referred again since completion."""
    if not checks:
        return set()
    since = min(add_months(c.due_on, -c.months) for c in checks)
    key = pseudonym_key()
    referred: dict[str, list[date]] = {}
    for given, family, born, day in await Case.filter(
            program_id=program.id, referral_date__gt=since, respondent_id__isnull=False).values_list(
            "respondent__given_name", "respondent__family_name", "respondent__date_of_birth", "referral_date"):
        referred.setdefault(keyed_hash(key, PURPOSE, pseudonym_text(given, family, born)), []).append(day)
    return {c.id for c in checks if c.pseudonym and any(
        day > add_months(c.due_on, -c.months) for day in referred.get(c.pseudonym, []))}


async def due_checks(viewer: Viewer, program: Program) -> list[DueCheck]:
    """The program's checks due by today and not yet recorded, oldest first (the first 100)."""
    require(coordinates(viewer, program.id), hide=True)
    today = clock.today(program.time_zone)
    checks = await FollowUp.filter(program_id=program.id, checked_on__isnull=True, due_on__lte=today).order_by(
        "due_on", "id").limit(SHOWN)
    again = await _referred_again(program, checks)
    return [DueCheck(c.id, c.case_id, c.months, c.due_on, add_months(c.due_on, -c.months), c.id in again)
            for c in checks]


SCHOOL_CHOICES = list(SchoolStatus)
