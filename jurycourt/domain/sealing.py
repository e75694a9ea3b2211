"""Sealing a closed case: when it is due, and how its dates are coarsened.

A completed case is sealed once the program's sealing period has passed since it closed;
declined, withdrawn and failed cases once their own retention period has. Sealing erases the
respondent's and guardians' personal data for good and keeps anonymised facts (offence
category, state, sanctions and outcomes, age band, dates to the month).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from jurycourt.domain.cases import CaseState
from jurycourt.domain.program_rules import rules_with_defaults

#: What replaces a name that sealing erased.
SEALED = "Sealed"


def retention_days(state: CaseState, rules: dict[str, Any] | None) -> int | None:
    """Days after closing before a case in ``state`` is sealed (None: never, it is not closed)."""
    rules = rules_with_defaults(rules)
    if state == CaseState.COMPLETED:
        return int(rules["sealing_period_days"])
    if state in (CaseState.FAILED, CaseState.DECLINED, CaseState.WITHDRAWN):
        return int(rules["closed_retention_days"])
    return None


def sealing_due_on(state: CaseState, closed_on: date | None, rules: dict[str, Any] | None) -> date | None:
    """The first day the case may be sealed, or None while it is open."""
    days = retention_days(state, rules)
    if days is None or closed_on is None:
        return None
    return closed_on + timedelta(days=days)


def is_due(state: CaseState, closed_on: date | None, sealed: bool, today: date,
           rules: dict[str, Any] | None) -> bool:
    """Whether an unsealed case may be sealed on ``today``."""
    due = sealing_due_on(state, closed_on, rules)
    return not sealed and due is not None and today >= due


def to_month(day: date | None) -> date | None:
    """A date kept only to its month (the first of the month)."""
    return day.replace(day=1) if day else None


def log_creation(moment: datetime) -> str:
    """A case's creation as the seal log keys it: the first moment of its month in UTC. Sealing keeps
    the case's own dates only to the month, so after a seal that is all there is to match on; a case
    in a restored copy is the logged one when its id and creation month agree."""
    return log_time(moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0))


def log_time(moment: datetime) -> str:
    """A time as the seal log writes it (UTC, ISO 8601, to the microsecond), so that one case's
    creation time reads the same from either database."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
