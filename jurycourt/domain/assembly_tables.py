"""Discussion tables at a citizens' panel's sessions: who sits with whom.

Members sit at tables of about six to eight (the panel's ``table_size`` is the most at one table). Each
table should look like the panel (mixed across every stratification category), and over the sessions
each member should meet as many of the others as possible. The allocation is pure and seeded: the same
members, history and seed always give the same tables.

The search: deal the members out so every table is close to the panel's make-up, then swap pairs of
members between tables while a swap lowers the cost, in an order drawn from the seed. The cost puts the
strata first (a table with more than ``ceil(size × share) + 1`` members of one value is all but
forbidden, more than ``ceil(size × share)`` is discouraged) and then counts the pairs at a table who
have sat together before (a pair who met twice counts twice).

When a member drops out of a session already allocated, the others keep their seats: at most one member
moves, from the fullest table to the emptiest, when the tables would otherwise differ by more than one.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _

TABLE_SIZE_MIN = 4
TABLE_SIZE_MAX = 10
TABLE_SIZE_DEFAULT = 7
#: Involve's standard: at most nine members for each facilitator.
MEMBERS_PER_FACILITATOR = 9
FACILITATOR_MAX = 120

#: The weights of the cost, most important first. A hard excess outweighs every repeated pair there can be.
HARD_WEIGHT = 100_000
SOFT_WEIGHT = 1
MAX_PASSES = 40

Pair = frozenset[int]
Tables = list[list[int]]


@dataclass(frozen=True)
class Member:
    """A member as the allocation sees them: an id and their value in each category (in a fixed order)."""

    id: int
    strata: tuple[str, ...]


def check_table_size(size: int) -> int:
    """The panel's largest table: between four and ten (GroupSelect and Involve use six to eight)."""
    if not TABLE_SIZE_MIN <= size <= TABLE_SIZE_MAX:
        raise Refused(_("A table seats between %(low)s and %(high)s members.")
                      % {"low": TABLE_SIZE_MIN, "high": TABLE_SIZE_MAX}, "table_size")
    return size


def check_facilitator(name: str) -> str:
    """A facilitator's name as written on the table plan (blank clears the table's facilitator)."""
    name = " ".join(name.split())
    if len(name) > FACILITATOR_MAX:
        raise Refused(_("Use at most %(limit)s characters for the name.") % {"limit": FACILITATOR_MAX},
                      "facilitator")
    return name


def table_count(members: int, size: int) -> int:
    """How many tables the members need so that none seats more than ``size``."""
    return max(1, math.ceil(members / size)) if members else 0


def pairs_met(history: Iterable[Sequence[Sequence[int]]]) -> Counter[Pair]:
    """How often each pair of members sat at the same table, over the sessions' tables given."""
    met: Counter[Pair] = Counter()
    for tables in history:
        for table in tables:
            met.update(frozenset(pair) for pair in combinations(table, 2))
    return met


def repeated_pairs(tables: Sequence[Sequence[int]], met: Mapping[Pair, int]) -> int:
    """The pairs sitting together at these tables who have sat together before (once each)."""
    return sum(1 for table in tables for pair in combinations(table, 2) if met.get(frozenset(pair), 0))


def stratum_limit(table_size: int, share_count: int, members: int) -> int:
    """The most members of one value a table of ``table_size`` may seat: ``ceil(size × share) + 1``."""
    return math.ceil(table_size * share_count / members) + 1


