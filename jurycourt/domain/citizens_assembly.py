"""A citizens' panel after its draw: confirmation calls, replacing a member who drops out, and the exact seed
formulas the public page states.

A replacement comes from the ranked reserves when one keeps every quota (the first such, in rank order),
else from a lottery among the volunteers not selected who keep every quota, from households not already on
the panel. For one seat that lottery is uniform: every such volunteer is equally likely, which is what the
selection library's fair algorithms (maximin, nash) give for a panel of one, so it needs no solver and
anyone can replay it from the published record with a few lines of Python. Pure rules: no database, no web.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jurycourt.domain.disclosure import suppress
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _


class CallOutcome(StrEnum):
    CALLED = "called"  # reached, not decided yet
    NO_ANSWER = "no_answer"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"called": _("Called, not decided yet"), "no_answer": _("No answer"),
                "confirmed": _("Confirmed"), "declined": _("Declined")}[self.value]


# ---------------------------------------------------------------- the seed formulas, exactly as computed

#: The draw's seed, as a Python expression the public page prints with the values filled in.
SEED_FORMULA = 'int(hashlib.sha256({text}.encode("utf-8")).hexdigest()[:15], 16) or 1'


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def seed_text(commitment: str, announced: str, number: int | None = None) -> str:
    """What is hashed: ``commitment:announced`` for the draw, ``commitment:announced:replacement N`` for the
    N-th replacement drawn by lot."""
    base = f"{commitment}:{announced}"
    return base if number is None else f"{base}:replacement {number}"


def seed_expression(commitment: str, announced: str, number: int | None = None) -> str:
    """The formula with this panel's values in it: paste it into Python (after ``import hashlib``)."""
    return SEED_FORMULA.format(text=_literal(seed_text(commitment, announced, number)))


def seed_of(commitment: str, announced: str, number: int | None = None) -> int:
    """The seed the formula gives (``derive_seed`` computes the draw's own the same way)."""
    digest = hashlib.sha256(seed_text(commitment, announced, number).encode("utf-8")).hexdigest()
    return int(digest[:15], 16) or 1


# ---------------------------------------------------------------- quotas of a panel after a drop-out

Pool = dict[str, tuple[dict[str, str], int]]  # draw reference → (category values, household number)


def pool_of(inputs: dict[str, Any]) -> Pool:
    """The published inputs' pool by reference."""
    return {str(ref): (values, int(home)) for ref, values, home in inputs["pool"]}


def _counts(values: Iterable[dict[str, str]]) -> Counter[tuple[str, str]]:
    return Counter((category, value) for member in values for category, value in member.items())


def keeps_quotas(members: Iterable[dict[str, str]], quotas: Sequence[Sequence[Any]]) -> bool:
    """Whether a panel with these members' values meets every quota ``[category, value, min, max]``."""
    counts = _counts(members)
    return all(int(low) <= counts[(category, value)] <= int(high) for category, value, low, high in quotas)


@dataclass(frozen=True)
class Replacement:
    number: int
    leaves: str
    joins: str
    source: str  # "reserve" or "draw"
    reserve_rank: int | None = None
    seed: str = ""
    candidates: int = 0

    @property
    def from_reserve(self) -> bool:
        return self.source == "reserve"

    def as_record(self) -> dict[str, Any]:
        return {"number": self.number, "leaves": self.leaves, "joins": self.joins, "from": self.source,
                "reserve_rank": self.reserve_rank, "seed": self.seed, "candidates": self.candidates}


def choose_replacement(inputs: dict[str, Any], panel: Sequence[str], ranked_reserves: Sequence[str],
                       gone: Iterable[str], leaves: str, commitment: str, announced: str,
                       number: int) -> Replacement:
    """Who takes the seat of ``leaves`` (a member of ``panel``), as the rule above says.

    ``ranked_reserves``: every reserve of the draw in rank order (a reserve already seated or gone is
    skipped); ``gone``: everyone who has left the panel before. Raises Refused, in words, when no volunteer
    left can take the seat and keep every quota.
    """
    pool, quotas = pool_of(inputs), inputs["quotas"]
    if leaves not in panel:
        raise Refused(_("Only a member of the panel can be replaced."))
    remaining = [ref for ref in panel if ref != leaves]
    unavailable = {*panel, *gone}
    homes = {pool[ref][1] for ref in remaining}

    counts = _counts(pool[ref][0] for ref in remaining)  # once: each candidate adds one person to them

    def fits(ref: str) -> bool:
        values, home = pool[ref]
        return ref not in unavailable and home not in homes and all(
            int(low) <= counts[(category, value)] + (values.get(category) == value) <= int(high)
            for category, value, low, high in quotas)

    for rank, ref in enumerate(ranked_reserves, start=1):
        if fits(str(ref)):
            return Replacement(number, leaves, str(ref), "reserve", reserve_rank=rank)
    candidates = sorted(ref for ref in pool if fits(ref))
    if not candidates:
        raise Refused(why_no_replacement(inputs, remaining, unavailable))
    seed = seed_of(commitment, announced, number)
    joins = candidates[random.Random(seed).randrange(len(candidates))]  # noqa: S311 - reproducible, public
    return Replacement(number, leaves, joins, "draw", seed=str(seed), candidates=len(candidates))


