"""Seat proposals: who may sit, in what order, and that a stored proposal replays exactly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.seating import (
    Candidate,
    DocketParty,
    PairConflict,
    PartyRole,
    Proposal,
    Reason,
    SeatingInputs,
    SeatRole,
    SessionKind,
    SwapRefused,
    check_swap,
    group_key,
    propose,
    replay,
    seat_plan,
    seating_inputs,
)

JURY, PANEL, INQUIRY = SessionKind.JURY_HEARING, SessionKind.PANEL_SESSION, SessionKind.INQUIRY_HEARING
RESPONDENT_ID = 900


def person(pid: int, **changes) -> Candidate:
    """An eligible 15-year-old unless ``changes`` say otherwise."""
    values = dict(person_id=pid, age=15, active=True, trained=True, pledged=True, available=True,
                  busy=False)
    return Candidate(**{**values, **changes})


def respondent(pid: int = RESPONDENT_ID, *groups: str) -> DocketParty:
    return DocketParty(pid, PartyRole.RESPONDENT, frozenset(groups))


def jury(candidates, parties=(), conflicts=(), kind=JURY, **rules) -> SeatingInputs:
    return seating_inputs(kind, rules, candidates, parties, conflicts)


def seated(proposal: Proposal) -> list[int]:
    return [pid for _, pid in proposal.seats]


def codes(proposal: Proposal, pid: int) -> set[Reason]:
    return {e.code for e in proposal.excluded.get(pid, ())}


# --- the seat plan ------------------------------------------------------------------------


def test_a_default_jury_is_a_foreperson_seven_jurors_a_bailiff_and_a_clerk():
    assert seat_plan(JURY, None) == (
        (SeatRole.FOREPERSON, 1), (SeatRole.JUROR, 7), (SeatRole.BAILIFF, 1), (SeatRole.CLERK, 1))


def test_a_default_panel_is_a_chair_and_two_members():
    assert seat_plan(PANEL, {}) == ((SeatRole.CHAIR, 1), (SeatRole.MEMBER, 2))


def test_a_default_grand_jury_is_a_foreperson_and_twelve_grand_jurors():
    assert seat_plan(INQUIRY, {}) == ((SeatRole.FOREPERSON, 1), (SeatRole.GRAND_JUROR, 12))


def test_the_programs_rules_resize_the_plan_and_a_role_with_no_seats_is_left_out():
    plan = seat_plan(JURY, {"jury_size": 6, "jury_clerks": 0, "jury_bailiffs": 2})
    assert plan == ((SeatRole.FOREPERSON, 1), (SeatRole.JUROR, 5), (SeatRole.BAILIFF, 2))


def test_a_session_needs_at_least_one_seat():
    with pytest.raises(ValueError, match="panel_size"):
        seat_plan(PANEL, {"panel_size": 0})


def test_kinds_roles_and_reasons_have_words_for_the_page():
    assert SessionKind.INQUIRY_HEARING.label == "Inquiry hearing"
    assert SeatRole.GRAND_JUROR.label == "Grand juror" and SeatRole.MEMBER.label == "Panel member"
    assert all(reason.label for reason in Reason)


# --- each exclusion reason ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"active": False}, Reason.INACTIVE),
        ({"trained": False}, Reason.UNTRAINED),
        ({"pledged": False}, Reason.NO_PLEDGE),
        ({"available": False}, Reason.UNAVAILABLE),
        ({"busy": True}, Reason.BUSY),
        ({"age": 12}, Reason.AGE),
        ({"age": 18}, Reason.AGE),
        ({"age": None}, Reason.AGE),
    ],
)
def test_a_person_failing_one_rule_is_excluded_for_that_reason_and_not_seated(changes, reason):
    proposal = propose(jury([person(1, **changes), person(2)]), seed=1)
    assert codes(proposal, 1) == {reason}
    assert all(e.message for e in proposal.excluded[1])
    assert 1 not in seated(proposal) and 2 in seated(proposal)


def test_the_age_reason_says_the_age_and_the_allowed_band():
    proposal = propose(jury([person(1, age=18)]), seed=1)
    assert proposal.excluded[1][0].message == "Age 18 is outside the allowed ages 13–17."


def test_every_reason_a_person_fails_is_listed():
    proposal = propose(jury([person(1, active=False, pledged=False, busy=True)]), seed=1)
    assert codes(proposal, 1) == {Reason.INACTIVE, Reason.NO_PLEDGE, Reason.BUSY}


def test_panels_seat_adults_only():
    proposal = propose(jury([person(1, age=17), person(2, age=45)], kind=PANEL), seed=1)
    assert codes(proposal, 1) == {Reason.AGE} and seated(proposal) == [2]


def test_grand_jurors_must_have_served_on_a_jury_before():
    pool = [person(1, experienced=False), person(2, experienced=True)]
    proposal = propose(jury(pool, kind=INQUIRY), seed=1)
    assert codes(proposal, 1) == {Reason.INEXPERIENCED} and seated(proposal) == [2]


def test_a_program_can_open_its_grand_jury_to_people_without_jury_experience():
    proposal = propose(jury([person(1)], kind=INQUIRY, grand_jury_needs_experience=False), seed=1)
    assert seated(proposal) == [1]


def test_a_respondent_is_never_seated_at_the_hearing_of_their_own_case():
    proposal = propose(jury([person(RESPONDENT_ID), person(2)], [respondent()]), seed=1)
    assert codes(proposal, RESPONDENT_ID) == {Reason.PARTY}
    assert "respondent" in proposal.excluded[RESPONDENT_ID][0].message
    assert seated(proposal) == [2]


def test_a_guardian_of_a_respondent_on_the_docket_is_not_seated():
    parties = [respondent(), DocketParty(5, PartyRole.GUARDIAN)]
    proposal = propose(jury([person(5), person(6)], parties), seed=1)
    assert codes(proposal, 5) == {Reason.PARTY} and seated(proposal) == [6]


@pytest.mark.parametrize("conflict", [PairConflict(1, RESPONDENT_ID, "relative"),
                                      PairConflict(RESPONDENT_ID, 1, "knows")])
def test_a_declared_conflict_with_a_party_excludes_the_person_whichever_way_it_was_recorded(conflict):
    proposal = propose(jury([person(1), person(2)], [respondent()], [conflict]), seed=1)
    assert codes(proposal, 1) == {Reason.CONFLICT}
    assert proposal.excluded[1][0].party_id == RESPONDENT_ID
    assert seated(proposal) == [2]


def test_a_conflict_between_two_people_who_are_not_parties_excludes_nobody():
    proposal = propose(jury([person(1), person(2)], [respondent()], [PairConflict(1, 2, "relative")]), 1)
    assert proposal.excluded == {} and sorted(seated(proposal)) == [1, 2]


@pytest.mark.parametrize(("kind", "words"), [("school", "Same school"), ("household", "Same household")])
def test_sharing_a_school_or_household_with_a_party_excludes_the_person(kind, words):
    group = group_key(kind, "7")
    pool = [person(1, groups=frozenset({group})), person(2, groups=frozenset({group_key(kind, "8")}))]
    proposal = propose(jury(pool, [respondent(RESPONDENT_ID, group)]), seed=1)
    assert codes(proposal, 1) == {Reason.CONFLICT}
    assert proposal.excluded[1][0].message.startswith(words)
    assert seated(proposal) == [2]


def test_two_jurors_from_the_same_school_may_sit_together_when_no_party_goes_there():
    school = frozenset({group_key("school", "Eastern")})
    proposal = propose(jury([person(1, groups=school), person(2, groups=school)], [respondent()]), 1)
    assert sorted(seated(proposal)) == [1, 2]


# --- fairness and roles -------------------------------------------------------------------


def test_people_who_owe_jury_duty_are_seated_before_people_who_have_never_served():
    pool = [person(1), person(2, owes_duty=3, last_served=date(2025, 5, 1), times_served=4)]
    assert propose(jury(pool, jury_size=1, jury_bailiffs=0, jury_clerks=0), 1).order == (2, 1)


def test_jury_duty_owed_gives_no_priority_on_a_citizen_panel():
    pool = [person(1, age=30), person(2, age=30, owes_duty=3, last_served=date(2025, 5, 1))]
    assert propose(jury(pool, kind=PANEL), 1).order == (1, 2)


def test_those_who_served_least_recently_then_least_often_come_first():
    pool = [
        person(1, last_served=date(2025, 3, 1), times_served=1),
        person(2, last_served=date(2025, 1, 1), times_served=5),
        person(3, last_served=date(2025, 1, 1), times_served=2),
        person(4),
    ]
    assert propose(jury(pool), 1).order == (4, 3, 2, 1)


def test_ties_are_broken_by_the_seeded_draw_so_different_seeds_give_different_orders():
    pool = [person(pid) for pid in range(1, 6)]
    orders = {propose(jury(pool), seed).order for seed in range(20)}
    assert len(orders) > 1
    assert all(sorted(order) == [1, 2, 3, 4, 5] for order in orders)


def test_the_draw_does_not_depend_on_the_order_the_pool_was_loaded_in():
    pool = [person(pid) for pid in range(1, 30)]
    assert propose(jury(pool), 7).order == propose(jury(pool[::-1]), 7).order


def test_only_the_fairest_people_are_seated_and_the_rest_wait_in_order():
    pool = [person(pid, last_served=date(2025, 1, pid)) for pid in range(1, 13)]
    proposal = propose(jury(pool), 3)
    assert set(seated(proposal)) == set(range(1, 11))
    assert proposal.order[10:] == (11, 12)


def test_the_foreperson_is_the_first_experienced_person_among_those_seated():
    pool = [person(pid, last_served=date(2025, 1, pid), experienced=pid == 4) for pid in range(1, 11)]
    proposal = propose(jury(pool), 1)
    assert proposal.seats[0] == (SeatRole.FOREPERSON, 4)
    assert [pid for role, pid in proposal.seats if role == SeatRole.JUROR] == [1, 2, 3, 5, 6, 7, 8]


def test_without_experienced_people_the_first_in_order_is_foreperson():
    pool = [person(pid, last_served=date(2025, 1, pid)) for pid in range(1, 11)]
    assert propose(jury(pool), 1).seats[0] == (SeatRole.FOREPERSON, 1)


def test_when_people_run_short_the_last_roles_are_left_empty_and_counted():
    proposal = propose(jury([person(pid) for pid in range(1, 6)]), 1)
    assert len(proposal.seats) == 5
    assert proposal.missing == {SeatRole.FOREPERSON: 0, SeatRole.JUROR: 3, SeatRole.BAILIFF: 1,
                                SeatRole.CLERK: 1}
    assert proposal.total_missing == 5


def test_an_empty_pool_leaves_every_seat_missing():
    proposal = propose(jury([], kind=PANEL), 1)
    assert proposal.seats == () and proposal.total_missing == 3


# --- swaps --------------------------------------------------------------------------------


def pool_of_twelve() -> SeatingInputs:
    pool = [person(pid, last_served=date(2025, 1, pid)) for pid in range(1, 13)]
    return jury([*pool, person(13, busy=True)])


def test_a_coordinator_can_swap_a_seated_person_for_another_eligible_one_in_the_same_role():
    inputs = pool_of_twelve()
    proposal = propose(inputs, 1)
    role = dict((pid, r) for r, pid in proposal.seats)[3]
    swapped = check_swap(inputs, proposal, out_id=3, in_id=12)
    assert (role, 12) in swapped.seats and 3 not in seated(swapped)
    assert swapped.swaps == ((3, 12),)


def test_a_swap_for_an_ineligible_person_is_refused_with_their_reasons():
    inputs = pool_of_twelve()
    with pytest.raises(SwapRefused) as refusal:
        check_swap(inputs, propose(inputs, 1), out_id=3, in_id=13)
    assert [e.code for e in refusal.value.reasons] == [Reason.BUSY]
    assert isinstance(refusal.value, Refused) and "overlapping" in refusal.value.message


@pytest.mark.parametrize(("out_id", "in_id", "words"), [(3, 4, "already holds"),
                                                        (11, 12, "does not hold"),
                                                        (3, 99, "not in the pool")])
def test_a_swap_that_would_double_seat_or_use_unknown_people_is_refused(out_id, in_id, words):
    inputs = pool_of_twelve()
    with pytest.raises(SwapRefused, match=words):
        check_swap(inputs, propose(inputs, 1), out_id, in_id)


def test_replaying_the_seed_and_swaps_reproduces_the_swapped_proposal():
    inputs = pool_of_twelve()
    swapped = check_swap(inputs, check_swap(inputs, propose(inputs, 5), 3, 12), 12, 11)
    assert replay(inputs, 5, swapped.swaps) == swapped


# --- storage ------------------------------------------------------------------------------


def test_a_pool_that_lists_someone_twice_is_refused():
    with pytest.raises(ValueError, match="only once"):
        jury([person(1), person(1)])


def test_stored_inputs_of_an_unknown_format_are_refused():
    with pytest.raises(ValueError, match="version"):
        SeatingInputs.from_dict({**jury([person(1)]).to_dict(), "version": 99})


# --- properties ---------------------------------------------------------------------------

IDS = st.integers(1, 40)
GROUPS = st.frozensets(st.sampled_from([group_key("school", str(n)) for n in range(3)]
                                       + [group_key("household", str(n)) for n in range(5)]),
                       max_size=2)
MOSTLY = st.sampled_from([True, True, True, True, False])


@st.composite
def candidates(draw, pid: int) -> Candidate:
    served = draw(st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 1, 20))))
    return Candidate(
        person_id=pid, age=draw(st.one_of(st.none(), st.integers(10, 40))), active=draw(MOSTLY),
        trained=draw(MOSTLY), pledged=draw(MOSTLY), available=draw(MOSTLY), busy=not draw(MOSTLY),
        owes_duty=draw(st.integers(0, 2)), last_served=served,
        times_served=draw(st.integers(0, 3)), experienced=draw(st.booleans()), groups=draw(GROUPS),
    )


@st.composite
def seating_cases(draw) -> SeatingInputs:
    ids = draw(st.lists(IDS, unique=True, max_size=30))
    pool = [draw(candidates(pid)) for pid in ids]
    party_ids = draw(st.lists(IDS, unique=True, max_size=4))
    parties = [DocketParty(pid, draw(st.sampled_from(PartyRole)), draw(GROUPS)) for pid in party_ids]
    relations = st.sampled_from(["relative", "knows", "household", "school", "coach"])
    conflicts = draw(st.lists(st.builds(PairConflict, IDS, IDS, relations), max_size=15))
    rules = {
        "jury_size": draw(st.integers(1, 8)), "jury_bailiffs": draw(st.integers(0, 2)),
        "jury_clerks": draw(st.integers(0, 2)), "panel_size": draw(st.integers(1, 6)),
        "grand_jury_size": draw(st.integers(1, 8)), "min_age": draw(st.integers(10, 16)),
        "grand_jury_needs_experience": draw(st.booleans()),
    }
    return seating_inputs(draw(st.sampled_from(SessionKind)), rules, pool, parties, conflicts)


def may_sit(inputs: SeatingInputs, c: Candidate) -> bool:
    """The seating rules restated independently of the code under test."""
    party_ids = {p.person_id for p in inputs.parties}
    party_groups = {g for p in inputs.parties for g in p.groups}
    paired = {b if a == c.person_id else a for a, b, _ in
              ((k.person_id, k.other_id, k.relation) for k in inputs.conflicts) if c.person_id in (a, b)}
    in_band = c.age is not None and (inputs.min_age is None or c.age >= inputs.min_age) and (
        inputs.max_age is None or c.age <= inputs.max_age)
    return (c.active and c.trained and c.pledged and c.available and not c.busy and in_band
            and (c.experienced or not inputs.needs_experience) and c.person_id not in party_ids
            and not (paired & party_ids) and not (c.groups & party_groups))


@given(seating_cases(), st.integers(0, 2**48))
def test_nobody_conflicted_unavailable_ineligible_double_booked_or_a_party_is_ever_seated(inputs, seed):
    proposal = propose(inputs, seed)
    by_id = {c.person_id: c for c in inputs.candidates}
    assert all(may_sit(inputs, by_id[pid]) for pid in seated(proposal))
    assert len(set(seated(proposal))) == len(proposal.seats)
    assert set(proposal.order) == {pid for pid, c in by_id.items() if may_sit(inputs, c)}
    assert set(proposal.excluded) == set(by_id) - set(proposal.order)


@given(seating_cases(), st.integers(0, 2**48))
def test_every_seat_is_filled_when_enough_people_may_sit_and_the_shortfall_is_counted_exactly(inputs, seed):
    proposal = propose(inputs, seed)
    seats_needed = sum(n for _, n in inputs.plan)
    assert len(proposal.seats) == min(seats_needed, len(proposal.order))
    assert proposal.total_missing == max(0, seats_needed - len(proposal.order))
    for role, count in inputs.plan:
        assert sum(r == role for r, _ in proposal.seats) + proposal.missing[role] == count
    assert set(seated(proposal)) == set(proposal.order[:seats_needed])


@given(seating_cases(), st.integers(0, 2**48), st.randoms(use_true_random=False))
def test_the_same_seed_and_inputs_give_the_same_seats_in_whatever_order_the_pool_arrives(
        inputs, seed, shuffler):
    shuffled = list(inputs.candidates)
    shuffler.shuffle(shuffled)
    assert propose(inputs, seed) == propose(inputs, seed)
    assert propose(replace(inputs, candidates=tuple(shuffled)), seed) == propose(inputs, seed)


@given(seating_cases(), st.integers(0, 2**48))
def test_inputs_and_proposal_stored_as_json_replay_to_the_same_proposal(inputs, seed):
    proposal = propose(inputs, seed)
    stored_inputs = json.loads(json.dumps(inputs.to_dict()))
    stored_proposal = json.loads(json.dumps(proposal.to_dict()))
    assert SeatingInputs.from_dict(stored_inputs) == inputs
    assert propose(SeatingInputs.from_dict(stored_inputs), seed) == proposal
    assert Proposal.from_dict(stored_proposal) == proposal


@given(seating_cases(), st.integers(0, 2**48), st.data())
def test_a_swap_succeeds_exactly_when_the_incoming_person_may_sit_and_is_not_yet_seated(inputs, seed, data):
    proposal = propose(inputs, seed)
    if not proposal.seats or not inputs.candidates:
        return
    out_id = data.draw(st.sampled_from(seated(proposal)))
    incoming = data.draw(st.sampled_from(inputs.candidates))
    allowed = may_sit(inputs, incoming) and incoming.person_id not in seated(proposal)
    try:
        swapped = check_swap(inputs, proposal, out_id, incoming.person_id)
    except SwapRefused:
        assert not allowed
    else:
        assert allowed
        assert len(set(seated(swapped))) == len(swapped.seats) == len(proposal.seats)
        assert replay(inputs, seed, swapped.swaps) == swapped
