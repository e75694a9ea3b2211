"""`make bench`: jurycourt's pages against a bare Starlette + Jinja2 + Tortoise yardstick.

Builds fresh SQLite databases in a temporary directory (jurycourt's by its migrations,
``seed-demo`` and tests/bench/scale.py at ``--scale``, full by default), serves jurycourt and
the yardstick (tests/bench/fortunes.py) with uvicorn on identical settings, loads each page in
turn from this process over keep-alive loopback connections, and writes tests/bench/RESULTS.md.
Timings are reported, never asserted.

To add a page, add a ``Page`` to an ``Area`` in ``AREAS`` (or a new ``Area``): it gets a row in
that area's table, its throughput given as a fraction of the fortunes yardstick's. An area that
needs more data than the demo names a builder in ``BUILDERS`` (run before the servers start; what
it returns fills the ``{placeholders}`` of its pages' paths). ``--areas findings,seating`` runs
only those areas (and computations) and replaces only their sections of RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from tests.bench import findings, jury_room, ledger, report, scale, seating, servers, signin_flood, sortition
from tests.bench.load import Result, Target, load
from tests.bench.report import Summary

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).with_name("RESULTS.md")
#: A server using less of its core than this while measured was starved by other processes.
BUSY_CPU = 0.8


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    viewer: str | None = None  # a demo login, or None for an anonymous visitor
    #: Send the page's current ETag (If-None-Match), as a browser revalidating it: expects 304.
    revalidate: bool = False
    headers: tuple[tuple[str, str], ...] = ()  # request headers beyond the cookies
    #: A form to POST (with the viewer's CSRF token; "{n}" in a value is new for every request),
    #: answered by a 303; the page is a GET when empty.
    form: tuple[tuple[str, str], ...] = ()
    token_page: str = ""  # the page whose form gives the CSRF token to POST with
    #: Counts toward issue 10's throughput goals (× fortunes); False for a row judged by its own goal.
    ratio_goal: bool = True

    def body(self, token: str) -> str:
        """The urlencoded form, with "{n}" kept for the load generator to number."""
        return urlencode([("csrf_token", token), *self.form]).replace("%7Bn%7D", "{n}") if self.form else ""


@dataclass(frozen=True)
class Area:
    title: str
    about: str
    pages: list[Page] = field(default_factory=list)
    key: str = ""  # what --areas selects it by; the title's first word, lowercased, when empty

    @property
    def name(self) -> str:
        return self.key or self.title.split()[0].lower()


YARDSTICK = Page("fortunes", "/fortunes")
PLAINTEXT = Page("plaintext", "/plaintext")

AREAS = [
    Area("Public pages", "What anyone sees without signing in (with the CSRF cookie a browser "
         "keeps from its first visit).", [
        Page("Home page", "/"),
        Page("Impact (charts and tables)", "/impact"),
    ]),
    Area("Signed-in pages", "A demo account's session cookie on every request.", [
        Page("My page", "/me", viewer="coordinator"),
        Page("My page (a juror with invitations)", "/me", viewer="juror"),
        Page("Calendar, month", "/calendar?view=month", viewer="coordinator"),
    ]),
    Area("Time credits", "The ledger's pages, with the scale's 1,000,000 entries in the books.", [
        Page("My time credits (the respondent)", "/me/credits", viewer="respondent"),
        Page("Program credits", "/credits", viewer="coordinator"),
        Page("A member's statement (person's ledger page)", "/people/{member}/credits", viewer="coordinator"),
        Page("Posting: a manual adjustment (POST, 303)", "/people/{member}/credits/adjust", viewer="coordinator",
             form=(("direction", "add"), ("adjust_hours", "0"), ("adjust_minutes", "15"),
                   ("reason", "Benchmark adjustment"), ("key", "bench-adjustment-{n}")),
             token_page="/people/{member}/credits"),
    ], key="credits"),
    Area("Findings with 100,000 publications", "The public findings site with 100,000 published "
         f"publications bulk-inserted (tests/bench/findings.py), as an anonymous visitor. Goals: index "
         f"and report ≥ 0.8× fortunes, a 304 revalidation ≥ 2×; search p95 under {findings.SEARCH_GOAL_MS:.0f} ms "
         "one visitor at a time (below the table).", [
        Page("Findings index, first page", "/findings"),
        Page("Findings index, a deep keyset page", "/findings?after={deep_cursor}"),
        Page("Search (1,000 matches)", "/findings?q={search}"),
        # A query string new to every request: no rendering kept from an earlier visitor helps.
        Page("Search, never seen before (1,000 matches)", "/findings?q={search}&seen={{n}}",
             ratio_goal=False),  # judged by the search latency goal (below the table)
        Page("Report page", "/findings/{report_slug}"),
        Page("Report page, revalidated (304)", "/findings/{report_slug}", revalidate=True),
        Page("Findings index, revalidated (304)", "/findings", revalidate=True),
        Page("Atom feed", "/findings/feed.atom"),
    ], key="findings"),
    Area(f"Jury room with {max(jury_room.SIZES)} statements", "A juror in a room in deliberation "
         "(tests/bench/jury_room.py). Goals: the page ≥ 0.5× fortunes, the live poll ≥ 1.5×; queries per "
         "request the same whatever the number of statements (below the table).", [
        Page(f"Jury room, {max(jury_room.SIZES)} statements", "/room/{room}", viewer=jury_room.VIEWER),
        Page("Live poll, nothing new (304)", "/room/{room}/live", viewer=jury_room.VIEWER,
             headers=jury_room.HTMX_HEADERS, revalidate=True),
        Page(f"Live poll, changed (200, {max(jury_room.SIZES)} statements)", "/room/{room}/live",
             viewer=jury_room.VIEWER, headers=jury_room.HTMX_HEADERS),
        Page("Statement post (POST, 303; into a second room)", "/room/{post_room}/statements",
             viewer=jury_room.VIEWER, form=(("body", "A statement posted by the benchmark."),),
             token_page="/room/{post_room}"),
    ], key="room"),
]
#: Areas whose pages need more than the scale's data (tests/bench/scale.py), or values from it:
#: key → builder(jurycourt's SQLite path, what the scale built) → the values of its {placeholders}.
BUILDERS = {
    "findings": lambda db, built: {k: quote(str(v), safe="") for k, v in vars(built.findings).items()},
    "credits": lambda db, built: {"member": str(built.member_person_id)},
    "room": lambda db, built: jury_room.build(db),
}
#: Single computations with absolute goals, run after the pages.
COMPUTATIONS = ("seating", "ledger", "sortition", "signin")


def options(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connections", type=int, default=10, help="keep-alive connections (10)")
    p.add_argument("--duration", type=float, default=5.0, help="counted seconds per page (5)")
    p.add_argument("--warmup", type=float, default=1.0, help="uncounted seconds first (1)")
    p.add_argument("--rounds", type=int, default=3,
                   help="times every page is loaded, interleaved; the median round counts (3)")
    p.add_argument("--output", type=Path, default=RESULTS, help="where to write the results")
    p.add_argument("--postgres", action="store_true",
                   help="instead: scaling out on PostgreSQL with 1, 2 and 4 workers (tests/bench/postgres.py)")
    p.add_argument("--pg-scale", choices=sorted(scale.SCALES), default="medium",
                   help="the data of the --postgres run (medium: the full scale takes ~5 minutes to build there)")
    p.add_argument("--scale", choices=sorted(scale.SCALES), default="full",
                   help="the data the pages are measured on (tests/bench/scale.py): full, or small (1 %%)")
    p.add_argument("--areas", default="", help="comma-separated areas and computations to run, of: "
                   + ", ".join([*(a.name for a in AREAS), *COMPUTATIONS]) + " (all)")
    return p.parse_args(argv)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---- setting up ---------------------------------------------------------------------------

def server_env(workdir: Path) -> dict[str, str]:
    """One environment for every process: fresh databases, nothing from the caller's JURYCOURT_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    env.update(
        JURYCOURT_ENVIRONMENT="development",
        JURYCOURT_DATABASE_URL=f"sqlite://{workdir / 'jurycourt.sqlite3'}",
        JURYCOURT_SECRET_KEY=secrets.token_urlsafe(48),
        JURYCOURT_PASSWORD_HASHING="cheapest",  # only sign-in hashes; no page measured here does
        BENCH_FORTUNES_DB=str(workdir / "fortunes.sqlite3"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def counting_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of the server that counts each page's queries (``check``): the same
    database and keys, and every answer carrying X-Query-Count. The servers that are timed run
    without it: counting logs every statement, which the yardstick does not pay for."""
    return {**env, "JURYCOURT_QUERY_COUNT_HEADER": "1"}


def start_counting(env: dict[str, str], workdir: Path) -> servers.Server:
    return servers.start("jurycourt-counting", "jurycourt.asgi:app", env=counting_env(env), workdir=workdir,
                         ready_path="/healthz")


def prepare_databases(env: dict[str, str], timeout: float = 1800) -> None:
    steps = [
        [sys.executable, "-X", "faulthandler", "-m", "jurycourt", "migrate"],
        [sys.executable, "-X", "faulthandler", "-m", "jurycourt", "seed-demo"],
        [sys.executable, "-m", "tests.bench.fortunes", "seed", env["BENCH_FORTUNES_DB"]],
    ]
    for args in steps:
        step = " ".join(args[args.index("-m") + 1:])
        with subprocess.Popen(args, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                # SIGABRT makes faulthandler print every thread's stack: where it hung.
                process.send_signal(signal.SIGABRT)
                output, _ = process.communicate()
                raise RuntimeError(f"{step} hung for {timeout:.0f} s:\n{output}") from None
        if process.returncode:
            raise RuntimeError(f"{step} failed:\n{output}")


def cookies_for(base_url: str, viewer: str | None) -> dict[str, str]:
    """The cookies a browser would send: the CSRF cookie, and a session when signed in."""
    from jurycourt.demo import DEMO_PASSWORD

    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as client:
        page = client.get("/login" if viewer else "/")
        page.raise_for_status()
        if viewer:
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            if token is None:
                raise RuntimeError("no csrf_token field on /login")
            signed = client.post("/login", data={
                "csrf_token": token.group(1), "login": viewer, "password": DEMO_PASSWORD,
            })
            if signed.status_code != 303 or "jc_session" not in client.cookies:
                raise RuntimeError(f"signing in as {viewer} failed ({signed.status_code})")
        return dict(client.cookies.items())


def headers_for(base_url: str, page: Page, cookies: dict[str, str]) -> dict[str, str]:
    """The request headers a page is loaded with: its own, and its current ETag when it is revalidated."""
    headers = dict(page.headers)
    if not page.revalidate:
        return headers
    etag = httpx.get(base_url + page.path, cookies=cookies, headers=headers, timeout=30).headers.get("etag")
    if not etag:
        raise RuntimeError(f"{page.path} sends no ETag to revalidate")
    return {**headers, "If-None-Match": etag}


def csrf_token(base_url: str, page: Page, cookies: dict[str, str]) -> str:
    """The CSRF token the viewer's form carries (read from ``page.token_page``, as a browser would)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"',
                      httpx.get(base_url + page.token_page, cookies=cookies, timeout=30).text)
    if found is None:
        raise RuntimeError(f"no csrf_token field on {page.token_page}")
    return found.group(1)


