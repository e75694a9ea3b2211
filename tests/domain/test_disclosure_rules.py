"""Small-count suppression: counts under 5 are hidden, and no hidden count can be worked out from
the totals that are shown."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jurycourt.domain.disclosure import THRESHOLD, Suppressed, suppress


def augmented(table: Suppressed) -> list[list[int | None]]:
    """The published table with its totals: row totals as the last column, column totals last row."""
    return [*([*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)),
            [*table.column_totals, table.total]]


def lines(grid: list[list[int | None]]) -> list[list[int | None]]:
    return [*grid, *map(list, zip(*grid, strict=True))]


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def solvable_cells(grid: list[list[int | None]]) -> list[tuple[int, int]]:
    """The hidden values an attacker can work out exactly from the shown ones, by linear algebra
    over every "cells add up to the total" equation of the table."""
    hidden = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v is None]
    if not hidden:
        return []
    last_r, last_c = len(grid) - 1, len(grid[0]) - 1
    equations = []
    for r in range(last_r + 1):
        equations.append({(r, c): (Fraction(-1) if c == last_c else Fraction(1)) for c in range(last_c + 1)})
    for c in range(last_c + 1):
        equations.append({(r, c): (Fraction(-1) if r == last_r else Fraction(1)) for r in range(last_r + 1)})
    matrix = [[eq.get(h, Fraction(0)) for h in hidden] for eq in equations]
    base = _rank(matrix)
    found = []
    for i, entry in enumerate(hidden):
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if _rank([*matrix, unit]) == base:  # the unit vector is a combination of the equations
            found.append(entry)
    return found


def primary_only(values: list[list[int]]) -> list[list[int | None]]:
    """What a naive publisher does: hide the small counts and nothing else."""
    rows = [[*row, sum(row)] for row in values]
    grid = [*rows, [sum(col) for col in zip(*rows, strict=True)]]
    return [[None if 0 < v < THRESHOLD else v for v in row] for row in grid]


def test_counts_of_five_or_more_and_zeros_are_all_shown():
    table = suppress([[5, 0, 12], [7, 9, 0]])
    assert table.cells == [[5, 0, 12], [7, 9, 0]]
    assert table.row_totals == [17, 16] and table.column_totals == [12, 9, 12] and table.total == 33
    assert table.hidden_count == 0


def test_a_lone_small_count_takes_the_next_smallest_of_its_row_and_column_with_it():
    table = suppress([[3, 10, 20], [8, 9, 30]])
    assert table.cells[0][0] is None
    assert table.cells[0][1] is None  # the next-smallest of its row
    assert table.cells[1][0] is None and table.cells[1][1] is None  # so its column can't be solved
    assert table.cells[0][2] == 20 and table.cells[1][2] == 30
    assert table.row_totals == [33, 47] and table.total == 80


def test_a_total_under_five_is_hidden_with_its_cells():
    table = suppress([[1, 2, 0], [10, 12, 15]])
    assert table.row_totals[0] is None
    assert table.cells[0][:2] == [None, None]
    assert table.cells[0][2] == 0


def test_a_zero_is_not_hidden_beside_a_small_count_when_a_larger_value_can_protect_it():
    table = suppress([[3, 0, 12], [6, 7, 20]])
    assert table.cells[0][0] is None and table.cells[0][1] == 0
    assert table.cells[0][2] is None  # 12 protects the 3 in its row: their sum is 15
    assert not solvable_cells(augmented(table))


def test_a_single_series_hides_a_small_month_and_one_more_so_the_year_total_gives_nothing_away():
    table = suppress([[12, 3, 9, 0, 7]])
    assert table.cells[0][1] is None
    assert sum(v is None for v in table.cells[0]) >= 2
    assert table.row_totals[0] == 31
    assert not solvable_cells(augmented(table))


def test_amounts_are_hidden_by_how_few_people_gave_them_not_by_their_size():
    minutes = [[600, 240], [900, 1200]]
    givers = [[1, 6], [7, 9]]
    table = suppress(minutes, givers, margins=([7, 16], [8, 15], 16))
    assert table.cells[0][0] is None
    assert table.cells[1][1] == 1200 or table.cells[1][1] is None
    assert not solvable_cells(augmented(table))


def test_the_total_of_amounts_given_by_one_person_in_several_cells_is_hidden():
    table = suppress([[60, 60, 60]], [[1, 1, 1]], margins=([1], [1, 1, 1], 1))
    assert table.row_totals == [None] and table.total is None


def test_the_attack_works_on_primary_suppression_alone_and_fails_after_secondary_suppression():
    values = [[3, 10, 20], [8, 9, 30], [6, 11, 2]]
    naive = primary_only(values)
    assert (0, 0) in solvable_cells(naive)  # 33 - 10 - 20 = 3: the solver can fail the real table
    assert solvable_cells(augmented(suppress(values))) == []


def test_a_ragged_or_empty_table_is_refused():
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([])


tables = st.integers(1, 5).flatmap(lambda cols: st.lists(
    st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols), min_size=1, max_size=5))


@given(tables)
@settings(max_examples=150, deadline=None)
def test_every_line_with_a_hidden_value_has_at_least_two_and_every_shown_count_is_zero_or_five_plus(values):
    table = suppress(values)
    grid = augmented(table)
    for line in lines(grid):
        assert sum(v is None for v in line) != 1
    assert all(v is None or v == 0 or v >= THRESHOLD for row in grid for v in row)


@given(tables)
@settings(max_examples=150, deadline=None)
def test_no_hidden_value_can_be_solved_for_from_the_shown_values(values):
    table = suppress(values)
    assert solvable_cells(augmented(table)) == []
    shown = [(r, c) for r, row in enumerate(augmented(table)) for c, v in enumerate(row) if v is not None]
    rows = [[*row, sum(row)] for row in values]
    real = [*rows, [sum(col) for col in zip(*rows, strict=True)]]
    assert all(augmented(table)[r][c] == real[r][c] for r, c in shown)  # what is shown is true
