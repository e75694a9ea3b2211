"""What juries see of the program's past: the spread of its dispositions for an offence category.

Computed once per quarter from every case disposed of before the quarter closed, and frozen, so
two views can never be subtracted to reveal one case. A category is shown only once it has at
least ``MIN_CASES`` past cases, and every count in it follows the public figures' suppression
(``domain.disclosure``): per kind of sanction, how many cases received it, and for the kinds with a
size, how many fell in each band of sizes. Juries remain free to decide: it is context, not a tariff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jurycourt.domain.disclosure import is_sensitive, suppress

MIN_CASES = 20
#: Size bands (lowest value of each band) of the kinds that have a size.
BANDS: dict[str, tuple[int, ...]] = {"community_service": (1, 11, 21, 41), "jury_duty": (1, 4, 7, 10)}


@dataclass(frozen=True)
class PastCase:
    offence_category: str
    sanctions: tuple[tuple[str, int | None], ...]  # (kind, size)


def band_labels(kind: str) -> list[str]:
    """"1–10", "11–20", …, "41+" for a kind's bands."""
    lows = BANDS[kind]
    return [f"{low}–{lows[i + 1] - 1}" if i + 1 < len(lows) else f"{low}+" for i, low in enumerate(lows)]


def _band(kind: str, size: int) -> int:
    return max(i for i, low in enumerate(BANDS[kind]) if size >= low)


def spread(cases: Iterable[PastCase]) -> dict[str, Any]:
    """For each category with at least MIN_CASES cases: its number of cases, and per kind of
    sanction the cases that received it (hidden, None, when 1 to 4) with, for sized kinds, the
    cases per band of sizes (one suppressed table per kind)."""
    by_category: dict[str, list[PastCase]] = {}
    for case in cases:
        by_category.setdefault(case.offence_category, []).append(case)
    result: dict[str, Any] = {}
    for category, past in sorted(by_category.items()):
        if len(past) < MIN_CASES:
            continue
        kinds = sorted({kind for case in past for kind, _size in case.sanctions})
        received = [sum(1 for case in past if any(k == kind for k, _s in case.sanctions)) for kind in kinds]
        rows = []
        for i, kind in enumerate(kinds):
            bands = None
            if kind in BANDS:
                counts = [0] * len(BANDS[kind])
                for case in past:
                    sizes = [s for k, s in case.sanctions if k == kind and s]
                    if sizes:
                        counts[_band(kind, max(sizes))] += 1
                bands = suppress([counts]).cells[0]
            # A case may receive several kinds, so the kinds' counts add up to nothing: each is hidden on its own.
            rows.append({"kind": kind, "cases": None if is_sensitive(received[i]) else received[i], "bands": bands})
        result[category] = {"cases": len(past), "kinds": rows}
    return result