def check(base_url: str, page: Page, cookies: dict[str, str], headers: dict[str, str] | None = None) -> str:
    """Refuse to time a page that does not answer as it should (a redirect, an error); return the
    queries it cost (its X-Query-Count header, "—" for the yardstick, which sends none)."""
    if page.form:
        response = httpx.post(base_url + page.path, cookies=cookies, timeout=30, headers={
            "Content-Type": "application/x-www-form-urlencoded"},
            content=page.body(csrf_token(base_url, page, cookies)).replace("{n}", "check"))
    else:
        # The second of two requests: what the timed requests cost, with what is kept per version
        # for every viewer (a public page's blocks, a feed) already kept by the first.
        for _ in range(2):
            response = httpx.get(base_url + page.path.replace("{n}", "check"), cookies=cookies,
                                 headers=headers or {}, timeout=30)
    expected = 303 if page.form else 304 if page.revalidate else 200
    if response.status_code != expected:
        raise RuntimeError(f"{page.path} answered {response.status_code}, not {expected}")
    if page is YARDSTICK and ("&lt;script&gt;" not in response.text
                              or response.text.count("<tr><td>") != 13):
        raise RuntimeError("the fortunes page is not the 13 escaped rows it should be")
    return response.headers.get("x-query-count", "—")


# ---- measuring ----------------------------------------------------------------------------

