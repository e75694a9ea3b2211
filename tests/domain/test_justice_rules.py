"""The community justice panel's rules: lifecycle table, agreement terms, payments, signers, panel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain import justice as r
from jurycourt.domain.errors import Refused
from jurycourt.domain.justice import LIFECYCLE, ActionKind, ActionTerms, MatterFacts, MatterState

TODAY = date(2026, 11, 25)
ALL_MET = MatterFacts(panel_complete=True, visits=1, meeting=True, actions=2, unsigned=0, unsettled=0)

#: The whole lifecycle as the issue states it: (from, step) → to. Everything else is refused.
EXPECTED = {
    (MatterState.REFERRED, "prepare"): MatterState.PREPARING,
    (MatterState.PREPARING, "schedule"): MatterState.MEETING_SCHEDULED,
    (MatterState.MEETING_SCHEDULED, "unschedule"): MatterState.PREPARING,
    (MatterState.MEETING_SCHEDULED, "agree"): MatterState.AGREED,
    (MatterState.AGREED, "monitor"): MatterState.MONITORING,
    (MatterState.MONITORING, "complete"): MatterState.COMPLETED,
    (MatterState.MONITORING, "breach"): MatterState.BREACHED,
    **{(s, "withdraw"): MatterState.WITHDRAWN for s in (MatterState.REFERRED, MatterState.PREPARING,
                                                        MatterState.MEETING_SCHEDULED, MatterState.AGREED)},
}


@pytest.mark.parametrize("state", list(MatterState))
@pytest.mark.parametrize("step", [*LIFECYCLE.steps, "reopen", "start"])
def test_every_state_and_step_is_allowed_exactly_as_the_table_says(state, step):
    if (state, step) in EXPECTED:
        assert LIFECYCLE.check(state, step, ALL_MET, "a reason").target == EXPECTED[(state, step)]
    else:
        with pytest.raises(Refused) as refused:
            LIFECYCLE.check(state, step, ALL_MET, "a reason")
        assert refused.value.message  # a clear message, never a bare refusal


def test_ends_offer_no_step_and_every_state_is_reachable_from_referral():
    for end in r.END_STATES:
        assert LIFECYCLE.available(end) == []
    seen, todo = {MatterState.REFERRED}, [MatterState.REFERRED]
    while todo:
        for t in LIFECYCLE.available(todo.pop()):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    assert seen == set(MatterState)


@pytest.mark.parametrize(("step", "state", "missing", "words"), [
    ("schedule", MatterState.PREPARING, {"panel_complete": False}, "Appoint the whole panel"),
    ("schedule", MatterState.PREPARING, {"visits": 0}, "preparation visit"),
    ("schedule", MatterState.PREPARING, {"meeting": False}, "Schedule the restorative meeting"),
    ("agree", MatterState.MEETING_SCHEDULED, {"actions": 0}, "at least one action"),
    ("agree", MatterState.MEETING_SCHEDULED, {"unsigned": 1}, "sign it off"),
    ("complete", MatterState.MONITORING, {"unsettled": 1}, "paid in full"),
])
def test_a_step_whose_need_is_missing_is_refused_saying_what_to_do(step, state, missing, words):
    facts = MatterFacts(**{**ALL_MET.__dict__, **missing})
    with pytest.raises(Refused, match=words):
        LIFECYCLE.check(state, step, facts)


@pytest.mark.parametrize("step", ["breach", "withdraw", "unschedule"])
def test_breach_withdrawal_and_unscheduling_need_a_reason_for_the_history(step):
    source = next(s for (s, name) in EXPECTED if name == step)
    with pytest.raises(Refused) as refused:
        LIFECYCLE.check(source, step, ALL_MET, "   ")
    assert refused.value.field == "reason"


@given(st.sampled_from(list(MatterState)), st.sampled_from([*LIFECYCLE.steps]), st.booleans(), st.integers(0, 3),
       st.booleans(), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))
def test_no_sequence_of_facts_ever_allows_a_move_outside_the_table(state, step, panel, visits, meeting, actions,
                                                                   unsigned, unsettled):
    facts = MatterFacts(panel, visits, meeting, actions, unsigned, unsettled)
    try:
        transition = LIFECYCLE.check(state, step, facts, "reason")
    except Refused:
        return
    assert EXPECTED[(state, step)] == transition.target
    assert all(facts.has(n) for n in transition.needs)


def _terms(kind=ActionKind.APOLOGY, **kw):
    return ActionTerms(kind, kw.pop("detail", ""), kw.pop("due_on", TODAY + timedelta(days=30)), **kw)


@pytest.mark.parametrize(("months", "ok"), [(None, False), (0, False), (2, False), (3, True), (7, True),
                                            (12, True), (13, False), (24, False)])
def test_an_acceptable_behaviour_contract_lasts_3_to_12_months(months, ok):
    terms = _terms(ActionKind.CONTRACT, months=months)
    if ok:
        assert r.check_action(terms, TODAY) == terms
    else:
        with pytest.raises(Refused, match="3 to 12 months") as refused:
            r.check_action(terms, TODAY)
        assert refused.value.field == "months"


def test_only_a_contract_has_months_and_only_compensation_an_amount():
    with pytest.raises(Refused, match="Only an acceptable-behaviour contract"):
        r.check_action(_terms(ActionKind.COURSE, months=6), TODAY)
    with pytest.raises(Refused, match="Only compensation"):
        r.check_action(_terms(ActionKind.REPARATION, amount_cents=500), TODAY)
    with pytest.raises(Refused, match="amount of compensation"):
        r.check_action(_terms(ActionKind.COMPENSATION), TODAY)
    assert r.check_action(_terms(ActionKind.COMPENSATION, amount_cents=6000), TODAY).amount_cents == 6000


def test_every_action_needs_a_due_date_that_has_not_passed():
    with pytest.raises(Refused, match="due"):
        r.check_action(ActionTerms(ActionKind.APOLOGY, "", None), TODAY)
    with pytest.raises(Refused, match="passed"):
        r.check_action(_terms(due_on=TODAY - timedelta(days=1)), TODAY)
    with pytest.raises(Refused, match="Say what"):
        r.check_action(_terms(ActionKind.OTHER), TODAY)


def test_payments_are_positive_and_never_more_than_the_balance():
    assert r.balance(6000, [2500, 1000]) == 2500
    assert r.check_payment(6000, [2500, 1000], 2500) == 2500
    for bad in (None, 0, -100):
        with pytest.raises(Refused, match="amount paid"):
            r.check_payment(6000, [], bad)
    with pytest.raises(Refused, match="more than the 25.00 still owed"):
        r.check_payment(6000, [3500], 2501)


@given(st.integers(1, 100_000), st.lists(st.integers(1, 10_000), max_size=20))
def test_accepted_payments_never_take_the_balance_below_zero(amount, payments):
    paid: list[int] = []
    for p in payments:
        try:
            paid.append(r.check_payment(amount, paid, p))
        except Refused:
            pass
        assert r.balance(amount, paid) >= 0


def test_compensation_is_done_only_once_paid_in_full_and_nothing_is_done_twice():
    with pytest.raises(Refused, match="paid in full"):
        r.check_done(ActionKind.COMPENSATION, r.ActionStatus.PENDING, 1)
    r.check_done(ActionKind.COMPENSATION, r.ActionStatus.PENDING, 0)
    with pytest.raises(Refused, match="already"):
        r.check_done(ActionKind.APOLOGY, r.ActionStatus.DONE, 0)


def test_signers_are_the_person_responsible_the_person_harmed_unless_no_contact_the_chair_and_coordinator():
    P = r.ParticipantRole
    people = [(1, P.RESPONSIBLE, None), (2, P.HARMED, "meeting"), (3, P.SUPPORTER, None)]
    assert r.required_signers(people, 10, 20) == {1, 2, 10, 20}
    assert r.required_signers([(1, P.RESPONSIBLE, None), (2, P.HARMED, "none")], 10, 20) == {1, 10, 20}


def test_a_matter_has_one_person_responsible_and_the_harmed_persons_wishes_recorded():
    P = r.ParticipantRole
    with pytest.raises(Refused, match="already has a person responsible"):
        r.check_participant(P.RESPONSIBLE, "", [P.RESPONSIBLE])
    with pytest.raises(Refused, match="wishes about contact") as refused:
        r.check_participant(P.HARMED, "", [P.RESPONSIBLE])
    assert refused.value.field == "contact_wish"
    assert r.check_participant(P.HARMED, "indirect", [P.RESPONSIBLE]) == r.ContactWish.INDIRECT
    assert r.check_participant(P.SUPPORTER, "meeting", [P.RESPONSIBLE, P.SUPPORTER]) is None


def test_the_panel_is_the_rule_size_of_trained_volunteers_without_conflicts_chair_first():
    vols = {i: r.Volunteer(i, True) for i in (1, 2, 3, 4)}
    vols[5] = r.Volunteer(5, False)
    vols[6] = r.Volunteer(6, True, conflicts=frozenset({100}))
    vols[7] = r.Volunteer(7, True, groups=frozenset({"household:12 Mill Lane"}))
    assert r.check_panel(2, [1, 3, 2], vols, [100], ["household:12 Mill Lane"], 3) == [2, 1, 3]
    with pytest.raises(Refused, match="3 volunteers"):
        r.check_panel(1, [2], vols, [100], [], 3)
    with pytest.raises(Refused, match="trained"):
        r.check_panel(1, [2, 5], vols, [100], [], 3)
    with pytest.raises(Refused, match="conflict of interest"):
        r.check_panel(1, [2, 6], vols, [100], [], 3)
    with pytest.raises(Refused, match="conflict of interest"):
        r.check_panel(1, [2, 7], vols, [100], ["household:12 Mill Lane"], 3)
    with pytest.raises(Refused, match="chair"):
        r.check_panel(None, [1, 2, 3], vols, [], [], 3)
    assert r.panel_size({"panel_size": 5}) == 5 and r.panel_size({}) == 3


def test_referring_agencies_are_a_program_rule_with_police_housing_and_council_by_default():
    assert set(r.panel_agencies({})) == {"police", "housing", "council"}
    assert r.panel_agencies({"panel_referring_agencies": {"school": "School"}}) == {"school": "School"}


def test_the_public_summary_is_built_from_labels_and_counts_only():
    text = r.summary_markdown("Criminal damage or graffiti", "Police", ["compensation", "apology", "apology"],
                              date(2026, 10, 1), 2)
    assert "Police referred" in text and "criminal damage" in text and "October 2026" in text
    assert text.count("- Apology") == 1 and "- Compensation" in text and "2 preparation visits" in text


def test_the_public_summary_passes_the_redaction_guard_whatever_was_agreed():
    from jurycourt.domain.redaction import check

    text = r.summary_markdown("Neighbour dispute", "Housing association", list(ActionKind), date(2026, 3, 9), 1)
    assert check({"body": text}, []) == []
