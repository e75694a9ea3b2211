"""Scaling out on PostgreSQL (`python -m tests.bench.run --postgres`): 1, 2 and 4 workers.

Creates a database for the run on the PostgreSQL server at BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres, a role that may create databases), builds it by the
migrations, ``seed-demo`` and tests/bench/scale.py's same SQL (``build_postgres``: everything but
the publications), then serves it with ``jurycourt serve`` and JURYCOURT_WORKERS=1, 2 and 4 in
turn and loads a few pages on each, and measures the delay of a live update between two server
processes on one database (tests/bench/jury_room.py). The database is dropped at the end, and the
section "Scaling out on PostgreSQL" of RESULTS.md is replaced.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from tests.bench import jury_room, report, scale, servers
from tests.bench.report import Summary

WORKERS = (1, 2, 4)
TITLE = "Scaling out on PostgreSQL"


def admin_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _url(name: str) -> str:
    return urlunsplit(urlsplit(admin_url())._replace(path="/" + name))


async def _admin(statement: str) -> None:
    conn = await asyncpg.connect(admin_url().replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@contextlib.contextmanager
def database():
    """A database of its own for the run (its URL), dropped afterwards whatever happens."""
    name = f"jurycourt_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _url(name)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run(opts: argparse.Namespace) -> None:
    from tests.bench.run import (
        PLAINTEXT,
        YARDSTICK,
        Page,
        check,
        cookies_for,
        headers_for,
        measure,
        prepare_databases,
        say,
        server_env,
        start_counting,
    )

    load_before = os.getloadavg()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jurycourt-bench-pg-")))
        url = stack.enter_context(database())
        env = {**server_env(workdir), "JURYCOURT_DATABASE_URL": url}
        say(f"preparing {url.rsplit('/', 1)[1]} on PostgreSQL")
        prepare_databases(env)
        say(f"building the {opts.pg_scale} scale on PostgreSQL")
        built = scale.build_postgres(url.replace("postgres://", "postgresql://", 1), opts.pg_scale)
        say(f"built in {built.total_seconds:.1f} s")
        rooms = dict(pair.split(":") for pair in jury_room._module(env, "seed").split())
        room = rooms[str(max(jury_room.SIZES))]
        pages = [
            Page("Coordinator dashboard", "/me", viewer="coordinator"),
            Page("Calendar, month", "/calendar?view=month", viewer="coordinator"),
            Page("A member's statement", f"/people/{built.member_person_id}/credits", viewer="coordinator"),
            Page("Jury room live poll (304)", f"/room/{room}/live", viewer=jury_room.VIEWER,
                 headers=jury_room.HTMX_HEADERS, revalidate=True),
            Page("Findings index (the demo's publications)", "/findings"),
        ]
        yard = servers.start("fortunes", "tests.bench.fortunes:create_app", factory=True,
                             env=env, workdir=workdir, ready_path="/plaintext")
        stack.callback(yard.stop)
        fortunes = Summary()
        check(yard.base_url, YARDSTICK, {})
        fortunes.add(measure(yard, YARDSTICK, {}, opts))
        plaintext = Summary()
        plaintext.add(measure(yard, PLAINTEXT, {}, opts))
        yard.stop()
        rates: dict[tuple[str, int], Summary] = {}
        queries: dict[str, str] = {}
        memory: dict[int, float] = {}
        counting = start_counting(env, workdir)
        stack.callback(counting.stop)
        for workers in WORKERS:
            say(f"jurycourt serve with {workers} worker(s)")
            app = servers.start_serve(f"jurycourt-{workers}", workers, env=env, workdir=workdir)
            try:
                for page in pages:
                    cookies = cookies_for(app.base_url, page.viewer)
                    headers = headers_for(app.base_url, page, cookies)
                    queries[page.label] = check(counting.base_url, page, cookies, headers)
                    summary = rates.setdefault((page.label, workers), Summary())
                    summary.add(measure(app, page, cookies, opts, headers))
                    say(f"{workers} worker(s) {page.path}: {summary.rps:,.0f} req/s")
                memory[workers] = app.peak_memory_mib()
            finally:
                app.stop()
        say("the delay of a live update between two server processes on PostgreSQL")
        try:
            delays = json.loads(jury_room._module({**env, "JURYCOURT_TEST_DATABASE_URL": admin_url()}, "delay",
                                                  timeout=600))
            delay = jury_room.delay_markdown(delays)
        except RuntimeError as exc:
            delay = f"The delay across processes was not measured: {str(exc).splitlines()[-1]}"
        section = markdown(opts, built, pages, rates, queries, memory, fortunes, plaintext, delay, load_before)
    write(opts.output, section)
    print(section, flush=True)


def markdown(opts, built: scale.Built, pages, rates: dict[tuple[str, int], Summary], queries: dict[str, str],
             memory: dict[int, float], fortunes: Summary, plaintext: Summary, delay: str,
             load_before: tuple[float, float, float]) -> str:
    head = "| Page | Path | queries | " + " | ".join(f"{n} worker{'s' * (n > 1)} req/s (p50/p99 ms)"
                                                      for n in WORKERS) + f" | {WORKERS[-1]}× / 1× |"
    lines = [
        f"## {TITLE}", "",
        f"*`python -m tests.bench.run --postgres` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, revision "
        f"{report.git_revision(Path(__file__).resolve().parents[2])}, {report.nproc()} CPUs ({report.cpu_model()}), "
        f"load average before {', '.join(f'{x:.2f}' for x in load_before)}; fortunes (SQLite, one process) in the "
        f"same run: {fortunes.rps:,.0f} req/s, plaintext {plaintext.rps:,.0f}.*", "",
        f"`jurycourt serve` (the production command, here in development settings with its access log) with "
        f"JURYCOURT_WORKERS=1, 2 and 4 on one PostgreSQL database built for the run (and dropped after) at the "
        f"**`{opts.pg_scale}`** scale of tests/bench/scale.py without the publications "
        f"({built.counts.get('thread_statement', 0):,} statements, {built.counts.get('ledger_entry', 0):,} ledger "
        f"entries, {built.counts.get('case_file', 0):,} cases, {built.counts.get('hearing', 0):,} sessions; built "
        f"in {built.total_seconds:.1f} s by the same SQL as SQLite's). {opts.connections} connections, "
        f"{opts.warmup:g} s warm-up, {opts.duration:g} s counted, one round per page and worker count.", "",
        head, "|---|---|--:|" + "--:|" * (len(WORKERS) + 1),
    ]
    for page in pages:
        cells = []
        for n in WORKERS:
            s = rates[(page.label, n)]
            cells.append(f"{s.rps:,.0f} ({s.latency_ms(50):.0f}/{s.latency_ms(99):.0f})")
        first, last = rates[(page.label, WORKERS[0])].rps, rates[(page.label, WORKERS[-1])].rps
        growth = f"{last / first:.2f}×" if first else "—"
        lines.append(f"| {page.label} | `{page.path}` | {queries[page.label]} | " + " | ".join(cells)
                     + f" | {growth} |")
    lines += ["", "Peak memory per worker (the largest VmHWM among the server's processes): "
              + ", ".join(f"{n} worker{'s' * (n > 1)} {memory[n]:.0f} MiB" for n in WORKERS)
              + f" (goal < {report.MEMORY_GOAL_MIB} MiB per worker).", "", delay]
    return "\n".join(lines)


def write(output: Path, section: str) -> None:
    text = output.read_text() if output.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^## {re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = section.rstrip() + "\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + block
    output.write_text(text)