class _Search:
    """The tables under construction and the running counts the cost needs."""

    def __init__(self, members: Sequence[Member], tables: Tables, met: Mapping[Pair, int]) -> None:
        self.strata = {m.id: m.strata for m in members}
        self.tables = tables
        self.met = met
        n = len(members)
        totals: Counter[tuple[int, str]] = Counter(
            (index, value) for m in members for index, value in enumerate(m.strata))
        self.soft: list[dict[tuple[int, str], int]] = []
        for table in tables:
            self.soft.append({key: math.ceil(len(table) * count / n) for key, count in totals.items()})
        self.counts: list[Counter[tuple[int, str]]] = [
            Counter((index, value) for member in table for index, value in enumerate(self.strata[member]))
            for table in tables]

    def _strata_cost(self, table: int, key: tuple[int, str], count: int) -> int:
        soft = self.soft[table][key]
        return HARD_WEIGHT * max(0, count - soft - 1) + SOFT_WEIGHT * max(0, count - soft)

    def _meetings(self, member: int, table: int, without: int) -> int:
        return sum(self.met.get(frozenset((member, other)), 0) for other in self.tables[table] if other != without)

    def swap_gain(self, a_table: int, a_seat: int, b_table: int, b_seat: int) -> int:
        """How much the cost falls if these two members change tables (negative: it rises)."""
        a, b = self.tables[a_table][a_seat], self.tables[b_table][b_seat]
        gain = (self._meetings(a, a_table, a) + self._meetings(b, b_table, b)
                - self._meetings(a, b_table, b) - self._meetings(b, a_table, a))
        for index, (va, vb) in enumerate(zip(self.strata[a], self.strata[b], strict=True)):
            if va == vb:
                continue
            for table, out, into in ((a_table, va, vb), (b_table, vb, va)):
                key_out, key_in = (index, out), (index, into)
                out_n, in_n = self.counts[table][key_out], self.counts[table][key_in]
                gain += (self._strata_cost(table, key_out, out_n) + self._strata_cost(table, key_in, in_n)
                         - self._strata_cost(table, key_out, out_n - 1) - self._strata_cost(table, key_in, in_n + 1))
        return gain

    def swap(self, a_table: int, a_seat: int, b_table: int, b_seat: int) -> None:
        a, b = self.tables[a_table][a_seat], self.tables[b_table][b_seat]
        self.tables[a_table][a_seat], self.tables[b_table][b_seat] = b, a
        for index, (va, vb) in enumerate(zip(self.strata[a], self.strata[b], strict=True)):
            self.counts[a_table][(index, va)] -= 1
            self.counts[a_table][(index, vb)] += 1
            self.counts[b_table][(index, vb)] -= 1
            self.counts[b_table][(index, va)] += 1

    def improve(self, rng: random.Random) -> None:
        """Swap members between tables while a swap lowers the cost (first improvement, seeded order)."""
        seats = [(t, s) for t, table in enumerate(self.tables) for s in range(len(table))]
        candidates = [(x, y) for x, y in combinations(seats, 2) if x[0] != y[0]]
        for _pass in range(MAX_PASSES):
            rng.shuffle(candidates)
            improved = False
            for (a_table, a_seat), (b_table, b_seat) in candidates:
                if self.swap_gain(a_table, a_seat, b_table, b_seat) > 0:
                    self.swap(a_table, a_seat, b_table, b_seat)
                    improved = True
            if not improved:
                return


def _deal(members: Sequence[Member], count: int, rng: random.Random) -> Tables:
    """A first seating: members ordered by their strata (ties in a seeded order) and dealt round the tables,
    so each table gets its share of the first category and a fair spread of the rest."""
    order = list(members)
    rng.shuffle(order)
    order.sort(key=lambda m: m.strata)
    tables: Tables = [[] for _ in range(count)]
    for position, member in enumerate(order):
        tables[position % count].append(member.id)
    return tables


def allocate(members: Sequence[Member], table_size: int, met: Mapping[Pair, int], seed: int) -> Tables:
    """Seat the members at tables of at most ``table_size`` (sizes differ by at most one), mixed across the
    strata, with as few pairs as possible who met at earlier sessions (``met``: see ``pairs_met``).

    Pure and seeded: the same inputs and seed give the same tables. Each table is sorted by member id.
    """
    if not members:
        return []
    rng = random.Random(seed)
    search = _Search(members, _deal(members, table_count(len(members), table_size), rng), met)
    search.improve(rng)
    return [sorted(table) for table in search.tables]


def random_tables(member_ids: Sequence[int], table_size: int, rng: random.Random) -> Tables:
    """The baseline the allocation is measured against: the same table sizes, members shuffled."""
    order = list(member_ids)
    rng.shuffle(order)
    count = table_count(len(order), table_size)
    return [order[t::count] for t in range(count)]


@dataclass(frozen=True)
class Move:
    """One member changing tables when the seating is repaired (``table`` counts from 0)."""

    member: int
    from_table: int
    to_table: int


def drop_out(tables: Sequence[Sequence[int]], member: int, strata: Mapping[int, tuple[str, ...]],
             met: Mapping[Pair, int], replacement: int | None = None) -> tuple[Tables, list[Move]]:
    """Take a member out of an allocated session, moving as few others as possible.

    A replacement, when given, takes the leaving member's seat and nobody moves. Otherwise, if the tables
    would differ in size by more than one, exactly one member moves from the fullest table to the one that
    lost a member: the one whose move repeats the fewest meetings, then keeps the strata best spread.
    """
    seated = [list(table) for table in tables]
    where = next((t for t, table in enumerate(seated) if member in table), None)
    if where is None:
        raise Refused(_("This member has no seat at this session's tables."))
    seat = seated[where].index(member)
    if replacement is not None:
        seated[where][seat] = replacement
        return [sorted(table) for table in seated], []
    del seated[where][seat]
    fullest = max(range(len(seated)), key=lambda t: (len(seated[t]), -t))
    if len(seated[fullest]) - len(seated[where]) <= 1:
        return [sorted(table) for table in seated], []

    def cost(candidate: int) -> tuple[int, int, int]:
        meetings = sum(met.get(frozenset((candidate, other)), 0) for other in seated[where])
        values = strata.get(candidate, ())
        crowding = sum(1 for other in seated[where] for a, b in zip(values, strata.get(other, ()), strict=False)
                       if a == b)
        return meetings, crowding, candidate

    mover = min(seated[fullest], key=cost)
    seated[fullest].remove(mover)
    seated[where].append(mover)
    return [sorted(table) for table in seated], [Move(mover, fullest, where)]


def facilitators_needed(members: int) -> int:
    """Involve's standard, at least one facilitator for every nine members."""
    return math.ceil(members / MEMBERS_PER_FACILITATOR)
