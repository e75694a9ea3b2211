"""Benchmark: a citizens' panel draw of 40 from 2,000 volunteers over 4 categories (target under 60 s).

Runs the real draw (jurycourt.sortition.draw.run_draw: the panel with the library's maximin or nash on
HiGHS, then the reserves) in this process, as the draw worker does, printing the progress the worker
would store as it comes. Reported, never asserted. ``make bench`` measures both algorithms.

Run alone: `PYTHONHASHSEED=0 python -m tests.bench.sortition [--algorithm nash] [--pool 2000] [--size 40]`.
`make bench` calls ``run()``, which runs it in a child process (as the worker would) for at most
``LIMIT_S`` seconds and reports how far it got when it does not finish.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

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
    from jurycourt.sortition.draw import run_draw  # counted: the worker imports it too

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


LIMIT_S = 600
GOAL_S = 60


@dataclass
class DrawBench:
    algorithm: str
    finished: bool
    seconds: float
    last: str
    milestones: list[str] = field(default_factory=list)  # "12.3 s 10% …" the first time each tenth is passed


def run(limit_s: float = LIMIT_S, algorithm: str = "maximin") -> DrawBench:
    """The default benchmark (40 from 2,000) in a child process, stopped after ``limit_s`` seconds."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    child = subprocess.Popen([sys.executable, "-m", "tests.bench.sortition", "--algorithm", algorithm],  # noqa: S603
                             env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    started = time.perf_counter()
    reader.start()
    reader.join(limit_s)
    finished = not reader.is_alive() and child.wait() == 0
    if not finished:
        child.kill()
        child.wait()
    progress = [ln.strip() for ln in lines if re.match(r"\s*[\d.]+ s +\d+%", ln)]
    milestones, tenth = [], -1
    for line in progress:
        percent = int(line.split("%")[0].split()[-1])
        if percent // 10 > tenth:
            tenth = percent // 10
            milestones.append(line)
    done = [ln for ln in lines if ln.startswith("draw of")]
    seconds = float(re.search(r": ([\d.]+) s", done[0])[1]) if done else time.perf_counter() - started
    return DrawBench(algorithm, bool(done), seconds, progress[-1] if progress else "", milestones)


def markdown(results: list[DrawBench]) -> str:
    rows, progress = [], []
    for result in results:
        verdict = ("met" if result.seconds < GOAL_S else "NOT met") if result.finished else "NOT met"
        time_text = f"{result.seconds:.1f} s" if result.finished else f"did not finish in {result.seconds:.0f} s"
        rows.append(f"| whole draw, {result.algorithm} | {time_text} | < {GOAL_S} s ({verdict}) |\n"
                    f"| last progress, {result.algorithm} | {result.last or '—'} | shown throughout |\n")
        progress.append(f"Progress with {result.algorithm} as the page shows it (first report past each tenth):\n\n"
                        + "".join(f"- {m}\n" for m in result.milestones) + "\n")
    return (
        "## Citizens' panel draw\n\n"
        "A draw of 40 (and 10 ranked reserves) from 2,000 made-up volunteers over 4 categories (18 values, "
        "quotas ±20 % of each share, one person per household), with the library's nash and maximin on HiGHS, "
        "as the draw worker runs it (`PYTHONHASHSEED=0 python -m tests.bench.sortition --algorithm nash`).\n\n"
        "| measure | value | goal |\n|---|---|---|\n" + "".join(rows) + "\n" + "".join(progress)
    )


if __name__ == "__main__":
    main()
