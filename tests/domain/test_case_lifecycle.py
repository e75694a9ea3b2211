"""The case lifecycle table: only its transitions exist, each with its needs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.cases import END_STATES, LIFECYCLE, CaseFacts, CaseState, Need
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role

TRANSITIONS, check_transition, available = LIFECYCLE.steps, LIFECYCLE.check, LIFECYCLE.available


def reachable() -> frozenset[CaseState]:
    return LIFECYCLE.reachable(CaseState.REFERRED)

EVERYTHING = CaseFacts(eligible=True, consented=True, on_docket=True, hearing_day_reached=True,
                       sanctions=2, unsettled_sanctions=0)
PAIRS = [(state, name) for state in CaseState for name in TRANSITIONS]


def facts_for(name: str) -> CaseFacts:
    """Facts that satisfy every need of ``name``."""
    assert name in TRANSITIONS
    return EVERYTHING


@pytest.mark.parametrize(("state", "name"), [p for p in PAIRS if p[0] not in TRANSITIONS[p[1]].sources])
def test_every_transition_not_in_the_table_is_refused_whatever_the_facts(state, name):
    with pytest.raises(Refused, match="can't be moved this way"):
        check_transition(state, name, facts_for(name), "a reason")


@pytest.mark.parametrize(("state", "name"), [p for p in PAIRS if p[0] in TRANSITIONS[p[1]].sources])
def test_every_allowed_transition_reaches_its_target_when_its_needs_are_met(state, name):
    assert check_transition(state, name, facts_for(name), "a reason").target == TRANSITIONS[name].target


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_transition_is_a_coordinators_and_refused_to_anyone_else(name):
    state = next(iter(TRANSITIONS[name].sources))
    with pytest.raises(Refused, match="coordinator"):
        check_transition(state, name, facts_for(name), "a reason", roles=frozenset({Role.JUROR}))


@pytest.mark.parametrize(("name", "need"), [(n, need) for n, t in TRANSITIONS.items() for need in t.needs])
def test_each_need_of_a_transition_is_refused_with_its_own_message_when_missing(name, need):
    state = next(iter(TRANSITIONS[name].sources))
    missing = {
        Need.ELIGIBLE: {"eligible": False}, Need.CONSENTED: {"consented": False},
        Need.ON_DOCKET: {"on_docket": False}, Need.HEARING_DAY: {"hearing_day_reached": False},
        Need.SANCTIONS: {"sanctions": 0}, Need.SANCTIONS_SETTLED: {"unsettled_sanctions": 1},
    }[need]
    facts = CaseFacts(**{**facts_for(name).__dict__, **missing})
    with pytest.raises(Refused) as refusal:
        check_transition(state, name, facts, "a reason")
    assert refusal.value.message == need.refusal


@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t.reason_required])
def test_ending_or_stepping_back_needs_a_reason(name):
    state = next(iter(TRANSITIONS[name].sources))
    with pytest.raises(Refused, match="reason"):
        check_transition(state, name, facts_for(name), "  ")


def test_an_unknown_step_is_refused():
    with pytest.raises(Refused, match="no such step"):
        check_transition(CaseState.REFERRED, "reopen", EVERYTHING)


def test_end_states_offer_no_way_out_and_every_state_is_reachable_from_a_referral():
    assert all(available(state) == [] for state in END_STATES)
    assert reachable() == frozenset(CaseState)


def test_a_case_can_not_be_completed_while_a_sanction_is_open():
    with pytest.raises(Refused, match="done or waived"):
        check_transition(CaseState.MONITORING, "complete", CaseFacts(sanctions=3, unsettled_sanctions=1))


@given(st.lists(st.tuples(st.sampled_from(list(TRANSITIONS)), st.booleans(), st.booleans(), st.booleans(),
                          st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_no_sequence_of_attempts_reaches_a_state_the_table_does_not_allow(attempts):
    state, path = CaseState.REFERRED, [CaseState.REFERRED]
    for name, eligible, consented, docket, sanctions, unsettled in attempts:
        facts = CaseFacts(eligible=eligible, consented=consented, on_docket=docket, hearing_day_reached=True,
                          sanctions=sanctions, unsettled_sanctions=min(unsettled, sanctions))
        try:
            transition = check_transition(state, name, facts, "because")
        except Refused:
            continue
        assert state in transition.sources and not state.is_end
        if transition.target == CaseState.SCHEDULED:
            assert facts.eligible and facts.consented and facts.on_docket
        if transition.target == CaseState.COMPLETED:
            assert sanctions > 0 and facts.unsettled_sanctions == 0
        state = transition.target
        path.append(state)
    assert CaseState.MONITORING not in path or CaseState.HEARD in path
    assert CaseState.HEARD not in path or CaseState.SCHEDULED in path
