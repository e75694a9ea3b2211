"""Who may learn what about a case. Everyone else is told it does not exist."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from jurycourt.domain.cases import CaseState


class Access(StrEnum):
    FULL = "full"  # coordinators of the program: everything
    OWN = "own"  # the respondent and their guardians: sanctions and progress only
    JUROR = "juror"  # seated jurors, around the hearing: first name, age, offence, summary
    NONE = "none"


#: States in which seated jurors of the docket's hearing may read the case brief.
JUROR_STATES = frozenset({CaseState.SCHEDULED, CaseState.HEARD})


def access(*, coordinator: bool, party: bool, seated: bool, hearing_day: date | None, today: date,
           state: CaseState, sealed: bool = False) -> Access:
    """The widest access the viewer has: seated jurors only from the hearing's day until the
    disposition is entered (the case leaves the heard state); nothing once sealed but for
    coordinators."""
    if coordinator:
        return Access.FULL
    if sealed:
        return Access.NONE
    if party:
        return Access.OWN
    if seated and hearing_day is not None and today >= hearing_day and state in JUROR_STATES:
        return Access.JUROR
    return Access.NONE
