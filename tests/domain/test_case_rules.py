"""Intake eligibility, sanctions and who may see a case: the rules without a database."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.case_access import Access, access
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import Checklist, Consent, ineligibility, is_eligible
from jurycourt.domain.sanctions import (
    LIFECYCLE,
    SanctionKind,
    SanctionStatus,
    SanctionTerms,
    check_terms,
    proposed_in_room,
    sessions_left,
)

RULES = {"min_age": 13, "max_age": 17, "jury_duty_sessions": 7}


def check_status_move(current: SanctionStatus, target: SanctionStatus, reason: str) -> None:
    LIFECYCLE.check(current, target, reason=reason)


def test_a_first_non_violent_offence_admitted_at_fifteen_is_eligible():
    assert is_eligible(Checklist(True, True, True, 15), RULES)


@pytest.mark.parametrize(("checklist", "reason"), [
    (Checklist(False, True, True, 15), "Not a first offence."),
    (Checklist(True, False, True, 15), "The offence was violent."),
    (Checklist(True, True, False, 15), "does not accept responsibility"),
    (Checklist(True, True, True, 19), "outside the program's ages 13–17"),
])
def test_each_failed_eligibility_question_gives_its_reason(checklist, reason):
    assert reason in " ".join(ineligibility(checklist, RULES))
    assert not is_eligible(checklist, RULES)


def test_an_unfinished_checklist_is_not_yet_eligible():
    assert not is_eligible(Checklist(True, True, None, 15), RULES)


def test_consent_needs_both_dates_and_a_witness_and_no_refusal():
    assert Consent(date(2031, 1, 1), date(2031, 1, 1), "Ms Okafor").given
    assert not Consent(date(2031, 1, 1), None, "Ms Okafor").given
    assert not Consent(date(2031, 1, 1), date(2031, 1, 1), "").given
    assert not Consent(date(2031, 1, 1), date(2031, 1, 1), "Ms Okafor", refused=True).given


def test_jury_duty_defaults_to_the_programs_number_of_sessions():
    assert check_terms(SanctionTerms(SanctionKind.JURY_DUTY), RULES).quantity == 7


def test_community_service_needs_hours_and_restitution_an_amount():
    with pytest.raises(Refused, match="hours"):
        check_terms(SanctionTerms(SanctionKind.COMMUNITY_SERVICE), RULES)
    with pytest.raises(Refused, match="amount"):
        check_terms(SanctionTerms(SanctionKind.RESTITUTION), RULES)


def test_a_sanction_off_the_programs_menu_is_refused():
    with pytest.raises(Refused, match="menu"):
        check_terms(SanctionTerms(SanctionKind.ESSAY), {"sanction_menu": ["jury_duty"]})


def test_a_waiver_needs_a_reason_and_a_done_sanction_stays_done():
    with pytest.raises(Refused, match="waived"):
        check_status_move(SanctionStatus.ASSIGNED, SanctionStatus.WAIVED, "")
    with pytest.raises(Refused, match="can't become"):
        check_status_move(SanctionStatus.DONE, SanctionStatus.IN_PROGRESS, "")


def test_sessions_left_never_go_below_zero():
    assert sessions_left(7, 2) == 5
    assert sessions_left(7, 9) == 0


DAY = date(2031, 3, 15)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"coordinator": True}, Access.FULL),
    ({"party": True}, Access.OWN),
    ({"seated": True, "today": DAY}, Access.JUROR),
    ({"seated": True, "today": date(2031, 3, 14)}, Access.NONE),
    ({"seated": True, "today": DAY, "state": CaseState.MONITORING}, Access.NONE),
    ({"party": True, "sealed": True}, Access.NONE),
    ({}, Access.NONE),
])
def test_who_learns_what_about_a_case(kwargs, expected):
    args = {"coordinator": False, "party": False, "seated": False, "hearing_day": DAY, "today": DAY,
            "state": CaseState.HEARD, **kwargs}
    assert access(**args) == expected


def test_a_room_proposal_fills_jury_duty_from_the_rules_and_never_proposes_restitution():
    rules = {"sanction_menu": [kind.value for kind in SanctionKind], "jury_duty_sessions": 7}
    assert proposed_in_room([(SanctionKind.JURY_DUTY, None), (SanctionKind.COMMUNITY_SERVICE, 10)], rules) == [
        {"kind": "jury_duty", "quantity": 7}, {"kind": "community_service", "quantity": 10}]
    with pytest.raises(Refused) as refused:
        proposed_in_room([(SanctionKind.COMMUNITY_SERVICE, None)], rules)
    assert refused.value.field == "quantity"
    with pytest.raises(Refused):
        proposed_in_room([(SanctionKind.RESTITUTION, None)], rules)
