"""Benchmark: a citizens' panel draw of 40 from 2,000 volunteers over 4 categories (target under 60 s).

Runs the real draw (jurycourt.sortition_draw.run_draw: the panel with the library's maximin or nash on
HiGHS, then the reserves) in this process, as the draw worker does, printing the progress the worker
would store as it comes. Reported, never asserted.

Run alone: `PYTHONHASHSEED=0 python -m tests.bench.sortition [--algorithm nash] [--pool 2000] [--size 40]`.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from jurycourt.domain import citizens_panels as rules

CATEGORIES = [rules.Category("Age band", ("16-24", "25-34", "35-44", "45-54", "55-64", "65+")),
              rules.Category("Gender", ("Woman", "Man", "Another gender")),
              rules.Category("Neighbourhood", ("North", "South", "East", "West", "Centre")),
              rules.Category("Housing", ("Owner", "Renter", "Social housing"))]
SHARES = {"Age band": [14, 17, 16, 17, 16, 20], "Gender": [50, 48, 2], "Neighbourhood": [20, 20, 20, 20, 20],
          "Housing": [55, 30, 15]}


def pool(n: int, rng: random.Random) -> list[rules.PoolMember]:
    """A made-up pool: one in ten volunteers shares a household with the one before."""
    members, home = [], 0
    for i in range(1, n + 1):
        if rng.random() > 0.1:
            home += 1
        values = {c.name: rng.choices(c.values, SHARES[c.name])[0] for c in CATEGORIES}
        members.append(rules.PoolMember(i, values, f"home{home}"))
    return members


def quotas(size: int) -> list[rules.Quota]:
    """Each value within ±20 % of its share of the panel (at least 0..1 for small shares)."""
    result = []
    for c in CATEGORIES:
        for value, share in zip(c.values, SHARES[c.name], strict=True):
            target = size * share / 100
            result.append(rules.Quota(c.name, value, math.floor(target * 0.8), max(1, math.ceil(target * 1.2))))
    return result


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--pool", type=int, default=2000)
    args.add_argument("--size", type=int, default=40)
    args.add_argument("--reserves", type=int, default=10)
    args.add_argument("--algorithm", default="maximin", choices=rules.ALGORITHMS)
    options = args.parse_args(argv)
    members = pool(options.pool, random.Random(2026))
    inputs = rules.draw_inputs(options.size, options.reserves, options.algorithm, CATEGORIES,
                               quotas(options.size), members)
    started = time.perf_counter()
    from jurycourt.sortition_draw import run_draw  # counted: the worker imports it too

    last = [-1]

    def progress(percent: int, message: str) -> None:
        if percent != last[0]:
            last[0] = percent
            print(f"{time.perf_counter() - started:7.1f} s {percent:3d}% {message}", flush=True)

    result = run_draw(inputs, rules.derive_seed(rules.commitment_hash(inputs), "bench"), progress)
    elapsed = time.perf_counter() - started
    print(f"draw of {options.size} (+{len(result['reserves'])} reserves) from {options.pool} volunteers, "
          f"{len(CATEGORIES)} categories, {options.algorithm}: {elapsed:.1f} s (target under 60 s)")
    print("versions:", ", ".join(f"{k} {v}" for k, v in result["versions"].items()))


if __name__ == "__main__":
    main()
