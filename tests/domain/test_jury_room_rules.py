"""The jury room's rules, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import (
    NEXT,
    ORDER,
    STATEMENT_MAX,
    Member,
    Phase,
    Tally,
    can_decide,
    carried,
    check_close_vote,
    check_decision,
    check_deliberate_again,
    check_open_next,
    check_proposal,
    check_question,
    check_statement,
    check_vote,
    early_close_needed,
    may_close_early,
)

JUROR = Member(seated=True)
FOREPERSON = Member(seated=True, foreperson=True)
COORDINATOR = Member(coordinator=True)
STRANGER = Member()


def test_the_phases_run_in_order_and_only_the_foreperson_or_a_coordinator_moves_them():
    for leader in (FOREPERSON, COORDINATOR):
        assert check_open_next(Phase.PREPARING, leader) == Phase.QUESTIONING
        assert check_open_next(Phase.QUESTIONING, leader) == Phase.DELIBERATION
        assert check_open_next(Phase.DELIBERATION, leader, proposals=1) == Phase.VOTING
    with pytest.raises(Refused, match="Only the foreperson"):
        check_open_next(Phase.PREPARING, JUROR)
    assert [NEXT.get(p) for p in ORDER[:-2]] == list(ORDER[1:-1])


def test_the_vote_opens_only_once_a_disposition_is_proposed_and_decided_rooms_stay_decided():
    with pytest.raises(Refused, match="propose a disposition"):
        check_open_next(Phase.DELIBERATION, FOREPERSON, proposals=0)
    for phase in (Phase.VOTING, Phase.DECIDED):
        with pytest.raises(Refused):
            check_open_next(phase, COORDINATOR, proposals=3)


def test_statements_must_be_said_by_someone_in_the_room_while_it_talks_and_within_the_limit():
    assert check_statement(Phase.DELIBERATION, JUROR, "  Fair.  ") == "Fair."
    with pytest.raises(Refused, match="Write your statement"):
        check_statement(Phase.DELIBERATION, JUROR, "   ")
    with pytest.raises(Refused, match=f"at most {STATEMENT_MAX}"):
        check_statement(Phase.DELIBERATION, JUROR, "x" * (STATEMENT_MAX + 1))
    with pytest.raises(Refused, match="Only the jurors seated"):
        check_statement(Phase.DELIBERATION, STRANGER, "hello")
    for closed in (Phase.PREPARING, Phase.DECIDED):
        with pytest.raises(Refused, match="not open for statements"):
            check_statement(closed, JUROR, "hello")


@given(st.text(max_size=STATEMENT_MAX * 2))
def test_any_accepted_statement_is_trimmed_non_empty_and_within_the_limit(body):
    try:
        text = check_statement(Phase.VOTING, JUROR, body)
    except Refused:
        assert not body.strip() or len(body.strip()) > STATEMENT_MAX
    else:
        assert text == body.strip() and 0 < len(text) <= STATEMENT_MAX


def test_questions_are_drafted_until_questioning_ends_and_proposals_only_in_deliberation():
    assert check_question(Phase.PREPARING, JUROR, "Why?") == "Why?"
    with pytest.raises(Refused, match="Questioning is over"):
        check_question(Phase.DELIBERATION, JUROR, "Why?")
    with pytest.raises(Refused, match="during deliberation"):
        check_proposal(Phase.VOTING, JUROR, [{"kind": "essay", "quantity": None}])
    with pytest.raises(Refused, match="at least one"):
        check_proposal(Phase.DELIBERATION, JUROR, [])


def _vote(phase=Phase.VOTING, member=JUROR, voted=False, closed=False, current=True, reason="Because."):
    return check_vote(phase, member, already_voted=voted, closed=closed, proposal_current=current, reason=reason)


def test_one_vote_per_seated_juror_only_while_voting_is_open_on_the_proposal_under_vote():
    assert _vote() == "Because."
    with pytest.raises(Refused, match="only while the vote is open"):
        _vote(phase=Phase.DELIBERATION)
    with pytest.raises(Refused, match="only while the vote is open"):
        _vote(closed=True)
    with pytest.raises(Refused, match="votes once"):
        _vote(voted=True)
    with pytest.raises(Refused, match="not the one being voted on"):
        _vote(current=False)
    with pytest.raises(Refused, match="Only seated jurors vote"):
        _vote(member=COORDINATOR)
    with pytest.raises(Refused, match="Write your reason"):
        _vote(reason=" ")


@given(st.integers(1, 13), st.data())
def test_results_stay_hidden_until_every_seated_juror_voted_or_the_vote_is_closed(seated, data):
    in_favour = data.draw(st.integers(0, seated))
    against = data.draw(st.integers(0, seated - in_favour))
    closed = data.draw(st.booleans())
    tally = Tally(seated, in_favour, against, closed)
    assert tally.visible == (closed or in_favour + against == seated)


@given(st.integers(0, 13), st.integers(0, 13))
def test_majority_needs_more_for_than_against_and_consensus_needs_no_one_against(yes, no):
    tally = Tally(13, yes, no, closed=True)
    assert carried(tally, "majority") == (yes > no)
    assert carried(tally, "consensus") == (yes > 0 and no == 0)


def test_the_decision_needs_a_visible_carried_result_and_a_leader():
    done = Tally(3, 2, 1)
    check_decision(Phase.VOTING, FOREPERSON, done, "majority")
    with pytest.raises(Refused, match="did not carry"):
        check_decision(Phase.VOTING, FOREPERSON, done, "consensus")
    with pytest.raises(Refused, match="Wait until every juror"):
        check_decision(Phase.VOTING, FOREPERSON, Tally(3, 2, 0), "majority")
    with pytest.raises(Refused, match="Only the foreperson"):
        check_decision(Phase.VOTING, JUROR, done, "majority")
    with pytest.raises(Refused, match="no open vote"):
        check_close_vote(Phase.VOTING, COORDINATOR, Tally(3, 2, 0, closed=True), "Reason")


@pytest.mark.parametrize(("seated", "cast", "may_close"), [
    (3, 1, False), (3, 2, True), (8, 1, False), (8, 5, False), (8, 6, True), (9, 6, True), (9, 5, False),
])
def test_the_vote_closes_early_only_once_two_thirds_have_voted(seated, cast, may_close):
    tally = Tally(seated, cast, 0)
    assert early_close_needed(seated, None) * 3 >= seated * 2
    assert may_close_early(tally, None) == may_close
    if may_close:
        assert check_close_vote(Phase.VOTING, COORDINATOR, tally, "  Two had to leave. ") == "Two had to leave."
        with pytest.raises(Refused, match="Write your reason first"):
            check_close_vote(Phase.VOTING, COORDINATOR, tally, " ")
    else:
        with pytest.raises(Refused, match="stays open"):
            check_close_vote(Phase.VOTING, COORDINATOR, tally, "Two had to leave.")
    for not_coordinator in (FOREPERSON, JUROR):  # the issue: a coordinator may close the vote early
        with pytest.raises(Refused, match="Only a coordinator closes the vote early"):
            check_close_vote(Phase.VOTING, not_coordinator, tally, "Two had to leave.")


def test_a_vote_that_did_not_carry_goes_back_to_deliberation_for_a_new_round():
    failed = Tally(3, 1, 2)
    for leader in (FOREPERSON, COORDINATOR):
        assert check_deliberate_again(Phase.VOTING, leader, failed, "majority") == Phase.DELIBERATION
    with pytest.raises(Refused, match="Only the foreperson or a coordinator"):
        check_deliberate_again(Phase.VOTING, JUROR, failed, "majority")
    with pytest.raises(Refused, match="carried"):
        check_deliberate_again(Phase.VOTING, FOREPERSON, Tally(3, 2, 1), "majority")
    with pytest.raises(Refused, match="Wait until every juror"):
        check_deliberate_again(Phase.VOTING, FOREPERSON, Tally(3, 0, 1), "majority")
    for phase in (Phase.DELIBERATION, Phase.DECIDED):
        with pytest.raises(Refused):
            check_deliberate_again(phase, FOREPERSON, failed, "majority")
    # A closed vote that did not carry (consensus, one against) goes back too.
    assert check_deliberate_again(Phase.VOTING, COORDINATOR, Tally(3, 1, 1, closed=True), "consensus") \
        == Phase.DELIBERATION


def test_a_program_sets_its_own_share_for_closing_early():
    assert early_close_needed(8, {"early_close_share": [1, 2]}) == 4
    assert not may_close_early(Tally(3, 3, 0), None)  # everyone voted: the result shows by itself


def test_the_decision_can_be_recorded_only_when_the_result_shows_and_carried():
    assert can_decide(Tally(3, 2, 1), "majority")
    assert not can_decide(Tally(3, 2, 0), "majority")
    assert can_decide(Tally(3, 2, 0, closed=True), "majority")
    assert not can_decide(Tally(3, 1, 2), "majority") and not can_decide(None, "majority")


def test_every_disposition_includes_jury_duty_when_the_menu_offers_it():
    member = Member(seated=True)
    with pytest.raises(Refused, match="includes jury duty"):
        check_proposal(Phase.DELIBERATION, member, [{"kind": "essay", "quantity": None}])
    items = [{"kind": "jury_duty", "quantity": 7}, {"kind": "essay", "quantity": None}]
    assert check_proposal(Phase.DELIBERATION, member, items) == items
    no_jury = {"sanction_menu": ["essay", "workshop"]}
    assert check_proposal(Phase.DELIBERATION, member, items[1:], no_jury) == items[1:]
