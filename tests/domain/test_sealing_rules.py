"""When a closed case may be sealed, and how its dates are coarsened (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.domain.sealing import is_due, sealing_due_on, to_month

RULES = {"sealing_period_days": 365, "closed_retention_days": 90}
CLOSED = date(2030, 1, 15)


def test_a_completed_case_is_due_after_the_sealing_period_and_not_a_day_before():
    assert sealing_due_on(CaseState.COMPLETED, CLOSED, RULES) == date(2031, 1, 15)
    assert not is_due(CaseState.COMPLETED, CLOSED, False, date(2031, 1, 14), RULES)
    assert is_due(CaseState.COMPLETED, CLOSED, False, date(2031, 1, 15), RULES)


@pytest.mark.parametrize("state", [CaseState.FAILED, CaseState.DECLINED, CaseState.WITHDRAWN])
def test_other_closed_cases_follow_the_closed_retention_period(state):
    assert sealing_due_on(state, CLOSED, RULES) == date(2030, 4, 15)


@pytest.mark.parametrize("state", [CaseState.REFERRED, CaseState.INTAKE, CaseState.SCHEDULED, CaseState.HEARD,
                                   CaseState.MONITORING])
def test_an_open_case_is_never_due(state):
    assert not is_due(state, CLOSED, False, date(2099, 1, 1), RULES)


def test_a_sealed_case_is_not_due_again_and_dates_keep_only_their_month():
    assert not is_due(CaseState.COMPLETED, CLOSED, True, date(2099, 1, 1), RULES)
    assert to_month(CLOSED) == date(2030, 1, 1) and to_month(None) is None


def test_programs_without_the_new_rule_get_its_default():
    assert sealing_due_on(CaseState.FAILED, CLOSED, {}) is not None
