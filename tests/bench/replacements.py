"""Benchmark: draw 40 (and 10 reserves) from 2,000 volunteers, then replace 4 members who drop out.

The draw is the real one (jurycourt.sortition.draw.run_draw, as the draw worker runs it); each replacement
is ``domain.citizens_assembly.choose_replacement`` as the coordinator's click runs it, then the record's
replacements are replayed as the verifier does. A fifth replacement with no reserve left measures the
lottery among the volunteers not selected. Reported, never asserted.

Run: `PYTHONHASHSEED=0 python -m tests.bench.replacements [--algorithm nash] [--pool 2000] [--size 40]`.
"""

from __future__ import annotations

import argparse
import random
import time

from jurycourt.domain import citizens_assembly as assembly
from jurycourt.domain import citizens_panels as rules
from tests.bench.sortition import CATEGORIES, pool, quotas


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--pool", type=int, default=2000)
    args.add_argument("--size", type=int, default=40)
    args.add_argument("--reserves", type=int, default=10)
    args.add_argument("--algorithm", default="nash", choices=rules.ALGORITHMS)
    options = args.parse_args(argv)
    members = [rules.PoolMember(f"V-{m.ref:012x}", m.values, m.household)
               for m in pool(options.pool, random.Random(2026))]
    inputs = rules.draw_inputs(options.size, options.reserves, options.algorithm, CATEGORIES,
                               quotas(options.size), members)
    commitment = rules.commitment_hash(inputs)
    started = time.perf_counter()
    from jurycourt.sortition.draw import run_draw

    result = run_draw(inputs, rules.derive_seed(commitment, "bench"), lambda percent, message: None)
    drawn = time.perf_counter()
    panel, gone, done = list(result["selected"]), [], []
    for leaves in random.Random(4).sample(panel, 4):
        chosen = assembly.choose_replacement(inputs, panel, result["reserves"], gone, leaves, commitment, "bench",
                                             len(done) + 1)
        panel = [chosen.joins if ref == leaves else ref for ref in panel]
        gone.append(leaves)
        done.append(chosen)
    replaced = time.perf_counter()
    record = {"inputs": inputs, "commitment": commitment, "announced": "bench", "result": result,
              "replacements": [r.as_record() for r in done]}
    ok, problems = assembly.replay_problems(record)
    replayed = time.perf_counter()
    by_lot = assembly.choose_replacement(inputs, panel, [], gone, panel[0], commitment, "bench", 5)
    lot = time.perf_counter()
    print(f"draw of {options.size} (+{len(result['reserves'])} reserves) from {options.pool}, {options.algorithm}: "
          f"{drawn - started:.1f} s")
    print(f"4 replacements ({', '.join(r.source for r in done)}): {(replaced - drawn) * 1000:.1f} ms; "
          f"replayed by the verifier's rule: {(replayed - replaced) * 1000:.1f} ms ({len(ok)} ok, "
          f"{len(problems)} problems)")
    print(f"a replacement by lot with no reserve left ({by_lot.candidates} candidates): "
          f"{(lot - replayed) * 1000:.1f} ms")
    print(f"total, draw and 4 replacements: {replaced - started:.1f} s")


if __name__ == "__main__":
    main()
