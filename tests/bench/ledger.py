"""Benchmark: a person's time-credit statement with 1,000 and with 1,000,000 entries in the ledger,
and posting throughput through the real posting action.

Goal: the statement page (``/me/credits``, served in-process by the real app: session,
queries, template) renders within 1.25× of its time with 1,000 entries when the ledger holds
1,000,000. The person's own entries are a few hundred either way, spread through the ledger;
the rest belong to a thousand other people. Each ledger is its own SQLite database built by the
migrations, then filled by raw ``executemany`` in chunks, with every balance set to the sum of
its entries (checked: the books sum to zero). Posting throughput is ``actions.ledger.post``
one posting after another on the big ledger; run.py reports it against the fortunes yardstick.

Run alone: `python -m tests.bench.ledger`; `make bench` runs it and adds its section.
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from jurycourt.actions import ledger
from jurycourt.app import create_app
from jurycourt.auth.passwords import make_hasher
from jurycourt.db import migrate
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.program_rules import DEFAULT_RULES
from jurycourt.models import Account, LedgerAccount, LedgerBalance, LedgerEntry, Membership, Person, Program
from jurycourt.settings import Settings, finalize

SMALL, LARGE = 1_000, 1_000_000  # entries in the whole ledger (two per posting)
OWN_POSTINGS, OTHERS = 300, 1_000
PAGE_RUNS, POSTINGS = 60, 1_000
GOAL_RATIO = 1.25
CHUNK = 50_000
LOGIN, PASSWORD = "bench-member", "bench-password-not-secret"


@dataclass(frozen=True)
class LedgerResult:
    small_ms: float
    large_ms: float
    large_p95_ms: float
    own_entries: int
    postings_per_s: float
    build_s: float

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms


def _settings(path: Path) -> Settings:
    return finalize(Settings(database_url=f"sqlite://{path}", secret_key="bench-" + "x" * 40,
                             password_hashing="cheapest"))


async def _people() -> tuple[Program, int, list[int], int]:
    """The program, the member whose page is timed (her account id), the others' accounts and
    the issuing account; one real posting shows the bulk rows how the ORM stores times."""
    program = await Program.create(name="Bench Youth Court", rules=DEFAULT_RULES)
    member = await Person.create(given_name="Tanya", family_name="Bench", date_of_birth=date(2010, 3, 14))
    await Account.create(person=member, login=LOGIN, password_hash=make_hasher("cheapest").hash(PASSWORD))
    await Membership.create(person=member, program=program, role="juror")
    await Person.bulk_create([Person(given_name=f"P{i}", family_name="Bench") for i in range(OTHERS)])
    ids = await Person.filter(family_name="Bench").exclude(id=member.id).values_list("id", flat=True)
    await LedgerAccount.bulk_create([LedgerAccount(program_id=program.id, kind=AccountKind.PERSONAL,
                                                   key=f"person:{p}", person_id=p) for p in ids])
    accounts = await LedgerAccount.filter(program_id=program.id).values_list("id", flat=True)
    await LedgerBalance.bulk_create([LedgerBalance(account_id=a, minutes=0) for a in accounts])
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    own = await ledger.personal_account(program.id, member.id)
    await ledger.post(program.id, PostingKind.SERVICE_CREDIT, "bench:0", "bench:0",
                      [Entry(issuing.id, -60), Entry(own.id, 60)], recorded_by=None)
    return program, own.id, list(accounts), issuing.id


def _fill(path: Path, program_id: int, own: int, others: list[int], issuing: int, entries: int) -> None:
    """Postings of two entries each until the ledger holds ``entries``, the member's spread evenly
    through them; then every balance is the sum of its entries."""
    db = sqlite3.connect(path)
    try:
        occurred, recorded = db.execute("SELECT occurred_at, recorded_at FROM ledger_posting").fetchone()
        next_id = db.execute("SELECT MAX(id) FROM ledger_posting").fetchone()[0] + 1
        postings = (entries - 2) // 2
        every = max(1, postings // (OWN_POSTINGS - 1))
        for start in range(0, postings, CHUNK):
            rows, lines = [], []
            for n in range(start, min(postings, start + CHUNK)):
                pid, minutes = next_id + n, 15 * (1 + n % 12)
                account = own if n % every == 0 and n // every < OWN_POSTINGS - 1 else others[n % len(others)]
                rows.append((pid, program_id, "service_credit", f"bench:{pid}", f"bench:{pid}", "bench", "Bench",
                             occurred, recorded))
                lines += [(pid, issuing, -minutes), (pid, account, minutes)]
            db.executemany("INSERT INTO ledger_posting (id, program_id, kind, reference, idempotency_key, "
                           "fingerprint, memo, occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT INTO ledger_entry (posting_id, account_id, minutes) VALUES (?, ?, ?)", lines)
            db.commit()
        db.execute("UPDATE ledger_balance SET minutes = (SELECT COALESCE(SUM(e.minutes), 0) FROM ledger_entry e "
                   "WHERE e.account_id = ledger_balance.account_id)")
        db.commit()
        total, count = db.execute("SELECT SUM(minutes), (SELECT COUNT(*) FROM ledger_entry) FROM ledger_balance"
                                  ).fetchone()
        if total != 0 or count != entries:
            raise RuntimeError(f"the bench ledger is wrong: balances sum to {total}, {count} entries")
    finally:
        db.close()


async def _time_page(client: httpx.AsyncClient) -> list[float]:
    token = (await client.get("/login")).text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed = await client.post("/login", data={"csrf_token": token, "login": LOGIN, "password": PASSWORD})
    if signed.status_code != 303:
        raise RuntimeError(f"signing in failed ({signed.status_code})")
    timings = []
    for run in range(PAGE_RUNS + 5):
        began = time.perf_counter()
        page = await client.get("/me/credits")
        if run >= 5:  # the first few warm the caches
            timings.append((time.perf_counter() - began) * 1000)
        if page.status_code != 200 or 'id="balance"' not in page.text:
            raise RuntimeError(f"/me/credits answered {page.status_code}")
    return sorted(timings)


async def _ledger(directory: Path, entries: int, post: bool) -> tuple[list[float], int, float, float]:
    """Build a ledger of ``entries``, time the member's page, and (``post``) time postings."""
    path = directory / f"ledger-{entries}.sqlite3"
    settings = _settings(path)
    await migrate(settings)
    app = create_app(settings)
    async with LifespanManager(app):
        began = time.perf_counter()
        program, own, accounts, issuing = await _people()
        others = [a for a in accounts if a not in (own, issuing)]
        await asyncio.to_thread(_fill, path, program.id, own, others, issuing, entries)
        build_s = time.perf_counter() - began
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            timings = await _time_page(client)
        own_entries = await LedgerEntry.filter(account_id=own).count()
        rate = await _posting_rate(program.id, issuing, others) if post else 0.0
    return timings, own_entries, rate, build_s


