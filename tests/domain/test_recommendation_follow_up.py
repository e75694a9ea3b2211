"""The rules every published recommendation follows after publication, whoever made it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.inquiries import RecommendationStatus as S
from jurycourt.domain.recommendation_follow_up import (
    Source,
    check_step,
    parse_status_filter,
    reminder_key,
    reminder_step,
)


def test_a_recommendation_moves_from_accepted_through_milestones_to_implemented():
    assert check_step(S.NO_RESPONSE, "accepted", "", "", "") == (S.ACCEPTED, None)
    assert check_step(S.ACCEPTED, "in_progress", "", "Staff trained", "40") == (S.IN_PROGRESS, 40)
    assert check_step(S.IN_PROGRESS, "in_progress", "", "Saturday opening", "70") == (S.IN_PROGRESS, 70)
    assert check_step(S.IN_PROGRESS, "implemented", "", "", "") == (S.IMPLEMENTED, 100)


@pytest.mark.parametrize(("current", "status", "reason", "milestone", "progress", "field"), [
    (S.IMPLEMENTED, "in_progress", "", "More", "", "status"),
    (S.ACCEPTED, "accepted", "", "", "", "status"),
    (S.ACCEPTED, "rejected", " ", "", "", "reason"),
    (S.IN_PROGRESS, "in_progress", "", "", "50", "milestone"),
    (S.ACCEPTED, "in_progress", "", "Begun", "101", "progress"),
    (S.ACCEPTED, "in_progress", "", "Begun", "half", "progress"),
    (S.ACCEPTED, "done", "", "", "", "status"),
])
def test_a_step_the_status_may_not_take_is_refused_beside_its_field(current, status, reason, milestone, progress,
                                                                    field):
    with pytest.raises(Refused) as refused:
        check_step(current, status, reason, milestone, progress)
    assert refused.value.field == field


def test_an_overdue_body_is_reminded_the_day_after_the_deadline_then_a_month_and_two_months_on():
    deadline = date(2026, 3, 31)
    steps = {days: reminder_step(deadline, None, deadline + timedelta(days=days))
             for days in (0, 1, 29, 30, 59, 60, 400)}
    assert steps == {0: None, 1: 0, 29: 0, 30: 1, 59: 1, 60: 2, 400: 2}
    assert reminder_step(deadline, deadline, deadline + timedelta(days=90)) is None  # answered: never reminded
    assert reminder_key(Source.PANEL, 7, 1, 3) != reminder_key(Source.INQUIRY, 7, 1, 3)


def test_an_unknown_status_filter_shows_every_status():
    assert parse_status_filter("rejected") is S.REJECTED
    assert parse_status_filter("nonsense") is None
