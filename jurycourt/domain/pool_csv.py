"""Reading a recruitment pool from a CSV file: every row is checked, and a file with any error imports nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from jurycourt.domain.citizens_panels import Category, canonical_value, household_key
from jurycourt.domain.errors import Refused
from jurycourt.domain.text import clean_text
from jurycourt.i18n import _

MAX_ROWS = 5000
REQUIRED = ("reference", "name", "address")


@dataclass(frozen=True)
class PoolRow:
    line: int
    reference: str
    name: str
    contact: str
    household: str
    values: dict[str, str]


@dataclass
class PoolFile:
    rows: list[PoolRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> str:
    """The file's text: UTF-8 with or without a byte-order mark. Any other encoding is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(
            (_("The file is not UTF-8 text (the byte at position %(start)s is not valid UTF-8). Save it from "
               "your spreadsheet as “CSV UTF-8” and import it again.") % {"start": exc.start}), "file",
        ) from exc


def read_pool_csv(data: bytes, categories: list[Category], existing_references: set[str], key: str) -> PoolFile:
    """Check every row of a pool file: the required columns and one per category, a value for each, known
    category values, no reference twice (in the file or already in the pool). Lines count from the header (1).
    """
    text = decode(data)
    if not text.strip():
        raise Refused(_("The file is empty."), "file")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    lowered = [h.lower() for h in header]
    missing = [c for c in (*REQUIRED, *(c.name.lower() for c in categories)) if c not in lowered]
    if missing:
        names = {c.name.lower(): c.name for c in categories}
        raise Refused(_("The file lacks the columns: %(missing)s. The first line must name the columns: "
                        "%(expected)s.") % {"missing": ", ".join(names.get(m, m) for m in missing),
                                            "expected": ", ".join(expected_columns(categories))},
                      "file")
    index = {name: lowered.index(name) for name in lowered}
    result, seen = PoolFile(), set(existing_references)
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if line > MAX_ROWS + 1:
            raise Refused(_("A pool file has at most %(max_rows)s rows.") % {"max_rows": MAX_ROWS}, "file")
        if len(cells) != len(header):
            result.errors.append((line, (_("has %(num_cells)s fields, the header has %(num_headers)s.")
                                         % {"num_cells": len(cells), "num_headers": len(header)})))
            continue
        _read_row(result, line, cells, index, categories, seen, key)
    if not result.rows and not result.errors:
        raise Refused(_("The file has a header but no volunteers."), "file")
    return result


def _read_row(result: PoolFile, line: int, cells: list[str], index: dict[str, int], categories: list[Category],
              seen: set[str], key: str) -> None:
    unclean: list[str] = []

    def cell(name: str) -> str:
        if name not in index:
            return ""
        cleaned = clean_text(cells[index[name]])  # the same cleaner as every form's text
        if cleaned.problem and name not in unclean:
            unclean.append(name)
        return " ".join(cleaned.text.split())

    problems: list[str] = [_("%(name)s is empty.") % {"name": name} for name in REQUIRED if not cell(name)]
    reference = cell("reference")
    if reference and reference.lower() in seen:
        problems.append(_("the reference “%(reference)s” appears twice.") % {"reference": reference})
    if len(reference) > 40 or len(cell("name")) > 120 or len(cell("contact")) > 160 or len(cell("address")) > 300:
        problems.append(_("a field is too long (reference 40, name 120, contact 160, address 300 characters)."))
    values: dict[str, str] = {}
    for category in categories:
        raw = cell(category.name.lower())
        value = canonical_value(category, raw)
        if value is None:
            problems.append((_("%(name)s “%(raw)s” is not one of: %(category)s.")
                             % {"name": category.name, "raw": raw, "category": ', '.join(category.values)})
                            if raw else _("%(name)s is empty.") % {"name": category.name})
        else:
            values[category.name] = value
    problems += [(_("%(name)s has a NUL or invisible characters that change the direction it reads in: remove "
                    "them.") % {"name": name})
                 for name in unclean]
    if problems:
        result.errors.extend((line, p) for p in problems)
        return
    seen.add(reference.lower())
    result.rows.append(PoolRow(line, reference, cell("name"), cell("contact"), household_key(cell("address"), key),
                               values))


def expected_columns(categories: list[Category]) -> list[str]:
    return ["reference", "name", "contact", "address", *(c.name for c in categories)]
