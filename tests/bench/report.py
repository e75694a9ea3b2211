"""Summaries of the runs and the RESULTS.md they are written to."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from tests.bench.load import Result, percentile

PACKAGES = ["starlette", "uvicorn", "uvloop", "httptools", "jinja2", "tortoise-orm", "aiosqlite"]


@dataclass
class Summary:
    """Every round of one page pooled: median rate, the rounds' spread, pooled percentiles."""

    results: list[Result] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)
    client_cpu: list[float] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.results.append(result)
        if result.probes:
            (server0, client0), (server1, client1) = result.probes
            wall = result.duration or 1e-9
            self.server_cpu.append((server1 - server0) / wall)
            self.client_cpu.append((client1 - client0) / wall)

    @property
    def rates(self) -> list[float]:
        return [r.rps for r in self.results]

    @property
    def rps(self) -> float:
        return statistics.median(self.rates) if self.results else 0.0

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.results)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results) + sum(r.stalled for r in self.results)

    def latency_ms(self, p: float) -> float:
        values = sorted(v for r in self.results for v in r.latencies)
        return percentile(values, p) * 1000

    def spread(self) -> str:
        return f"{min(self.rates):,.0f}–{max(self.rates):,.0f}" if self.results else "—"


def _cpu(values: list[float]) -> str:
    return f"{statistics.median(values):.0%}" if values else "—"


def _latencies(s: Summary) -> list[str]:
    return [f"{s.latency_ms(p):.1f}" for p in (50, 95, 99)]


def yardstick_table(rows: list[tuple[str, str, Summary]]) -> list[str]:
    out = [
        "| Endpoint | Path | req/s | rounds' req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU | client CPU | requests | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, path, s in rows:
        out.append(" | ".join([
            f"| {label}", f"`{path}`", f"{s.rps:,.0f}", s.spread(), *_latencies(s),
            _cpu(s.server_cpu), _cpu(s.client_cpu), f"{s.requests:,}", f"{s.errors} |",
        ]))
    return out


#: The memory goal: a worker's peak resident set, in MiB.
MEMORY_GOAL_MIB = 200

#: The tail goal: a page's p99 latency at most this many times its p50.
TAIL_GOAL = 4.0


def tail_ok(s: Summary) -> bool:
    return s.latency_ms(99) <= TAIL_GOAL * s.latency_ms(50)


def area_table(rows: list[tuple[str, str, str, Summary, str]], yardstick: Summary) -> list[str]:
    """One row per page: rate against the yardstick, latencies with the p99 ≤ 4 × p50 goal, queries."""
    out = [
        "| Page | Path | Viewer | req/s | × fortunes | rounds' req/s | p50 ms | p95 ms | p99 ms "
        f"| p99 ≤ {TAIL_GOAL:g}×p50 | queries | server CPU | requests | errors |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|--:|--:|",
    ]
    for label, path, viewer, s, queries in rows:
        ratio = s.rps / yardstick.rps if yardstick.rps else float("nan")
        tail = "—" if not s.requests else f"yes ({s.latency_ms(99) / s.latency_ms(50):.1f}×)" if tail_ok(s) \
            else f"**no** ({s.latency_ms(99) / s.latency_ms(50):.1f}×)"
        out.append(" | ".join([
            f"| {label}", f"`{path}`", viewer, f"{s.rps:,.0f}", f"{ratio:.2f}", s.spread(),
            *_latencies(s), tail, queries, _cpu(s.server_cpu), f"{s.requests:,}", f"{s.errors} |",
        ]))
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(os.cpu_count())


def git_revision(root: Path) -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev} (with uncommitted changes)" if dirty else rev


def machine_lines(root: Path, load_before: tuple[float, float, float],
                  peak_mib: float | None = None) -> list[str]:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPUs (`nproc`): {nproc()}",
        f"- CPU model: {cpu_model()}",
        f"- Python: {platform.python_implementation()} {sys.version.split()[0]} "
        f"on {platform.system()} {platform.release()}",
        f"- Packages: {', '.join(versions)}",
        f"- jurycourt revision: {git_revision(root)}",
        "- Load average before the run (1, 5, 15 min): "
        + ", ".join(f"{v:.2f}" for v in load_before),
        *([f"- jurycourt server's peak memory (VmHWM of its process after the run): **{peak_mib:.0f} MiB** "
           f"(goal < {MEMORY_GOAL_MIB} MiB per worker: {'met' if peak_mib < MEMORY_GOAL_MIB else 'NOT met'})"]
          if peak_mib is not None else []),
    ]
