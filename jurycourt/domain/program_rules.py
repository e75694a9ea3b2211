"""A program's rules: the defaults a new youth court starts with (see DOMAIN-FACTS.md)."""

from __future__ import annotations

from typing import Any

#: Time Dollar Youth Court practice: juries of about 8, respondents serve about 7 times,
#: eligible ages about 13-17; sealing after a year is a conservative default.
DEFAULT_RULES: dict[str, Any] = {
    "jury_size": 8,
    "voting_rule": "majority",
    "sealing_period_days": 365,
    "jury_duty_sessions": 7,
    "min_age": 13,
    "max_age": 17,
}

VOTING_RULES = ("majority", "consensus")


def rules_with_defaults(rules: dict[str, Any] | None) -> dict[str, Any]:
    """The program's stored rules over the defaults, so older programs gain new rules."""
    return {**DEFAULT_RULES, **(rules or {})}