def why_no_replacement(inputs: dict[str, Any], remaining: Sequence[str], unavailable: set[str]) -> str:
    """Why no volunteer can take a seat, in words: what the quotas ask of the one person joining, and how
    many volunteers are left to ask."""
    pool, quotas = pool_of(inputs), inputs["quotas"]
    counts = _counts(pool[ref][0] for ref in remaining)
    needs = [f"{category} “{value}”" for category, value, low, _high in quotas if counts[(category, value)] < int(low)]
    full = [f"{category} “{value}”" for category, value, _low, high in quotas
            if counts[(category, value)] >= int(high)]
    homes = {pool[ref][1] for ref in remaining}
    left = [ref for ref in pool if ref not in unavailable and pool[ref][1] not in homes]
    words = [_("No volunteer can take this seat and keep every quota.")]
    if needs:
        words.append(_("To keep the minimums, the person joining must have: %(values)s.")
                     % {"values": ", ".join(needs)})
    if full:
        words.append(_("These values are at their maximum, so the person joining cannot have them: %(values)s.")
                     % {"values": ", ".join(full)})
    words.append(_("%(left)s volunteers are left who are not on the panel, have not left it and live in a "
                   "household not already on it; none of them fits.") % {"left": len(left)})
    return " ".join(words)


# ---------------------------------------------------------------- replaying the record's replacements


def replay_problems(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Replay the record's replacements from its draw result: (what checks out, what does not)."""
    inputs, result = record["inputs"], record["result"]
    panel = [str(r) for r in result.get("selected", [])]
    reserves = [str(r) for r in result.get("reserves", [])]
    gone: list[str] = []
    ok: list[str] = []
    problems: list[str] = []
    for n, entry in enumerate(record.get("replacements", []), start=1):
        try:
            again = choose_replacement(inputs, panel, reserves, gone, str(entry.get("leaves")),
                                       str(record.get("commitment")), str(record.get("announced")), n)
        except Refused as refusal:
            problems.append(f"replacement {n}: {refusal.message}")  # i18n: internal (the verifier's report)
            break
        if again.as_record() != entry:
            problems.append(f"replacement {n}: the rule gives {again.joins} ({again.source}), the record says "
                            f"{entry.get('joins')} ({entry.get('from')})")
            break
        ok.append(f"replacement {n}: {again.joins} takes the seat of {again.leaves} ({again.source})")
        panel = [again.joins if ref == again.leaves else ref for ref in panel]
        gone.append(again.leaves)
    return ok, problems


def panel_after(record: dict[str, Any]) -> list[str]:
    """The panel's references after the record's replacements."""
    panel = [str(r) for r in record["result"].get("selected", [])]
    for entry in record.get("replacements", []):
        panel = [str(entry["joins"]) if ref == str(entry["leaves"]) else ref for ref in panel]
    return panel


# ---------------------------------------------------------------- the transparency report


@dataclass(frozen=True)
class ReportRow:
    category: str
    value: str
    target: str  # "2–4": the quota
    pool: int | None  # None: hidden (1 to 4 people, or would reveal one that is)
    panel: int | None


def demographics(inputs: dict[str, Any], panel: Sequence[str]) -> list[ReportRow]:
    """Per category value: its target (the quota), the volunteers in the pool and the members on the panel
    (after replacements), each category's table suppressed like the public figures (``domain.disclosure``)."""
    pool = pool_of(inputs)
    quotas = {(str(c), str(v)): (int(lo), int(hi)) for c, v, lo, hi in inputs["quotas"]}
    in_pool = _counts(values for values, _home in pool.values())
    on_panel = _counts(pool[ref][0] for ref in panel if ref in pool)
    rows: list[ReportRow] = []
    for category in inputs["categories"]:
        name, values = str(category["name"]), [str(v) for v in category["values"]]
        # Each column adds up to a published total (the pool's size, the panel's): suppressed on its own.
        pool_column = suppress([[in_pool[(name, v)]] for v in values]).cells
        panel_column = suppress([[on_panel[(name, v)]] for v in values]).cells
        for value, (pool_n,), (panel_n,) in zip(values, pool_column, panel_column, strict=True):
            low, high = quotas.get((name, value), (0, len(panel)))
            rows.append(ReportRow(name, value, f"{low}–{high}" if low != high else str(low), pool_n, panel_n))
    return rows


def hidden_counts(counts: dict[str, int]) -> dict[str, int | None]:
    """Counts of people that add up to a published total, for the report's sentences: 1 to 4 hidden (None),
    and more when one hidden count could be worked out from the total, as in every public table."""
    keys = list(counts)
    shown = suppress([[counts[key] for key in keys]]).cells[0]
    return dict(zip(keys, shown, strict=True))
