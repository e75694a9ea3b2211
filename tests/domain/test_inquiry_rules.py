"""Inquiry rules: the vote threshold, eligibility, the state table, response deadlines, statuses."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain import inquiries as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.inquiries import InquiryState, RecommendationStatus, VoteChoice
from jurycourt.domain.program_rules import DEFAULT_RULES


@pytest.mark.parametrize(("members", "needed"), [(13, 9), (12, 8), (9, 6), (3, 2), (1, 1), (10, 7), (7, 5)])
def test_two_thirds_of_the_members_in_office_rounded_up_is_needed(members, needed):
    assert rules.votes_needed(Fraction(2, 3), members) == needed


def test_a_tie_never_adopts_a_finding():
    t = rules.tally(["for"] * 6 + ["against"] * 6, 12, Fraction(2, 3))
    assert (t.votes_for, t.needed, t.adopted) == (6, 8, False)


def test_abstentions_count_against():
    t = rules.tally(["for"] * 8 + ["abstain"] * 5, 13, Fraction(2, 3))
    assert t.abstain == 5 and not t.adopted
    assert rules.tally(["for"] * 9 + ["abstain"] * 4, 13, Fraction(2, 3)).adopted


def test_absent_members_count_against():
    t = rules.tally(["for"] * 8, 13, Fraction(2, 3))
    assert t.absent == 5 and not t.adopted


def test_exactly_the_threshold_adopts():
    assert rules.tally(["for"] * 9 + ["against"] * 4, 13, Fraction(2, 3)).adopted


def test_a_threshold_of_all_members_needs_every_vote():
    assert not rules.tally(["for"] * 12 + ["abstain"], 13, Fraction(1)).adopted
    assert rules.tally(["for"] * 13, 13, Fraction(1)).adopted


@given(st.integers(1, 60), st.integers(1, 20), st.integers(0, 20), st.data())
def test_adopted_exactly_when_votes_for_times_denominator_reach_threshold_times_members(members, den, num, data):
    threshold = Fraction(min(max(num, den // 2 + 1), den), den)
    votes_for = data.draw(st.integers(0, members))
    abstain = data.draw(st.integers(0, members - votes_for))
    t = rules.tally(["for"] * votes_for + ["abstain"] * abstain, members, threshold)
    assert t.adopted == (votes_for * threshold.denominator >= threshold.numerator * members and votes_for >= 1)
    assert t.votes_for + t.against + t.abstain + t.absent == members
    assert t.needed - 1 < threshold * members <= t.needed or t.needed == 1


def test_more_votes_than_members_are_refused():
    with pytest.raises(ValueError):
        rules.tally(["for"] * 4, 3, Fraction(2, 3))


@pytest.mark.parametrize("raw", ["1/2", "0", "3/2", "abc", "1/0", "-2/3"])
def test_a_threshold_of_half_or_less_or_more_than_all_is_refused(raw):
    with pytest.raises(Refused):
        rules.parse_threshold(raw)


def test_thresholds_are_read_as_exact_fractions():
    assert rules.parse_threshold("2/3") == Fraction(2, 3)
    assert rules.parse_threshold(" 3/4 ") == Fraction(3, 4)
    assert rules.parse_threshold("1") == 1


def test_every_state_and_move_outside_the_table_is_refused():
    actions = {a for _, a in rules.LIFECYCLE.moves} | {"publish_now", ""}
    for state, action in product(InquiryState, actions):
        if (state, action) in rules.LIFECYCLE.moves:
            assert rules.LIFECYCLE.next(state, action) == rules.LIFECYCLE.moves[(state, action)]
        else:
            with pytest.raises(Refused):
                rules.LIFECYCLE.next(state, action)


def test_the_states_run_from_chartered_to_closed_in_order():
    path = ["investigate", "draft", "publish", "follow_up", "close"]
    state = InquiryState.CHARTERED
    for action in path:
        state = rules.LIFECYCLE.next(state, action)
    assert state == InquiryState.CLOSED
    assert rules.LIFECYCLE.available(InquiryState.CLOSED) == []


def test_a_closed_inquiry_cannot_reopen_and_a_published_one_cannot_go_back_to_drafting():
    assert not [a for (s, a) in rules.LIFECYCLE.moves if s == InquiryState.CLOSED]
    with pytest.raises(Refused):
        rules.LIFECYCLE.next(InquiryState.PUBLISHED, "draft")


def test_a_candidate_with_too_few_jury_sessions_is_not_eligible_and_is_told_why():
    verdict = rules.eligibility(2, 16, DEFAULT_RULES)
    assert not verdict.eligible
    assert verdict.reason == "Has served 2 jury sessions, needs 3."


def test_a_candidate_with_enough_sessions_in_the_age_band_is_eligible():
    verdict = rules.eligibility(3, 17, DEFAULT_RULES)
    assert verdict.eligible and "served 3 jury sessions" in verdict.reason


def test_a_candidate_outside_the_age_band_is_not_eligible():
    verdict = rules.eligibility(9, 22, DEFAULT_RULES)
    assert not verdict.eligible and "is 22" in verdict.reason


def test_the_program_sets_how_many_sessions_are_needed():
    assert rules.eligibility(1, 15, {**DEFAULT_RULES, "grand_jury_min_sessions": 1}).eligible
    assert DEFAULT_RULES["grand_jury_min_sessions"] == 3


def test_responses_are_due_ninety_days_after_publication_by_default():
    assert rules.response_deadline(date(2026, 1, 1)) == date(2026, 4, 1)
    assert rules.response_deadline(date(2026, 1, 1), 30) == date(2026, 1, 31)


def test_a_response_is_overdue_only_after_the_deadline_day_and_only_without_a_response():
    deadline = date(2026, 4, 1)
    assert not rules.is_overdue(deadline, None, deadline)
    assert rules.is_overdue(deadline, None, deadline + timedelta(days=1))
    assert not rules.is_overdue(deadline, deadline + timedelta(days=5), deadline + timedelta(days=9))


def test_a_rejection_must_say_why():
    with pytest.raises(Refused) as refused:
        rules.check_status_change("rejected", "  ")
    assert refused.value.field == "reason"
    assert rules.check_status_change("rejected", "No budget") == RecommendationStatus.REJECTED
    with pytest.raises(Refused):
        rules.check_status_change("done-ish", "")


def test_vote_choices_are_for_against_and_abstain():
    assert {c.value for c in VoteChoice} == {"for", "against", "abstain"}
