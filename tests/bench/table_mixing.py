"""How well the discussion tables mix members, against random tables of the same sizes.

Run: ``.venv/bin/python -m tests.bench.table_mixing`` (40 members, 6 sessions, tables of at most 7, seeds 0..39).
"""

from __future__ import annotations

from statistics import mean

from tests.domain.test_assembly_tables import mixing


def main(seeds: int = 40) -> None:
    figures = [mixing(seed) for seed in range(seeds)]
    ours, chance = mean(f[0] for f in figures), mean(f[1] for f in figures)
    print(f"repeated pairs over 6 sessions, 40 members, mean of {seeds} seeds: "
          f"allocation {ours:.1f}, random {chance:.1f} ({100 * (1 - ours / chance):.0f}% fewer)")


if __name__ == "__main__":
    main()
