"""Benchmark: proposing 12 seats from 10,000 members with 50,000 past seats and 2,000 conflicts.

A single computation with an absolute goal (median under 250 ms), reported, never asserted.
Times the whole proposal as a coordinator triggers it: gathering the inputs from the database
(queries/seating.gather_inputs) and the pure draw (domain/seating.propose).

Run alone: `python -m tests.bench.seating`; `make bench` runs it and adds its row.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tortoise import Tortoise

from jurycourt.db import migrate, tortoise_config
from jurycourt.domain.program_rules import DEFAULT_RULES
from jurycourt.domain.seating import DocketParty, PartyRole, propose
from jurycourt.models import (
    Affiliation,
    Availability,
    Conflict,
    Hearing,
    Membership,
    Person,
    Program,
    Seat,
)
from jurycourt.queries.seating import gather_inputs
from jurycourt.settings import Settings, finalize

MEMBERS, PAST_SEATS, CONFLICTS, RUNS = 10_000, 50_000, 2_000, 15
GOAL_MS = 250.0
BATCH = 2_000


@dataclass(frozen=True)
class SeatingResult:
    median_ms: float
    p95_ms: float
    seats: int
    missing: int
    build_s: float


async def _bulk(model, rows) -> None:
    for i in range(0, len(rows), BATCH):
        await model.bulk_create(rows[i:i + BATCH])


async def _build(rng: random.Random) -> tuple[Hearing, Program, list[DocketParty]]:
    """The program, its members, past hearings and seats, conflicts and the hearing to seat."""
    rules = {**DEFAULT_RULES, "jury_size": 10}  # foreperson + 9 jurors + bailiff + clerk = 12 seats
    program = await Program.create(name="Bench Youth Court", rules=rules)
    today = date.today()
    await _bulk(Person, [Person(given_name=f"P{i}", family_name="Bench",
                                date_of_birth=today - timedelta(days=rng.randint(13 * 365, 18 * 365)))
                         for i in range(MEMBERS + 10)])
    ids = [p for p in await Person.all().order_by("id").values_list("id", flat=True)]
    members, parties = ids[:MEMBERS], ids[MEMBERS:]
    since = today - timedelta(days=200)
    await _bulk(Membership, [Membership(person_id=p, program_id=program.id, role="juror",
                                        training_date=since, pledge_date=since) for p in members])
    now = datetime.now(UTC).replace(microsecond=0)
    starts = [now - timedelta(days=7 * k + 7) for k in range(PAST_SEATS // 10)]
    past = [Hearing(program_id=program.id, kind="jury_hearing", status="held", starts_at=start,
                    ends_at=start + timedelta(hours=3)) for start in starts]
    await _bulk(Hearing, past)
    past_ids = await Hearing.filter(program_id=program.id).order_by("id").values_list("id", flat=True)
    seats = []
    for hearing_id in past_ids:
        for person_id in rng.sample(members, 10):
            seats.append(Seat(hearing_id=hearing_id, person_id=person_id, role="juror", status="accepted",
                              checked_in_at=now, checked_out_at=now))
    await _bulk(Seat, seats)
    start = now + timedelta(days=3)
    hearing = await Hearing.create(program_id=program.id, kind="jury_hearing", starts_at=start,
                                   ends_at=start + timedelta(hours=3))
    await _bulk(Availability, [Availability(person_id=p, program_id=program.id, starts_at=start - timedelta(hours=1),
                                            ends_at=start + timedelta(hours=5)) for p in members if rng.random() < 0.6])
    pairs = {(rng.choice(members), rng.choice(parties)) for _ in range(CONFLICTS)}
    await _bulk(Conflict, [Conflict(program_id=program.id, person_id=a, other_id=b, relation="knows")
                           for a, b in pairs])
    await _bulk(Affiliation, [Affiliation(person_id=p, kind="school", key=f"School {p % 40}")
                              for p in members + parties])
    return hearing, program, [DocketParty(p, PartyRole.RESPONDENT) for p in parties]


async def measure(directory: Path) -> SeatingResult:
    settings = finalize(Settings(database_url=f"sqlite://{directory / 'seating.sqlite3'}",
                                 secret_key="bench-" + "x" * 40, password_hashing="cheapest"))
    await migrate(settings)
    await Tortoise.init(config=tortoise_config(settings))
    try:
        began = time.perf_counter()
        hearing, program, parties = await _build(random.Random(2008))
        build_s = time.perf_counter() - began
        timings, proposal = [], None
        for run in range(RUNS):
            began = time.perf_counter()
            inputs = await gather_inputs(hearing, program, parties)
            proposal = propose(inputs, seed=run)
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        return SeatingResult(statistics.median(timings), timings[int(0.95 * (len(timings) - 1))],
                             len(proposal.seats), proposal.total_missing, build_s)
    finally:
        await Tortoise.close_connections()


def run() -> SeatingResult:
    with tempfile.TemporaryDirectory(prefix="jc-bench-seating-") as tmp:
        return asyncio.run(measure(Path(tmp)))


def markdown(result: SeatingResult) -> str:
    verdict = "met" if result.median_ms < GOAL_MS else "NOT met"
    return (
        "## Seating\n\n"
        f"Proposing a jury's 12 seats from {MEMBERS:,} members with {PAST_SEATS:,} past seats and "
        f"{CONFLICTS:,} declared conflicts (10 respondents on the docket), SQLite, gathering the inputs "
        f"from the database and drawing, {RUNS} runs.\n\n"
        "| measure | value | goal |\n|---|---|---|\n"
        f"| median | {result.median_ms:.0f} ms | < {GOAL_MS:.0f} ms ({verdict}) |\n"
        f"| p95 | {result.p95_ms:.0f} ms | reported |\n"
        f"| seats filled | {result.seats} (missing {result.missing}) | 12 |\n"
        f"| data built in | {result.build_s:.1f} s | |\n"
    )


if __name__ == "__main__":
    print(markdown(run()))
