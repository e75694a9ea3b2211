"""Small-count suppression: publishing tables of counts that identify nobody.

The rules, for a table of counts with its row totals, column totals and grand total:

- **Primary suppression.** A count from 1 to 4 (fewer than ``THRESHOLD`` people or cases) is
  hidden, and so is a total from 1 to 4. A true **zero is always shown**: "nobody" describes no
  one, and hiding zeros would only make every other table harder to read. Hiding a zero is done
  only as a last resort of secondary suppression (never for a zero alone).
- **Secondary suppression.** Every line of the table (a row with its total, a column with its
  total, and the totals row and column with the grand total) is an equation: its cells add up to
  its total. A hidden value that is the only hidden one of a line could be worked out by
  subtraction, and so could one that a chain of lines pins down. So more values are hidden,
  smallest first, until no hidden value can be worked out from the shown ones: seen as a graph
  (a node per row and per column, an edge per hidden value), no hidden value may be a *bridge*,
  i.e. every hidden value lies on a cycle of hidden values. In particular every line holds either
  no hidden value or at least two.
- **Amounts** (e.g. minutes of service) are not counts of people: a table of amounts passes the
  number of distinct *contributors* behind each value, and a value with 1 to 4 contributors is
  hidden the same way. Totals' contributors are given too, because one person may count in
  several cells of a line (the same person in several months).

Only aggregates leave this module's callers: a value hidden here is ``None`` everywhere public
(pages, CSV, JSON), shown as "fewer than 5" or left blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

THRESHOLD = 5

Entry = tuple[int, int]  # (row, column) in the table with its totals: row R and column C are totals


@dataclass(frozen=True)
class Suppressed:
    """A table ready to publish: ``None`` is a hidden value."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def hidden_count(self) -> int:
        values = [*(v for row in self.cells for v in row), *self.row_totals, *self.column_totals, self.total]
        return sum(v is None for v in values)


def is_sensitive(contributors: int) -> bool:
    """Primary rule: 1 to 4 people (or cases) behind a value identify too few to publish."""
    return 0 < contributors < THRESHOLD


def suppress(values: Sequence[Sequence[int]], contributors: Sequence[Sequence[int]] | None = None,
             margins: tuple[Sequence[int], Sequence[int], int] | None = None) -> Suppressed:
    """Hide every value the rules above say must be hidden.

    ``values`` is a table of counts (rows of equal length, at least one row and one column).
    For a table of amounts, ``contributors`` gives the distinct contributors behind each cell and
    ``margins`` those behind (row totals, column totals, grand total); for counts both default to
    the values themselves.
    """
    rows, cols = len(values), len(values[0]) if values else 0
    if rows == 0 or cols == 0 or any(len(row) != cols for row in values):
        raise ValueError("a table needs at least one row and one column, all of the same length")
    grid = _with_totals([list(map(int, row)) for row in values])
    if contributors is None:
        people = grid
    elif margins is None:
        people = _with_totals([list(map(int, row)) for row in contributors])
    else:
        row_people, col_people, all_people = margins
        people = [[*map(int, row), int(row_people[r])] for r, row in enumerate(contributors)]
        people.append([*map(int, col_people), int(all_people)])
    hidden = {(r, c) for r in range(rows + 1) for c in range(cols + 1) if is_sensitive(people[r][c])}
    _protect(grid, hidden)

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else grid[r][c]

    return Suppressed(
        cells=[[shown(r, c) for c in range(cols)] for r in range(rows)],
        row_totals=[shown(r, cols) for r in range(rows)],
        column_totals=[shown(rows, c) for c in range(cols)],
        total=shown(rows, cols),
    )


def _with_totals(table: list[list[int]]) -> list[list[int]]:
    with_rows = [[*row, sum(row)] for row in table]
    return [*with_rows, [sum(col) for col in zip(*with_rows, strict=True)]]


def _protect(grid: list[list[int]], hidden: set[Entry]) -> None:
    """Secondary suppression: hide more values until no hidden value is a bridge (see above)."""
    while (bridge := _first_bridge(hidden)) is not None:
        hidden.add(_partner(grid, hidden, bridge))


def _side(hidden: set[Entry], start: tuple[str, int], without: Entry) -> set[tuple[str, int]]:
    """The row and column nodes reachable from ``start`` over hidden values other than ``without``."""
    seen, todo = {start}, [start]
    while todo:
        kind, index = todo.pop()
        for r, c in hidden:
            if (r, c) == without:
                continue
            if kind == "r" and r == index and ("c", c) not in seen:
                seen.add(("c", c))
                todo.append(("c", c))
            elif kind == "c" and c == index and ("r", r) not in seen:
                seen.add(("r", r))
                todo.append(("r", r))
    return seen


def _first_bridge(hidden: set[Entry]) -> Entry | None:
    """A hidden value on no cycle of hidden values (it could be worked out), or None."""
    for entry in sorted(hidden):
        if ("c", entry[1]) not in _side(hidden, ("r", entry[0]), entry):
            return entry
    return None


def _partner(grid: list[list[int]], hidden: set[Entry], bridge: Entry) -> Entry:
    """The value to hide next so that ``bridge`` joins a cycle: one linking its two sides, else
    (when the sides have nothing to link) another value of its lone row or column. Preferred: a
    non-zero value (a hidden zero beside a small count would bound it as tightly as showing it),
    then one whose row and column already hold hidden values (it opens no new line to protect),
    then the smallest, and cells before totals of the same size."""
    rows, cols = len(grid), len(grid[0])
    left, right = _side(hidden, ("r", bridge[0]), bridge), _side(hidden, ("c", bridge[1]), bridge)
    linking = [(r, c) for r in range(rows) for c in range(cols) if (r, c) not in hidden
               and ((("r", r) in left and ("c", c) in right) or (("r", r) in right and ("c", c) in left))]
    # Nothing links the sides only when one of them is the bridge's own row or column alone: that
    # line holds no other hidden value, so the next one comes from it (from either when both are).
    lone_row, lone_col = len(left) == 1, len(right) == 1
    candidates = linking or [(r, c) for r in range(rows) for c in range(cols) if (r, c) not in hidden
                             and ((lone_row and r == bridge[0]) or (lone_col and c == bridge[1]))]

    touched_rows, touched_cols = {r for r, _ in hidden}, {c for _, c in hidden}

    def cost(entry: Entry) -> tuple[Any, ...]:
        value = grid[entry[0]][entry[1]]
        opened = (entry[0] not in touched_rows) + (entry[1] not in touched_cols)
        return (value == 0, opened, abs(value), entry[0] == rows - 1 or entry[1] == cols - 1, entry)

    return min(candidates, key=cost)
