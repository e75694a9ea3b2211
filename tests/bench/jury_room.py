"""The jury room under load: a room with 200 statements, its live poll, its queries, and the
delay between two server processes.

``python -m tests.bench.jury_room seed`` (with the server's JURYCOURT_* environment) makes two
rooms in deliberation, with 20 and with 200 statements, seats the demo's foreperson and juror
in both, and prints ``20:<entry id> 200:<entry id>``. ``queries <id> <id>`` prints the queries
the juror's page, live 200 and live 304 cost in each. ``delay`` runs two `jurycourt serve`
processes on one PostgreSQL database and prints the delay from posting on one to seeing it on
the other with the browser's one-second poll. tests/bench/run.py calls these.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from jurycourt.actions.threads import open_thread
from jurycourt.cli import database
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.jury_room import THREAD_TOPIC, Phase
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Case, Deliberation, DocketEntry, Hearing, Person, Program, Seat, Statement
from jurycourt.models import Thread as ThreadModel
from jurycourt.settings import from_env

SIZES = (20, 200)
VIEWER = "juror"
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}
SEATS = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR}
LINES = ("They owned up straight away and said sorry to the shop.",
         "Forty hours is a lot on top of school; twenty feels fairer.",
         "An essay on what the shop lost would help them see it.",
         "I think a letter of apology matters more than hours.")


async def seed_room(statements: int) -> int:
    """A case in deliberation, today, with ``statements`` statements; its docket entry id."""
    program = await Program.all().order_by("id").first()
    now = datetime.now(UTC)
    respondent = await Person.create(given_name="Bench", family_name=f"Room{statements}",
                                     date_of_birth=date.today() - timedelta(days=15 * 365))
    hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title="Bench room",
                                   starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=8),
                                   status=HearingStatus.CONFIRMED)
    case = await Case.create(program=program, respondent=respondent, state=CaseState.SCHEDULED, agency="police",
                             referral_date=date.today(), offence_category="shoplifting",
                             summary="Took a phone charger and admitted it.")
    entry = await DocketEntry.create(hearing=hearing, case=case)
    authors = []
    for login, role in SEATS.items():
        account = await Account.get(login=login)
        await Seat.create(hearing=hearing, person_id=account.person_id, role=role, status=SeatStatus.ACCEPTED)
        authors.append(account.person_id)
    room = await Deliberation.create(hearing=hearing, case=case, phase=Phase.DELIBERATION)
    thread = await open_thread(program.id, THREAD_TOPIC, room.id)
    await Deliberation.filter(id=room.id).update(thread_id=thread.id)
    await Statement.bulk_create([Statement(thread_id=thread.id, author_id=authors[n % 2],
                                           body=f"{LINES[n % len(LINES)]} ({n + 1})") for n in range(statements)])
    await ThreadModel.filter(id=thread.id).update(version=statements)
    return entry.id


async def count_queries(entries: dict[int, int]) -> dict[str, dict[int, int]]:
    """Queries per request, by kind of request and number of statements, in this process."""
    import httpx
    from asgi_lifespan import LifespanManager

    from jurycourt.app import create_app
    from tests.web.helpers import sign_in
    from tests.web.query_count import queries

    app = create_app(from_env())
    counts: dict[str, dict] = {"page": {}, "live 200": {}, "live 304": {}}
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            await sign_in(http, VIEWER)
            for size, entry in entries.items():
                counts["page"][size], _ = await queries(http, f"/room/{entry}")
                counts["live 200"][size], live = await queries(http, f"/room/{entry}/live", HX)
                counts["live 304"][size], unchanged = await queries(
                    http, f"/room/{entry}/live", {**HX, "If-None-Match": live.headers["etag"]})
                assert unchanged.status_code == 304
            counts["page ms"] = await _page_times(http, max(entries.items())[1])
    return counts


async def _page_times(http, entry: int, times: int = 200) -> dict[str, float]:
    """The juror's page in this process (ASGI through httpx, no server), median milliseconds: at one
    version of the room, and with the thread's version bumped before every request, as a new
    statement would (nothing is kept per version or per viewer: the two should be alike)."""
    from tortoise.expressions import F

    docket = await DocketEntry.get(id=entry)
    thread_id = (await Deliberation.get(hearing_id=docket.hearing_id, case_id=docket.case_id)).thread_id

    async def timed(bump: bool) -> float:
        if bump:
            await ThreadModel.filter(id=thread_id).update(version=F("version") + 1)
        started = time.perf_counter()
        assert (await http.get(f"/room/{entry}")).status_code == 200
        return (time.perf_counter() - started) * 1000

    same = [await timed(False) for _ in range(times)]
    bumped = [await timed(True) for _ in range(times)]
    return {"same": round(statistics.median(same), 2), "bumped": round(statistics.median(bumped), 2)}


def cross_process_delays(posts: int = 10, poll: float = 1.0) -> list[float]:
    """Seconds from a juror's post on process A to its first sight on process B, which polls its
    live part every ``poll`` seconds as the browser does (the post lands anywhere in that cycle)."""
    from tests.multiprocess.two_servers import open_deliberation, post, signed_in, two_servers

    with tempfile.TemporaryDirectory(prefix="jurycourt-delay-") as work, two_servers(Path(work)) as pair:
        open_deliberation(pair)
        seen: dict[str, float] = {}
        stop = threading.Event()

        def reader() -> None:
            with signed_in(pair.b, "roomjuror") as http:
                while not stop.is_set():
                    text = http.get(f"/room/{pair.entry_id}/live", headers=HX).text
                    now = time.monotonic()
                    for n in range(posts):
                        if f"delay probe {n}." in text:
                            seen.setdefault(f"delay probe {n}.", now)
                    stop.wait(poll)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        sent: dict[str, float] = {}
        with signed_in(pair.a, "juror") as writer:
            for n in range(posts):
                time.sleep(random.uniform(0.3, 1.3))  # land anywhere in the reader's cycle
                sent[f"delay probe {n}."] = time.monotonic()
                assert post(writer, f"/room/{pair.entry_id}/statements",
                            {"body": f"delay probe {n}."}).status_code == 303
        deadline = time.monotonic() + 15
        while len(seen) < posts and time.monotonic() < deadline:
            time.sleep(0.1)
        stop.set()
        thread.join(timeout=10)
        return [seen[k] - sent[k] for k in sent if k in seen] + [float("inf")] * (posts - len(seen))


def delay_markdown(delays: list[float]) -> str:
    return (f"Delay from a post on one `jurycourt serve` process to its sight on another (one PostgreSQL "
            f"database, the reader polling every second like the browser), {len(delays)} posts: median "
            f"**{statistics.median(delays):.2f} s**, worst **{max(delays):.2f} s** (goal < 2 s).")


# ---- used by run.py (the room is built in the bench's own database, before the servers start) ----

#: What htmx sends with its poll: the live request answers with the fragment.
HTMX_HEADERS = (("HX-Request", "true"), ("HX-Request-Type", "partial"))
_rooms: dict[int, int] = {}
_db: Path | None = None


def _module(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.bench.jury_room", *args], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"tests.bench.jury_room {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "JURYCOURT_DATABASE_URL": f"sqlite://{db}", "JURYCOURT_PASSWORD_HASHING": "cheapest",
            "JURYCOURT_SECRET_KEY": "bench-room-" + "x" * 40}


def build(db: Path) -> dict[str, str]:
    """Rooms in deliberation with each of SIZES statements (the largest is the one measured), and
    an empty one the statement-post row writes into (so the measured rooms keep their sizes)."""
    global _db
    _db = db
    _rooms.update({int(k): int(v) for k, v in (pair.split(":") for pair in _module(_env(db), "seed").split())})
    return {"room": str(_rooms[max(_rooms)]), "post_room": _module(_env(db), "seed-post")}


def figures(env: dict[str, str]) -> str:
    """Queries per request at each size (they must not grow), and the delay across processes."""
    room_env = {**env, **(_env(_db) if _db else {})}
    counts = json.loads(_module(room_env, "queries", *(str(_rooms[n]) for n in sorted(_rooms))))
    times = counts.pop("page ms")
    sizes = sorted(_rooms)
    lines = ["Queries per request:", "",
             "| Request | " + " | ".join(f"{n} statements" for n in sizes) + " |",
             "|---|" + "--:|" * len(sizes)]
    lines += [f"| {kind} | " + " | ".join(str(by_size[str(n)]) for n in sizes) + " |"
              for kind, by_size in counts.items()]
    lines += ["", f"The juror's page with {max(sizes)} statements, in one process without an HTTP server (median of "
              f"200): **{times['same']} ms** at one version of the room, **{times['bumped']} ms** with a new version "
              f"before each request (nothing is kept per version or viewer: the room is read and rendered for each "
              "request). The table above times the first case."]
    try:
        postgres = {"JURYCOURT_TEST_DATABASE_URL": os.environ.get("JURYCOURT_TEST_DATABASE_URL", "")}
        delays = json.loads(_module({**room_env, **postgres}, "delay", timeout=600))
        lines += ["", delay_markdown(delays)]
    except RuntimeError as exc:
        lines += ["", f"The delay across processes was not measured: {str(exc).splitlines()[-1]}"]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if argv[0] == "seed":
        async def seed() -> list[int]:
            async with database(from_env()):
                return [await seed_room(size) for size in SIZES]
        print(" ".join(f"{size}:{entry}" for size, entry in zip(SIZES, asyncio.run(seed()), strict=True)))
    elif argv[0] == "seed-post":
        async def seed_post() -> int:
            async with database(from_env()):
                return await seed_room(0)
        print(asyncio.run(seed_post()))
    elif argv[0] == "queries":
        print(json.dumps(asyncio.run(count_queries(dict(zip(SIZES, map(int, argv[1:]), strict=True))))))
    elif argv[0] == "delay":
        print(json.dumps(cross_process_delays()))
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
