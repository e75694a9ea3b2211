"""Capacity on PostgreSQL (`python -m tests.bench.capacity`): many people at once, mixed.

Not a CI test: a benchmark that writes the section "Capacity on PostgreSQL" of RESULTS.md. It
creates a database for the run on the PostgreSQL server at BENCH_POSTGRES_URL (as
tests/bench/postgres.py does; dropped at the end), builds it by the migrations, ``seed-demo`` and
tests/bench/scale.py (``--scale``, small by default), seeds two jury rooms in deliberation
(tests/bench/jury_room.py), serves it with ``jurycourt serve`` and ``--workers`` worker processes,
and runs ``--users`` simulated people at once for ``--duration`` seconds, each on a keep-alive
connection of their own, sending their next request as soon as the last is answered:

- jurors (``--jurors`` of the users) poll their room's live part as htmx does (with the ETag of the
  last answer: 304 while nothing changed), and post a statement every ``--post-every``-th request
  (303), into the room the others poll (the smaller of the two, which grows through the run), so the
  polls see changes;
- coordinators load their page, the month's calendar and a member's statement in turn;
- visitors load the home page, the findings index, the impact page and the feed in turn.

Reported: throughput, p50/p95/p99 latency and errors (any answer other than 2xx, 303 and 304, and
broken connections; goal 0) per kind of request and overall, and the peak memory (VmHWM) of each
worker process. The machine's load average before and after is printed with them: on a shared
machine the figures say as much about the neighbours as about jurycourt.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx

from tests.bench import jury_room, report, scale, servers
from tests.bench.load import new_event_loop, percentile
from tests.bench.postgres import database

TITLE = "Capacity on PostgreSQL"
RESULTS = Path(__file__).with_name("RESULTS.md")
OK = (200, 201, 204, 303, 304)


def options(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.capacity", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=50, help="simulated people at once (50)")
    p.add_argument("--jurors", type=float, default=0.5, help="share of them who are jurors in a room (0.5)")
    p.add_argument("--coordinators", type=float, default=0.2, help="share who are coordinators (0.2); the rest visit")
    p.add_argument("--post-every", type=int, default=10, help="a juror posts a statement every n-th request (10)")
    p.add_argument("--workers", type=int, default=2, help="jurycourt serve worker processes (2)")
    p.add_argument("--duration", type=float, default=60.0, help="counted seconds (60)")
    p.add_argument("--warmup", type=float, default=5.0, help="uncounted seconds first (5)")
    p.add_argument("--scale", choices=sorted(scale.SCALES), default="small", help="the data (small)")
    p.add_argument("--output", type=Path, default=RESULTS, help="where to write the section")
    return p.parse_args(argv)


def say(message: str) -> None:
    print(f"capacity: {message}", flush=True)


@dataclass
class Step:
    kind: str  # what the row reports it as
    path: str
    form: dict[str, str] | None = None  # POSTed (with the CSRF token) when given
    htmx: bool = False
    revalidate: bool = False  # send the ETag of this path's last answer


@dataclass
class Person:
    cookies: dict[str, str]
    steps: list[Step]
    token: str = ""
    etags: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _request(host: str, port: int, person: Person, step: Step, n: int) -> bytes:
    lines = [f"{'POST' if step.form is not None else 'GET'} {step.path} HTTP/1.1", f"Host: {host}:{port}",
             "User-Agent: jurycourt-capacity", "Accept: text/html,*/*", "Connection: keep-alive",
             "Cookie: " + "; ".join(f"{k}={v}" for k, v in person.cookies.items())]
    if step.htmx:
        lines += ["HX-Request: true", "HX-Request-Type: partial"]
    if step.revalidate and step.path in person.etags:
        lines.append(f"If-None-Match: {person.etags[step.path]}")
    body = b""
    if step.form is not None:
        form = {k: v.replace("{n}", str(n)) for k, v in step.form.items()}
        body = urlencode({"csrf_token": person.token, **form}).encode()
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", ""):
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    return status, headers


async def _person(host: str, port: int, person: Person, count_from: float, deadline: float, tally: Tally,
                  numbers: list[int]) -> None:
    reader = writer = None
    turn = 0
    try:
        while time.perf_counter() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            step = person.steps[turn % len(person.steps)]
            turn += 1
            numbers[0] += 1
            started = time.perf_counter()
            writer.write(_request(host, port, person, step, numbers[0]))
            try:
                status, headers = await _response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError):
                if started >= count_from:
                    tally.errors[step.kind] += 1
                writer.close()
                reader = writer = None
                continue
            finished = time.perf_counter()
            if "etag" in headers:
                person.etags[step.path] = headers["etag"]
            if started >= count_from and finished <= deadline:
                tally.statuses[status] += 1
                if status in OK:
                    tally.latencies[step.kind].append(finished - started)
                else:
                    tally.errors[step.kind] += 1
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def _run(host: str, port: int, people: list[Person], warmup: float, duration: float) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    numbers = [int(time.time() * 1000)]
    await asyncio.gather(*(_person(host, port, p, start + warmup, start + warmup + duration, tally, numbers)
                           for p in people))
    return tally


def _token(base_url: str, path: str, cookies: dict[str, str]) -> str:
    page = httpx.get(base_url + path, cookies=cookies, timeout=60)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError(f"no csrf_token field on {path}")
    return found.group(1)


def people_for(opts: argparse.Namespace, base_url: str, room: str, member: int) -> list[Person]:
    from tests.bench.run import cookies_for

    jurors = round(opts.users * opts.jurors)
    coordinators = round(opts.users * opts.coordinators)
    visitors = opts.users - jurors - coordinators
    juror_cookies, coordinator_cookies = cookies_for(base_url, jury_room.VIEWER), cookies_for(base_url, "coordinator")
    token = _token(base_url, f"/room/{room}", juror_cookies)
    poll = Step("juror: live poll", f"/room/{room}/live", htmx=True, revalidate=True)
    post = Step("juror: statement post (303)", f"/room/{room}/statements",
                form={"body": "A statement from the capacity run ({n})."})
    juror_steps = [poll] * (opts.post_every - 1) + [post]
    coordinator_steps = [Step("coordinator: my page", "/me"), Step("coordinator: calendar", "/calendar?view=month"),
                         Step("coordinator: a member's statement", f"/people/{member}/credits")]
    visitor_steps = [Step("visitor: home", "/"), Step("visitor: findings", "/findings"),
                     Step("visitor: impact", "/impact"), Step("visitor: feed", "/findings/feed.atom")]
    people = []
    for i in range(jurors):  # their turns start at different places, so posts are spread out
        steps = juror_steps[i % len(juror_steps):] + juror_steps[:i % len(juror_steps)]
        people.append(Person(dict(juror_cookies), steps, token))
    for i in range(coordinators):
        people.append(Person(dict(coordinator_cookies), coordinator_steps[i % 3:] + coordinator_steps[:i % 3]))
    for i in range(visitors):
        people.append(Person(cookies_for(base_url, None), visitor_steps[i % 4:] + visitor_steps[:i % 4]))
    return people


def worker_memory(server: servers.Server) -> list[float]:
    """The peak resident set (VmHWM, MiB) of each of the server's worker processes."""
    from tests.bench.servers import _children

    peaks = []
    for pid in _children(server.process.pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return sorted(peaks, reverse=True)[:server_workers(server)] or [server.peak_memory_mib()]


def server_workers(server: servers.Server) -> int:
    return int(server.name.rsplit("-", 1)[1])


def run(opts: argparse.Namespace) -> str:
    from tests.bench.run import prepare_databases, server_env

    load_before = os.getloadavg()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jurycourt-capacity-")))
        url = stack.enter_context(database())
        env = {**server_env(workdir), "JURYCOURT_DATABASE_URL": url}
        say(f"preparing {url.rsplit('/', 1)[1]} on PostgreSQL")
        prepare_databases(env, timeout=1800)  # the migrations alone take minutes on a busy machine
        say(f"building the {opts.scale} scale")
        built = scale.build_postgres(url.replace("postgres://", "postgresql://", 1), opts.scale)
        # The smaller room: the posts make it grow for the whole run.
        room = dict(pair.split(":") for pair in jury_room._module(env, "seed").split())[str(min(jury_room.SIZES))]
        app = servers.start_serve(f"jurycourt-{opts.workers}", opts.workers, env=env, workdir=workdir)
        stack.callback(app.stop)
        people = people_for(opts, app.base_url, room, built.member_person_id)
        say(f"{len(people)} people for {opts.warmup:g} + {opts.duration:g} s on {opts.workers} workers")
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            tally = runner.run(_run(servers.HOST, app.port, people, opts.warmup, opts.duration))
        memory = worker_memory(app)
        load_after = os.getloadavg()
        section = markdown(opts, built, tally, memory, load_before, load_after, len(people))
    opts.output.write_text(_replaced(opts.output.read_text() if opts.output.exists() else "# Benchmarks\n", section))
    return section


def _row(kind: str, latencies: list[float], errors: int, duration: float) -> str:
    values = sorted(latencies)
    ms = [f"{percentile(values, p) * 1000:.1f}" for p in (50, 95, 99)]
    return f"| {kind} | {len(values) / duration:,.1f} | {' | '.join(ms)} | {len(values):,} | {errors} |"


def markdown(opts, built: scale.Built, tally: Tally, memory: list[float], load_before, load_after, users: int) -> str:
    every = [v for values in tally.latencies.values() for v in values]
    errors = sum(tally.errors.values())
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(tally.statuses.items()))
    lines = [
        f"## {TITLE}", "",
        f"*`python -m tests.bench.capacity` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, revision "
        f"{report.git_revision(Path(__file__).resolve().parents[2])}, {report.nproc()} CPUs ({report.cpu_model()}); "
        f"load average before {', '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.2f}' for x in load_after)} (a shared machine: the neighbours' load is in these figures).*",
        "",
        f"`jurycourt serve` with JURYCOURT_WORKERS={opts.workers} on a PostgreSQL database at the `{opts.scale}` "
        f"scale ({built.counts.get('case_file', 0):,} cases, {built.counts.get('thread_statement', 0):,} "
        f"statements), **{users} people at once** for {opts.duration:g} s (after {opts.warmup:g} s of warm-up), "
        f"each on a keep-alive connection, sending the next request as soon as the last is answered: "
        f"{opts.jurors:.0%} jurors polling one room's live part with its last ETag and posting a statement "
        f"every {opts.post_every}th request, {opts.coordinators:.0%} coordinators (their page, the month's "
        f"calendar, a member's statement), the rest visitors (home, findings, impact, feed).", "",
        "| Request | req/s | p50 ms | p95 ms | p99 ms | requests | errors |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    lines += [_row(kind, tally.latencies[kind], tally.errors.get(kind, 0), opts.duration)
              for kind in sorted(set(tally.latencies) | set(tally.errors))]
    lines.append(_row("**all**", every, errors, opts.duration))
    lines += ["", f"Errors: **{errors}** (goal 0). Answers: {statuses}. Peak memory per worker (VmHWM): "
              + ", ".join(f"{m:.0f} MiB" for m in memory) + f" (goal < {report.MEMORY_GOAL_MIB} MiB)."]
    return "\n".join(lines)


def _replaced(text: str, section: str) -> str:
    pattern = re.compile(rf"^## {re.escape(TITLE)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = section.rstrip() + "\n"
    if pattern.search(text):
        return pattern.sub(lambda _: block + "\n", text, count=1).rstrip() + "\n"
    return text.rstrip() + "\n\n" + block


def main(argv: list[str] | None = None) -> int:
    print(run(options(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