def measure(server: servers.Server, page: Page, cookies: dict[str, str],
            opts: argparse.Namespace, headers: dict[str, str] | None = None, connections: int = 0) -> Result:
    def probe() -> tuple[float, float]:
        return server.cpu_seconds(), time.process_time()

    body = page.body(csrf_token(server.base_url, page, cookies)) if page.form else ""
    result = load(
        Target(servers.HOST, server.port, page.path, cookies, headers or {}, body, (303,) if page.form else ()),
        connections=connections or opts.connections, duration=opts.duration, warmup=opts.warmup, probe=probe,
    )
    waited = server.settle()
    if waited > 1:
        say(f"the server took {waited:.0f} s more to finish the requests of {page.path} left when timing stopped")
    return result


def selected(opts: argparse.Namespace) -> set[str]:
    known = {*(a.name for a in AREAS), *COMPUTATIONS}
    wanted = {w.strip() for w in opts.areas.split(",") if w.strip()} or known
    if wanted - known:
        raise SystemExit(f"unknown areas: {', '.join(sorted(wanted - known))} (known: {', '.join(sorted(known))})")
    return wanted


def run(opts: argparse.Namespace) -> None:
    load_before = os.getloadavg()
    wanted = selected(opts)
    areas = [a for a in AREAS if a.name in wanted]
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jurycourt-bench-")))
        env = server_env(workdir)
        say(f"preparing databases in {workdir}")
        prepare_databases(env)
        say(f"building the {opts.scale} scale (tests/bench/scale.py)")
        scaled = scale.build(workdir / "jurycourt.sqlite3", opts.scale)
        say(f"built in {scaled.total_seconds:.1f} s")
        computations: dict[str, str] = {"scale": scale.markdown(scaled)}
        built_in: dict[str, float] = {"findings": scaled.seconds["publication"]}
        for i, area in enumerate(areas):
            if area.name in BUILDERS:
                say(f"building the data of {area.title}")
                started = time.perf_counter()
                values = BUILDERS[area.name](workdir / "jurycourt.sqlite3", scaled)
                say(f"built in {time.perf_counter() - started:.1f} s")
                areas[i] = replace(area, pages=[
                    replace(p, path=p.path.format(**values), token_page=p.token_page.format(**values))
                    for p in area.pages])
        say("starting servers")
        yard = servers.start("fortunes", "tests.bench.fortunes:create_app", factory=True,
                             env=env, workdir=workdir, ready_path="/plaintext")
        stack.callback(yard.stop)
        app = servers.start("jurycourt", "jurycourt.asgi:app",
                            env=env, workdir=workdir, ready_path="/healthz")
        stack.callback(app.stop)

        plan: list[tuple[servers.Server, Page, dict[str, str]]] = [
            (yard, YARDSTICK, {}), (yard, PLAINTEXT, {}),
        ]
        for area in areas:
            for page in area.pages:
                plan.append((app, page, cookies_for(app.base_url, page.viewer)))
        headers = {page: headers_for(server.base_url, page, cookies) for server, page, cookies in plan}
        counting = start_counting(env, workdir)
        try:
            queries = {page: check((counting if server is app else server).base_url, page, cookies, headers[page])
                       for server, page, cookies in plan}
        finally:
            counting.stop()

        summaries = {page: Summary() for _, page, _ in plan}
        for round_no in range(1, opts.rounds + 1):
            for server, page, cookies in plan:
                result = measure(server, page, cookies, opts, headers[page])
                summaries[page].add(result)
                say(f"round {round_no}/{opts.rounds} {server.name} {page.path}: "
                    f"{result.rps:,.0f} req/s, {result.errors} errors")
        peak_mib = app.peak_memory_mib()
        if "findings" in wanted:
            search = next(p for a in areas if a.name == "findings" for p in a.pages if "&seen=" in p.path)
            say("measuring search latency one visitor at a time")
            alone = measure(app, search, cookies_for(app.base_url, None), opts, connections=1)
            computations["findings"] = findings.search_markdown(search.path, alone, built_in["findings"])
        if "room" in wanted:
            say("counting the jury room's queries, and the delay between two server processes")
            computations["room"] = jury_room.figures(env)
        if "seating" in wanted:
            say("measuring a seat proposal at full scale (10,000 members)")
            computations["seating"] = seating.markdown(seating.run())
        if "ledger" in wanted:
            say("measuring a statement with 1,000,000 ledger entries, and posting throughput")
            computations["ledger"] = ledger.markdown(ledger.run(), fortunes_rps=summaries[YARDSTICK].rps)
        if "sortition" in wanted:
            say(f"measuring a citizens' panel draw of 40 from 2,000, nash and maximin "
                f"(at most {sortition.LIMIT_S} s each)")
            # Maximin is known to take far longer at this size (see the section): a shorter leash for it.
            computations["sortition"] = sortition.markdown([sortition.run(algorithm="nash"),
                                                            sortition.run(limit_s=300, algorithm="maximin")])
        if "signin" in wanted:
            say(f"measuring a server process's peak memory under {signin_flood.FLOOD} parallel sign-ins")
            computations["signin"] = signin_flood.markdown(signin_flood.run())
        if wanted == {*(a.name for a in AREAS), *COMPUTATIONS}:
            write_results(opts, summaries, queries, peak_mib, load_before, areas, computations)
        else:
            update_results(opts, summaries, queries, peak_mib, load_before, areas, computations)