async def _posting_rate(program_id: int, issuing: int, others: list[int]) -> float:
    began = time.perf_counter()
    for n in range(POSTINGS):
        await ledger.post(program_id, PostingKind.SERVICE_CREDIT, f"rate:{n}", f"rate:{n}",
                          [Entry(issuing, -30), Entry(others[n % len(others)], 30)], recorded_by=None)
    return POSTINGS / (time.perf_counter() - began)


async def measure(directory: Path) -> LedgerResult:
    small, _, _, _ = await _ledger(directory, SMALL, post=False)
    large, own_entries, rate, build_s = await _ledger(directory, LARGE, post=True)
    return LedgerResult(statistics.median(small), statistics.median(large), large[int(0.95 * (len(large) - 1))],
                        own_entries, rate, build_s)


def run() -> LedgerResult:
    with tempfile.TemporaryDirectory(prefix="jc-bench-ledger-") as tmp:
        return asyncio.run(measure(Path(tmp)))


def markdown(result: LedgerResult, fortunes_rps: float | None = None) -> str:
    verdict = "met" if result.ratio <= GOAL_RATIO else "NOT met"
    versus = f" ({result.postings_per_s / fortunes_rps:.2f}× fortunes)" if fortunes_rps else ""
    return (
        "## Time-credit ledger\n\n"
        f"A member's statement page (`/me/credits`, {result.own_entries} entries of her own, served in-process "
        f"with her session, {PAGE_RUNS} loads) with {SMALL:,} and with {LARGE:,} entries in the ledger, SQLite; "
        f"and {POSTINGS:,} postings one after another through `actions.ledger.post` on the big ledger.\n\n"
        "| measure | value | goal |\n|---|---|---|\n"
        f"| statement, {SMALL:,} entries (median) | {result.small_ms:.1f} ms | |\n"
        f"| statement, {LARGE:,} entries (median) | {result.large_ms:.1f} ms (p95 {result.large_p95_ms:.1f} ms) | |\n"
        f"| ratio | {result.ratio:.2f}× | ≤ {GOAL_RATIO}× ({verdict}) |\n"
        f"| posting throughput | {result.postings_per_s:,.0f} postings/s{versus} | reported |\n"
        f"| {LARGE:,}-entry ledger built in | {result.build_s:.1f} s | |\n"
    )


if __name__ == "__main__":
    print(markdown(run()))
