"""Ledger arithmetic without a database: postings balance, floors hold, replays post nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from jurycourt.domain.errors import Refused
from jurycourt.domain.ledger import (
    MAX_MINUTES,
    Books,
    Entry,
    Served,
    check_amount,
    check_entries,
    check_replay,
    fingerprint,
    reversal_of,
    service_credit,
    within_floor,
)


def test_a_balanced_posting_of_two_entries_is_accepted_in_account_order():
    assert check_entries([Entry(2, 90), Entry(1, -90)]) == (Entry(1, -90), Entry(2, 90))


@pytest.mark.parametrize("entries, words", [
    ([Entry(1, 60)], "at least two"),
    ([], "at least two"),
    ([Entry(1, -60), Entry(2, 30)], "sum to zero"),
    ([Entry(1, 0), Entry(2, 0)], "non-zero"),
    ([Entry(1, -1.5), Entry(2, 1.5)], "whole number"),
    ([Entry(1, True), Entry(2, -1)], "whole number"),
    ([Entry(1, -60), Entry(1, 60)], "only once"),
])
def test_an_invalid_posting_is_refused_with_the_reason(entries, words):
    with pytest.raises(Refused, match=words):
        check_entries(entries)


@pytest.mark.parametrize("amount", [0, -15, 2.5, "60", None, MAX_MINUTES + 1])
def test_a_form_amount_must_be_positive_whole_minutes_within_a_week(amount):
    with pytest.raises(Refused):
        check_amount(amount)


def test_a_floor_stops_a_debit_but_never_a_credit():
    assert within_floor(60, -60, 0)
    assert not within_floor(60, -61, 0)
    assert within_floor(-30, 15, 0)  # below a raised floor, credit still arrives
    assert within_floor(-10_000, -1, None)  # the issuing account has no floor
    assert within_floor(0, -120, -120)


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(-10_000, 10_000).filter(bool)), min_size=1, max_size=6,
                unique_by=lambda t: t[0]))
def test_a_reversal_undoes_a_posting_exactly(pairs):
    counter = max(a for a, _ in pairs) + 1
    entries = [Entry(a, m) for a, m in pairs] + [Entry(counter, -sum(m for _, m in pairs))]
    entries = [e for e in entries if e.minutes]
    if len(entries) < 2:
        return
    original = check_entries(entries)
    reversal = check_entries(reversal_of(original))
    net: dict[int, int] = {}
    for e in original + reversal:
        net[e.account_id] = net.get(e.account_id, 0) + e.minutes
    assert set(net.values()) == {0}


def test_a_replay_with_the_same_details_passes_and_different_details_are_refused():
    first = fingerprint("service_credit", 1, "seat:5", [Entry(1, -60), Entry(2, 60)])
    same = fingerprint("service_credit", 1, "seat:5", [Entry(2, 60), Entry(1, -60)])
    other = fingerprint("service_credit", 1, "seat:5", [Entry(1, -75), Entry(2, 75)])
    check_replay(first, same)
    with pytest.raises(Refused, match="different details"):
        check_replay(first, other)


def test_books_refuse_an_unknown_account_and_an_overdraft_and_post_a_replay_once():
    books = Books()
    books.open(1, None)
    books.open(2, 0)
    assert books.post("k1", "service_credit", 1, "r", [Entry(1, -60), Entry(2, 60)])
    assert not books.post("k1", "service_credit", 1, "r", [Entry(1, -60), Entry(2, 60)])
    assert books.balances == {1: -60, 2: 60}
    with pytest.raises(Refused, match="Not enough"):
        books.post("k2", "reward_redemption", 1, "r2", [Entry(2, -61), Entry(1, 61)])
    with pytest.raises(Refused, match="no such account"):
        books.post("k3", "transfer", 1, "r3", [Entry(2, -10), Entry(9, 10)])


ACCOUNTS = st.integers(0, 4)


class LedgerMachine(RuleBasedStateMachine):
    """Random credits, redemptions, transfers, reversals and replays against the pure model."""

    @initialize(floor=st.integers(-120, 0))
    def open_accounts(self, floor):
        self.books = Books()
        self.books.open(0, None)  # issuing
        for account in range(1, 5):
            self.books.open(account, floor)
        self.seen_entries = 0
        self.keys = 0
        self.made: dict[str, tuple[str, str]] = {}  # key → (kind, reference) of postings made

    def _post(self, key, kind, reference, entries):
        try:
            if self.books.post(key, kind, 1, reference, entries):
                self.made[key] = (kind, reference)
        except Refused:
            pass

    @rule(account=st.integers(1, 4), minutes=st.integers(1, 600))
    def credit_service(self, account, minutes):
        self.keys += 1
        self._post(f"seat:{self.keys}", "service_credit", f"seat:{self.keys}", [Entry(0, -minutes),
                                                                                 Entry(account, minutes)])

    @rule(source=st.integers(1, 4), to=ACCOUNTS, minutes=st.integers(1, 600))
    def spend_or_transfer(self, source, to, minutes):
        if source == to:
            return
        self.keys += 1
        self._post(f"t:{self.keys}", "transfer", f"t:{self.keys}", [Entry(source, -minutes), Entry(to, minutes)])

    @precondition(lambda self: self.books.postings)
    @rule(data=st.data())
    def replay_a_key(self, data):
        key = data.draw(st.sampled_from(sorted(self.books.postings)))
        _, entries = self.books.postings[key]
        before = dict(self.books.balances)
        kind, reference = self.made[key]
        assert not self.books.post(key, kind, 1, reference, entries)
        assert self.books.balances == before
        with pytest.raises(Refused, match="different details"):
            self.books.post(key, kind, 1, reference + ":other", entries)

    @precondition(lambda self: self.books.postings)
    @rule(data=st.data())
    def reverse_a_posting(self, data):
        key = data.draw(st.sampled_from(sorted(self.books.postings)))
        _, entries = self.books.postings[key]
        self._post(f"reversal:{key}", "reversal", key, reversal_of(entries))

    @invariant()
    def the_books_sum_to_zero(self):
        assert sum(self.books.balances.values()) == 0

    @invariant()
    def each_balance_equals_its_entries(self):
        assert self.books.balances == self.books.entry_sums()

    @invariant()
    def no_balance_is_below_its_floor(self):
        for account, floor in self.books.floors.items():
            assert floor is None or self.books.balances[account] >= floor

    @invariant()
    def entries_only_grow(self):
        count = sum(len(entries) for _, entries in self.books.postings.values())
        assert count >= self.seen_entries
        self.seen_entries = count


TestLedgerMachine = LedgerMachine.TestCase


# --- the service-credit rule: minutes served at a hearing → minutes of credit ---------------------

SERVED_FROM = datetime(2031, 7, 12, 18, 0, tzinfo=UTC)


def test_service_credit_is_the_minutes_served_rounded_by_the_programs_rule():
    served = Served(SERVED_FROM + timedelta(minutes=3), SERVED_FROM + timedelta(minutes=175))
    assert service_credit(served, {"credit_rounding_minutes": 15}) == 165
    assert service_credit(served, {"credit_rounding_minutes": 5}) == 170
    assert service_credit(served, {}) == 165  # the default rule rounds to the quarter hour


def test_no_credit_before_both_check_in_and_check_out_nor_for_a_no_show():
    assert service_credit(Served(SERVED_FROM, None), {}) is None
    assert service_credit(Served(None, SERVED_FROM), {}) is None
    assert service_credit(Served(SERVED_FROM, SERVED_FROM + timedelta(hours=3), no_show=True), {}) is None
    assert service_credit(Served(SERVED_FROM, SERVED_FROM + timedelta(hours=3)), {}) == 180