# ---- reporting ----------------------------------------------------------------------------

def method_lines(opts: argparse.Namespace) -> list[str]:
    return [
        "- **Yardstick.** tests/bench/fortunes.py is TechEmpower's *fortunes* on bare Starlette "
        "+ Jinja2 + Tortoise: fetch all 12 rows of its own SQLite table, add one in memory, sort "
        "by message, render an autoescaped HTML table. Every jurycourt page is reported as "
        "**× fortunes**, its throughput divided by the yardstick's in the same run, so the "
        "ratio says what jurycourt's own code (middleware, sessions, queries, templates) costs "
        "on top of its stack and stays comparable across machines. *plaintext* shows the "
        "server's ceiling.",
        "- **Servers.** Each app runs alone in one uvicorn process on 127.0.0.1 with the same "
        f"options (`{' '.join(servers.UVICORN_ARGS)}`; uvloop and httptools), jurycourt as "
        "`jurycourt.asgi:app` (what `jurycourt serve` runs) in development settings. Databases "
        "are fresh SQLite files (WAL) in a temporary directory: jurycourt's built by its "
        f"migrations and `jurycourt seed-demo`, then filled to the `{opts.scale}` scale by tests/bench/scale.py "
        "(*Data at scale* below).",
        "- **Load.** tests/bench/load.py, in the bench process (apart from the servers'): "
        f"{opts.connections} keep-alive HTTP/1.1 connections on raw asyncio streams (uvloop), "
        "each sending its next request as soon as the last response is read (the POST rows send a form with "
        "the viewer's session, CSRF cookie and token, and a new idempotency key or statement each time). Per page: "
        f"{opts.warmup:g} s warm-up, then {opts.duration:g} s counted. The pages are loaded one "
        f"after another, and that sequence is repeated {opts.rounds} times (rounds) so that slow "
        "drifts of the machine hit every page alike.",
        "- **Figures.** *req/s* is the median over the rounds (*rounds' req/s* gives their "
        "lowest and highest); p50/p95/p99 are nearest-rank latencies over every counted "
        "request of all rounds; *server CPU* is the share of one core the server process used "
        "while counted (near 100 % means the server was the bottleneck, not the client); "
        "*errors* counts non-2xx answers (a 304 to a revalidation is an answer) and broken connections; "
        "*queries* is the page's `X-Query-Count`, read once per page before timing from a second "
        "jurycourt server on the same database that runs with `JURYCOURT_QUERY_COUNT_HEADER=1` (the timed "
        "server does not: counting logs every statement), for the second of two GETs (the first fills what is "
        "kept per version, as the timed requests find it); *p99 ≤ 4×p50* flags the tail goal per row; the "
        "server's peak memory is the VmHWM of its process(es) in /proc after every page was loaded. A page "
        "whose requests outlast the counted window shows 0 req/s; the next page waits until the server has "
        "finished them (its CPU below 30 % of a core).",
    ]


