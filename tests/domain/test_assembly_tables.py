"""Discussion tables: mixed across the strata, fewer repeated pairs than chance, few moves on a drop-out."""

from __future__ import annotations

import random
from collections import Counter
from statistics import mean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jurycourt.domain import assembly_tables as tables
from jurycourt.domain.assembly_tables import Member
from jurycourt.domain.errors import Refused

VALUES = ("A", "B", "C", "D")


def _members(rng: random.Random, count: int, categories: int = 3) -> list[Member]:
    return [Member(i, tuple(rng.choice(VALUES[:2 + c % 3]) for c in range(categories))) for i in range(count)]


def mixing(seed: int, members: int = 40, sessions: int = 6, size: int = 7) -> tuple[int, int]:
    """Repeated pairs over the sessions: (the allocation's, a random allocation's), for one panel."""
    rng = random.Random(seed)
    panel = _members(rng, members)
    ours: list[list[list[int]]] = []
    chance: list[list[list[int]]] = []
    repeated_ours = repeated_chance = 0
    for session in range(sessions):
        met = tables.pairs_met(ours)
        seated = tables.allocate(panel, size, met, seed * 100 + session)
        repeated_ours += tables.repeated_pairs(seated, met)
        ours.append(seated)
        met_chance = tables.pairs_met(chance)
        shuffled = tables.random_tables([m.id for m in panel], size, rng)
        repeated_chance += tables.repeated_pairs(shuffled, met_chance)
        chance.append(shuffled)
    return repeated_ours, repeated_chance


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(1, 45), size=st.integers(4, 10),
       categories=st.integers(1, 3))
def test_every_table_is_mixed_across_the_strata_and_seats_each_member_once(seed, count, size, categories):
    rng = random.Random(seed)
    panel = _members(rng, count, categories)
    seated = tables.allocate(panel, size, {}, seed)
    assert sorted(m for table in seated for m in table) == [m.id for m in panel]
    assert max(map(len, seated)) <= size and max(map(len, seated)) - min(map(len, seated)) <= 1
    strata = {m.id: m.strata for m in panel}
    totals = Counter((c, v) for m in panel for c, v in enumerate(m.strata))
    for table in seated:
        here = Counter((c, v) for member in table for c, v in enumerate(strata[member]))
        for key, number in here.items():
            assert number <= tables.stratum_limit(len(table), totals[key], count), (table, key)


def test_the_same_seed_gives_the_same_tables_and_another_seed_may_not():
    panel = _members(random.Random(1), 30)
    assert tables.allocate(panel, 7, {}, 5) == tables.allocate(panel, 7, {}, 5)
    assert any(tables.allocate(panel, 7, {}, 5) != tables.allocate(panel, 7, {}, s) for s in range(6, 10))


def test_members_meet_far_fewer_of_the_same_people_again_than_at_random_tables():
    # 40 members, 6 sessions, tables of at most 7, on the fixed seeds 0..4 (see tests/bench/table_mixing.py).
    figures = [mixing(seed) for seed in range(5)]
    ours, chance = mean(f[0] for f in figures), mean(f[1] for f in figures)
    assert ours < 0.7 * chance, figures
    assert all(o < c for o, c in figures)


def test_a_drop_out_moves_nobody_while_the_tables_stay_within_one_of_each_other():
    seated = [[1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14]]
    after, moves = tables.drop_out(seated, 3, {}, {})
    assert moves == [] and after == [[1, 2, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14]]


def test_a_second_drop_out_at_the_same_table_moves_exactly_one_member_there():
    seated = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12, 13]]
    strata = {m: ("x",) for m in range(1, 14)}
    met = {frozenset((1, 7)): 1, frozenset((2, 8)): 1}
    after, moves = tables.drop_out(seated, 3, strata, met)
    assert len(moves) == 1 and moves[0].from_table == 1 and moves[0].to_table == 0
    assert moves[0].member not in (7, 8)  # they have met someone at the emptier table before
    assert sorted(map(len, after)) == [6, 6]
    unmoved = [m for m in range(1, 14) if m not in (3, moves[0].member)]
    assert all(m in after[i] for i, t in enumerate(seated) for m in t if m in unmoved)


def test_a_replacement_takes_the_leaving_members_seat():
    after, moves = tables.drop_out([[1, 2, 3], [4, 5, 6]], 5, {}, {}, replacement=99)
    assert moves == [] and after == [[1, 2, 3], [4, 6, 99]]


def test_a_member_without_a_seat_cannot_drop_out():
    with pytest.raises(Refused):
        tables.drop_out([[1, 2]], 7, {}, {})


@pytest.mark.parametrize("size", [3, 11])
def test_a_table_size_outside_four_to_ten_is_refused(size):
    with pytest.raises(Refused):
        tables.check_table_size(size)


def test_one_facilitator_for_every_nine_members():
    assert [tables.facilitators_needed(n) for n in (0, 9, 10, 40)] == [0, 1, 2, 5]