def busy_warning(summaries: dict[Page, Summary]) -> list[str]:
    """A loud note when the servers did not get a whole core: other work skewed the run."""
    starved = [p.path for p, s in summaries.items()
               if s.server_cpu and statistics.median(s.server_cpu) < BUSY_CPU]
    if not starved:
        return []
    return ["", f"**Warning: the machine was busy.** The server got less than {BUSY_CPU:.0%} of "
            f"a core while measuring {', '.join(f'`{p}`' for p in starved)}, so other processes "
            "took part of the time measured here; rerun on a quiet machine before comparing."]


def write_results(opts: argparse.Namespace, summaries: dict[Page, Summary], queries: dict[Page, str],
                  peak_mib: float, load_before: tuple[float, float, float], areas: list[Area],
                  computations: dict[str, str]) -> None:
    yard = summaries[YARDSTICK]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m tests.bench.run`, tests/bench/); rerun it rather "
        "than editing this file. No test asserts on these figures: they are for comparing "
        "runs on the same machine, and for seeing which pages cost the most.",
        "",
        "## Method",
        "",
        *method_lines(opts),
        "",
        "## Machine",
        "",
        *report.machine_lines(ROOT, load_before, peak_mib),
        *busy_warning(summaries),
        "",
        computations.pop("scale").rstrip(),
    ]
    tables = [
        "## Yardstick: bare Starlette + Jinja2 + Tortoise",
        "",
        *report.yardstick_table([(p.label, p.path, summaries[p]) for p in (YARDSTICK, PLAINTEXT)]),
    ]
    for area in areas:
        tables += ["", *area_section(area, summaries, queries, yard)]
        if area.name in computations:
            tables += ["", computations.pop(area.name).rstrip()]
    for section in computations.values():  # single computations with absolute goals (reported only)
        tables += ["", section.rstrip()]
    tables = [*goals_lines(areas, summaries, yard, peak_mib, earlier_ratios(opts.output)), "", *tables]
    opts.output.write_text("\n".join([*lines, "", *tables]) + "\n")
    say(f"wrote {opts.output}")
    for line in busy_warning(summaries)[1:]:
        say(line.replace("**", ""))
    print("\n".join(tables), flush=True)


#: A row's × fortunes in an earlier RESULTS.md: | Page | `path` | viewer | req/s | × fortunes | …
_ROW = re.compile(r"^\| (?P<label>[^|]+?) \| `[^`]*` \| (?P<viewer>[^|]+?) \| [\d,]+ \| (?P<ratio>[\d.]+) \|", re.M)


def earlier_ratios(path: Path) -> dict[tuple[str, str], float]:
    """Each page's × fortunes in the results this run replaces (by label and viewer), if any."""
    text = path.read_text() if path.exists() else ""
    return {(m["label"], m["viewer"]): float(m["ratio"]) for m in _ROW.finditer(text)}


def goals_lines(areas: list[Area], summaries: dict[Page, Summary], yard: Summary, peak_mib: float,
                before: dict[tuple[str, str], float] | None = None) -> list[str]:
    """Issue 20's goals, each with this run's figure and how far it is (reported, never asserted);
    ``before``: the ratios of the results this run replaces, for the "none more than 25% slower" goal."""
    def ratio(p: Page) -> float:
        return summaries[p].rps / yard.rps if yard.rps else 0.0

    def ratios(signed: bool) -> list[tuple[float, Page]]:
        return sorted(((ratio(p), p) for a in areas for p in a.pages if (p.viewer is not None) == signed
                       and p.ratio_goal and not p.revalidate), key=lambda r: r[0])

    lines = ["## Goals of issue 20", "", "Each goal with this run's figure (the machine's load is in *Machine*).", ""]
    polls = [p for a in areas for p in a.pages if p.revalidate and p.viewer is not None]
    for p in polls:
        lines.append(f"- {p.label} ≥ 1.5× fortunes: {ratio(p):.2f}× ({'met' if ratio(p) >= 1.5 else 'NOT met'}).")
    for signed, goal, what in ((False, 1.0, "public page"), (True, 0.15, "signed-in page")):
        rows = ratios(signed)
        if rows:
            met = sum(r >= goal for r, _ in rows)
            worst, page = rows[0]
            lines.append(f"- Every {what} ≥ {goal}× fortunes: {met} of {len(rows)} met; the slowest, {page.label} "
                         f"(`{page.path}`), is at {worst:.2f}× ({worst / goal:.0%} of the goal).")
    if before:
        pairs = [(p, before[(p.label, p.viewer)]) for a in areas for p in a.pages
                 if p.viewer is not None and (p.label, p.viewer) in before]
        slower = [(p, was, ratio(p)) for p, was in pairs if ratio(p) < 0.75 * was]
        lines.append("- No signed-in page more than 25% slower (× fortunes) than in the results this run replaced: "
                     + ("met." if not slower else "missed by " + "; ".join(
                         f"{p.label} {was:.2f}× → {now:.2f}×" for p, was, now in slower)
                        + " (the notes name the device each lost, if any)."))
    timed = [(p, summaries[p]) for a in areas for p in a.pages if summaries[p].requests]
    tails = [f"{p.label} {s.latency_ms(99) / s.latency_ms(50):.1f}×" for p, s in timed if not report.tail_ok(s)]
    lines.append(f"- p99 ≤ {report.TAIL_GOAL:g} × p50: {len(timed) - len(tails)} of {len(timed)} pages met"
                 + (f"; missed by {', '.join(tails)}." if tails else "."))
    lines.append("- Queries per request independent of data size: the *queries* column is this run's count at "
                 "the scale; `tests/test_query_counts_at_scale.py` (in the normal suite) asserts that every endpoint "
                 "here costs the same queries on the demo and on the small scale.")
    lines.append(f"- Peak memory < {report.MEMORY_GOAL_MIB} MiB per worker: {peak_mib:.0f} MiB "
                 f"({'met' if peak_mib < report.MEMORY_GOAL_MIB else 'NOT met'}).")
    return lines


def area_section(area: Area, summaries: dict[Page, Summary], queries: dict[Page, str], yard: Summary) -> list[str]:
    return [f"## {area.title}", "", area.about, "", *report.area_table(
        [(p.label, p.path, p.viewer or "anonymous", summaries[p], queries[p]) for p in area.pages], yard),
        "", *cpu_cost_lines(area, summaries, yard)]


def cpu_ms(summary: Summary) -> float:
    """Server CPU time per request: unlike req/s, barely moved by other processes on the machine."""
    return statistics.median(summary.server_cpu) * 1000 / summary.rps if summary.server_cpu and summary.rps \
        else float("nan")


def cpu_cost_lines(area: Area, summaries: dict[Page, Summary], yard: Summary) -> list[str]:
    """Each page's server CPU per request, and the yardstick's divided by it (× fortunes by CPU)."""
    base = cpu_ms(yard)
    cells = [f"{p.label} {cpu_ms(summaries[p]):.2f} ms ({base / cpu_ms(summaries[p]):.2f}×)" for p in area.pages]
    return [f"Server CPU per request (fortunes {base:.2f} ms; in brackets fortunes' CPU per request divided by "
            f"the page's, a ratio a busy machine skews less than req/s): " + "; ".join(cells) + "."]


def update_results(opts: argparse.Namespace, summaries: dict[Page, Summary], queries: dict[Page, str],
                   peak_mib: float, load_before: tuple[float, float, float], areas: list[Area],
                   computations: dict[str, str]) -> None:
    """A run of some areas (--areas): replace only their sections of the results, each noting
    its own run's date, machine load and yardstick (the ratios are to that run's fortunes)."""
    yard = summaries[YARDSTICK]
    text = opts.output.read_text() if opts.output.exists() else "# Benchmarks\n"
    stamp = (f"*Run alone (`--areas {opts.areas}`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, revision "
             f"{report.git_revision(ROOT)}, {report.nproc()} CPUs ({report.cpu_model()}), load average before "
             f"{', '.join(f'{x:.2f}' for x in load_before)}; fortunes in the same run: {yard.rps:,.0f} req/s "
             f"(plaintext {summaries[PLAINTEXT].rps:,.0f}); jurycourt server's peak memory {peak_mib:.0f} MiB.*")
    busy = busy_warning(summaries)
    sections = {a.title: ["", stamp, *busy, "", *area_section(a, summaries, queries, yard)[2:]] for a in areas}
    goals = goals_lines(areas, summaries, yard, peak_mib, earlier_ratios(opts.output))
    sections = {goals[0].lstrip("# "): ["", stamp, "", *goals[2:]], **sections}
    for area in areas:
        if area.name in computations:
            sections[area.title] += ["", computations.pop(area.name).rstrip()]
    for body in computations.values():
        title, _, rest = body.strip().partition("\n")
        sections[title.lstrip("# ").strip()] = ["", rest.strip()]
    for title, body in sections.items():
        block = "\n".join([f"## {title}", *body]).rstrip() + "\n"
        pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _, b=block: b + "\n", text, count=1).rstrip() + "\n"
        else:
            text = text.rstrip() + "\n\n" + block
    opts.output.write_text(text)
    say(f"updated {', '.join(sections)} in {opts.output}")
    for line in busy_warning(summaries)[1:]:
        say(line.replace("**", ""))
    print(text[text.find("## " + areas[0].title):] if areas else text, flush=True)


def main(argv: list[str] | None = None) -> int:
    # A polite kill (SIGTERM) unwinds like Ctrl-C, so the servers and temporary files go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    opts = options(argv)
    if opts.postgres:
        from tests.bench import postgres

        postgres.run(opts)
    else:
        run(opts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
