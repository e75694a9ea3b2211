"""Data at scale for the benchmark suite: jurycourt's SQLite database filled in bulk.

``build(db, "full")`` adds, to a database built by the migrations and ``seed-demo``, in the demo's
program: 10,000 members (people, memberships, ledger accounts), 50,000 sessions (hearings, six
seats each), 100,000 cases across every state (a case event each, sanctions once heard, docket
entries once scheduled), 30,000 rooms (deliberations, each with its thread) holding 3,000,000
statements, 500,000 postings of two entries (1,000,000 ledger entries, every balance then set to
the sum of its entries, so ``jurycourt ledger-check`` passes) and 100,000 published publications
(tests/bench/findings.py, whose triggers fill the search index). ``"medium"`` is 10 % of each
(what the PostgreSQL run uses by default), ``"small"`` 1 % (the CI-sized run).

Every table but the publications is filled by ``INSERT … SELECT`` over a recursive counting CTE:
one statement per table, the rows made by the database engine itself rather than bound one by one
from Python, which is what makes millions of rows take seconds. Ids are given explicitly (after the
demo's), so each foreign key is arithmetic on a row number and always names a row that exists.
The same SQL runs on PostgreSQL (``build_postgres``, through asyncpg: only timestamps and dates are
spelled per database), without the publications, whose bulk builder is SQLite's.

Run alone: `python -m tests.bench.scale DB_PATH [--scale small]` (after `jurycourt migrate` and
`seed-demo`); it prints what it built and how long each table took.
"""

# The SQL here is built from this module's constants and integers only, never from input:
# ruff: noqa: S608
from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import findings

#: Case states in the order they are dealt out (case n has STATES[n % 9]).
STATES = ("referred", "intake", "scheduled", "heard", "monitoring", "completed", "failed", "declined",
          "withdrawn")
DOCKETED = (2, 3, 4, 5, 6)  # state indexes whose cases are on a hearing's docket
SANCTIONED = {3: "assigned", 4: "in_progress", 5: "done", 6: "failed"}  # state index → sanction status
SEATS_PER_SESSION = 6
STATEMENTS_PER_ROOM = 100
#: Sessions go back from here (the hour the data is built), four hours apart: the calendar's current
#: month always holds some, whenever the benchmark runs.
START = f"{datetime.now(UTC):%Y-%m-%d %H}:00:00"


@dataclass(frozen=True)
class Scale:
    members: int
    sessions: int
    cases: int
    statements: int
    entries: int
    publications: int

    @property
    def rooms(self) -> int:
        return self.statements // STATEMENTS_PER_ROOM


SCALES = {
    "full": Scale(members=10_000, sessions=50_000, cases=100_000, statements=3_000_000, entries=1_000_000,
                  publications=100_000),
    "medium": Scale(members=1_000, sessions=5_000, cases=10_000, statements=300_000, entries=100_000,
                    publications=10_000),
    "small": Scale(members=100, sessions=500, cases=1_000, statements=30_000, entries=10_000, publications=1_000),
}


@dataclass
class Built:
    scale: str
    seconds: dict[str, float] = field(default_factory=dict)  # table (or step) → seconds
    counts: dict[str, int] = field(default_factory=dict)  # table → rows added
    findings: findings.Built | None = None
    member_person_id: int = 0  # a scale member (a person's ledger page, the posting target)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _numbers(count: int) -> str:
    """A CTE ``n(i)`` of 0 … count-1 (recursive: SQLite and PostgreSQL alike)."""
    return f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {int(count)}) "



class _Filler:
    """Runs the builders' SQL on one database (SQLite here, PostgreSQL in :class:`_PostgresFiller`)."""

    pg = False

    def __init__(self, db: sqlite3.Connection, built: Built) -> None:
        self.db, self.built = db, built
        self.first_hearing = self.first_case = 0  # set as the sessions and the cases are built

    def execute(self, statement: str) -> int:
        """Run one statement; the rows it changed."""
        changes = self.db.total_changes
        self.db.execute(statement)
        return self.db.total_changes - changes

    def value(self, query: str) -> int:
        return self.db.execute(query).fetchone()[0]

    def ts(self, minutes_back: str) -> str:
        """A stored UTC timestamp ``minutes_back`` minutes before START (in SQLite as the app writes it)."""
        if self.pg:
            return f"(TIMESTAMPTZ '{START}+00' - ({minutes_back}) * INTERVAL '1 minute')"
        return f"(datetime('{START}', printf('%+d minutes', -({minutes_back}))) || '+00:00')"

    def day(self, base: str, days_back: str) -> str:
        """The date ``days_back`` days before ``base``."""
        if self.pg:
            return f"(DATE '{base}' - ({days_back}))"
        return f"date('{base}', printf('%+d days', -({days_back})))"

    def next_id(self, table: str) -> int:
        return self.value(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"') + 1

    def fill(self, table: str, columns: str, count: int, select: str, label: str = "") -> None:
        """``INSERT INTO table (columns) SELECT …`` over n(i) for i < count, timed and counted."""
        began = time.perf_counter()
        changed = self.execute(f'{_numbers(count)}INSERT INTO "{table}" ({columns}) {select}')
        key = label or table
        self.built.seconds[key] = self.built.seconds.get(key, 0.0) + time.perf_counter() - began
        self.built.counts[key] = self.built.counts.get(key, 0) + changed

    def sql(self, label: str, statement: str) -> None:
        began = time.perf_counter()
        self.execute(statement)
        self.built.seconds[label] = self.built.seconds.get(label, 0.0) + time.perf_counter() - began


class _PostgresFiller(_Filler):
    """The same SQL on PostgreSQL (asyncpg, driven from this synchronous code by its own loop)."""

    pg = True

    def __init__(self, dsn: str, built: Built) -> None:
        import asyncpg

        self.runner = asyncio.Runner()
        self.conn = self.runner.run(asyncpg.connect(dsn))
        self.built = built
        self.first_hearing = self.first_case = 0

    def execute(self, statement: str) -> int:
        status = self.runner.run(self.conn.execute(statement))  # e.g. "INSERT 0 1000"
        return int(status.rsplit(" ", 1)[1]) if status.split(" ")[0] in ("INSERT", "UPDATE") else 0

    def value(self, query: str) -> int:
        return self.runner.run(self.conn.fetchval(query))

    def close(self) -> None:
        self.runner.run(self.conn.close())
        self.runner.close()


def _fill_all(f: _Filler, size: Scale, built: Built) -> None:
    program = f.value("SELECT id FROM program ORDER BY id LIMIT 1")
    issuing = f.value(f"SELECT id FROM ledger_account WHERE program_id = {program} AND kind = 'issuing'")
    f.execute("BEGIN")
    built.member_person_id = _people(f, size, program)
    _sessions(f, size, program, built.member_person_id)
    _cases(f, size, program, built.member_person_id)
    _rooms(f, size, program, built.member_person_id)
    _ledger(f, size, program, issuing, built.member_person_id)
    f.execute("COMMIT")


def build(db_path: Path, scale: str = "full") -> Built:
    """Fill jurycourt's SQLite database at ``db_path`` (migrated and demo-seeded) at ``scale``."""
    size = SCALES[scale]
    built = Built(scale)
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a throwaway benchmark database: speed over durability
        db.execute("PRAGMA cache_size = -200000")
        _fill_all(_Filler(db, built), size, built)
    finally:
        db.close()
    began = time.perf_counter()
    built.findings = findings.build(db_path, size.publications)  # its own transaction and ANALYZE
    built.seconds["publication"] = time.perf_counter() - began
    built.counts["publication"] = size.publications
    return built


#: The tables whose ids the builders give explicitly: PostgreSQL's sequences move past them after.
SEQUENCED = ("person", "hearing", "case_file", "deliberation", "thread", "ledger_account", "ledger_posting")


def build_postgres(dsn: str, scale: str = "full") -> Built:
    """The same data on PostgreSQL (a database migrated and demo-seeded), without the publications
    (their bulk builder is SQLite's, full-text index included): ``built.findings`` stays None."""
    built = Built(scale)
    f = _PostgresFiller(dsn, built)
    try:
        _fill_all(f, SCALES[scale], built)
        for table in SEQUENCED:
            f.sql("sequences", f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                  f'(SELECT MAX(id) FROM "{table}"))')
        f.sql("analyze", "ANALYZE")
    finally:
        f.close()
    return built


def _people(f: _Filler, size: Scale, program: int) -> int:
    """Members: people, juror memberships; returns the first member's person id."""
    first = f.next_id("person")
    f.fill("person", "id, given_name, family_name, preferred_name, date_of_birth, email, phone, address, "
           "language, created_at, updated_at", size.members,
           f"SELECT {first} + i, 'Member', 'Scale ' || i, '', {f.day('2009-01-01', '-(i % 1500)')}, "
           f"'', '', '', 'en-US', {f.ts('i')}, {f.ts('i')} FROM n")
    f.fill("membership", "person_id, program_id, role, status, training_date, pledge_date, created_at",
           size.members, f"SELECT {first} + i, {program}, 'juror', 'active', '2026-01-10', '2026-01-10', "
           f"{f.ts('i')} FROM n")
    return first


def _sessions(f: _Filler, size: Scale, program: int, member: int) -> None:
    """Sessions every four hours back from START (held once past), each with six accepted seats."""
    first = f.next_id("hearing")
    f.fill("hearing", "id, program_id, kind, title, starts_at, ends_at, status, created_at, room_id", size.sessions,
           f"SELECT {first} + i, {program}, CASE i % 10 WHEN 0 THEN 'panel_session' ELSE 'jury_hearing' END, "
           f"'Scale session ' || i, {f.ts('i * 240')}, {f.ts('i * 240 - 120')}, "
           f"CASE WHEN i = 0 THEN 'confirmed' ELSE 'held' END, {f.ts('i * 240 + 20160')}, NULL FROM n")
    seats = size.sessions * SEATS_PER_SESSION
    f.fill("seat", "hearing_id, person_id, role, status, invited_at, responded_at, checked_in_at, checked_out_at, "
           "no_show", seats,
           f"SELECT {first} + i / {SEATS_PER_SESSION}, {member} + (i % {size.members}), "
           f"CASE i % {SEATS_PER_SESSION} WHEN 0 THEN 'foreperson' ELSE 'juror' END, 'accepted', "
           f"NULL, NULL, NULL, NULL, FALSE FROM n")
    f.first_hearing = first


def _cases(f: _Filler, size: Scale, program: int, member: int) -> None:
    """Cases dealt round the nine states; docketed, with sanctions, as their state implies."""
    first = f.next_id("case_file")
    states = "CASE i % 9 " + " ".join(f"WHEN {k} THEN '{s}'" for k, s in enumerate(STATES)) + " END"
    f.fill("case_file", "id, program_id, respondent_id, state, agency, referring_officer, referral_date, "
           "offence_category, summary, disposition_date, closed_on, age_band, sealed_at, created_at, updated_at",
           size.cases,
           f"SELECT {first} + i, {program}, {member} + (i % {size.members}), {states}, 'police', '', "
           f"{f.day('2026-11-01', '(i / 30)')}, CASE i % 3 WHEN 0 THEN 'shoplifting' WHEN 1 THEN "
           f"'vandalism' ELSE 'trespass' END, 'Scale case ' || i || '.', "
           f"CASE WHEN i % 9 BETWEEN 3 AND 6 THEN {f.day('2026-11-10', '(i / 30)')} END, "
           f"CASE WHEN i % 9 IN (5, 6, 7, 8) THEN {f.day('2026-11-20', '(i / 30)')} END, "
           f"'14-15', NULL, {f.ts('i * 5')}, {f.ts('i * 5')} FROM n")
    f.fill("case_event", "case_id, at, actor_id, action, from_state, to_state, reason", size.cases,
           f"SELECT {first} + i, {f.ts('i * 5')}, NULL, 'refer', '', 'referred', '' FROM n")
    f.fill("case_event", "case_id, at, actor_id, action, from_state, to_state, reason", size.cases,
           f"SELECT {first} + i, {f.ts('i * 5 - 60')}, NULL, 'move', 'referred', {states}, '' FROM n WHERE i % 9 > 0")
    sanction_status = "CASE i % 9 " + " ".join(f"WHEN {k} THEN '{s}'" for k, s in SANCTIONED.items()) + " END"
    f.fill("sanction", "case_id, kind, detail, quantity, amount_cents, due_on, status, status_reason, created_at, "
           "updated_at", size.cases,
           f"SELECT {first} + i, 'community_service', '', 20, NULL, {f.day('2026-12-31', '(i / 30)')}, "
           f"{sanction_status}, '', {f.ts('i * 5 - 120')}, {f.ts('i * 5 - 120')} FROM n "
           f"WHERE i % 9 IN ({', '.join(map(str, SANCTIONED))})")
    hearing = f.first_hearing
    f.fill("docket_entry", "hearing_id, case_id, position", size.cases,
           f"SELECT {hearing} + (i % {size.sessions}), {first} + i, 1 + (i / {size.sessions}) FROM n "
           f"WHERE i % 9 IN ({', '.join(map(str, DOCKETED))})")
    f.first_case = first


def _rooms(f: _Filler, size: Scale, program: int, member: int) -> None:
    """A room (deliberation and its thread) for the first docketed cases, 100 statements each."""
    first_room, first_thread = f.next_id("deliberation"), f.next_id("thread")
    f.sql("deliberation", "CREATE TEMP TABLE scale_room AS SELECT ROW_NUMBER() OVER (ORDER BY d.case_id) - 1 AS k, "
          "d.hearing_id, d.case_id, c.state FROM docket_entry d JOIN case_file c ON c.id = d.case_id "
          f"WHERE c.id >= {f.first_case} ORDER BY d.case_id LIMIT {size.rooms}")
    f.sql("deliberation", f'INSERT INTO deliberation (id, hearing_id, case_id, phase, under_vote_id, vote_closed, '
          f"sealed_at, created_at, version, thread_id) SELECT {first_room} + k, hearing_id, case_id, "
          f"CASE state WHEN 'scheduled' THEN 'deliberation' ELSE 'decided' END, NULL, FALSE, NULL, {f.ts('k')}, "
          f"{STATEMENTS_PER_ROOM}, NULL FROM scale_room")
    f.sql("thread", f"INSERT INTO thread (id, program_id, topic, topic_id, version, sealed_at, created_at) "
          f"SELECT {first_thread} + k, {program}, 'deliberation', {first_room} + k, {STATEMENTS_PER_ROOM}, NULL, "
          f"{f.ts('k')} FROM scale_room")
    f.sql("deliberation", f"UPDATE deliberation SET thread_id = {first_thread} + (id - {first_room}) "
          f"WHERE id >= {first_room}")
    f.sql("deliberation", "DROP TABLE scale_room")
    f.built.counts["deliberation"] = f.built.counts["thread"] = size.rooms
    f.fill("thread_statement", "thread_id, author_id, body, created_at, hidden_reason", size.statements,
           f"SELECT {first_thread} + i / {STATEMENTS_PER_ROOM}, {member} + (i % {size.members}), "
           f"'Statement ' || (i % {STATEMENTS_PER_ROOM} + 1) || ': an apology letter and twenty hours seem fair.', "
           f"{f.ts(f'i % {STATEMENTS_PER_ROOM}')}, NULL FROM n")


def _ledger(f: _Filler, size: Scale, program: int, issuing: int, member: int) -> None:
    """A personal account per member, service credits from the issuing account, balances summed."""
    first_account = f.next_id("ledger_account")
    f.fill("ledger_account", "id, program_id, kind, key, person_id, created_at", size.members,
           f"SELECT {first_account} + i, {program}, 'personal', 'person:' || ({member} + i), {member} + i, "
           f"{f.ts('i')} FROM n")
    f.fill("ledger_balance", "account_id, minutes, updated_at", size.members,
           f"SELECT {first_account} + i, 0, {f.ts('0')} FROM n")
    first_posting, postings = f.next_id("ledger_posting"), size.entries // 2
    f.fill("ledger_posting", "id, program_id, kind, reference, idempotency_key, fingerprint, memo, occurred_at, "
           "recorded_at, recorded_by_id, reverses_id", postings,
           f"SELECT {first_posting} + i, {program}, 'service_credit', 'scale:' || i, 'scale:' || i, 'scale', "
           f"'Scale service', {f.ts('i')}, {f.ts('i')}, NULL, NULL FROM n")
    minutes = "15 * (1 + i % 12)"
    f.fill("ledger_entry", "posting_id, account_id, minutes", postings,
           f"SELECT {first_posting} + i, {issuing}, -({minutes}) FROM n", label="ledger_entry")
    f.fill("ledger_entry", "posting_id, account_id, minutes", postings,
           f"SELECT {first_posting} + i, {first_account} + (i % {size.members}), {minutes} FROM n",
           label="ledger_entry")
    f.sql("ledger_balance", "UPDATE ledger_balance SET minutes = (SELECT COALESCE(SUM(e.minutes), 0) "
          "FROM ledger_entry e WHERE e.account_id = ledger_balance.account_id) "
          f"WHERE account_id = {issuing} OR account_id >= {first_account}")


def markdown(built: Built) -> str:
    rows = [f"| {table} | {built.counts.get(table, 0):,} | {seconds:.1f} s |"
            for table, seconds in built.seconds.items()]
    return "\n".join([
        "## Data at scale", "",
        f"Data built by tests/bench/scale.py (`--scale {built.scale}`) in **{built.total_seconds:.1f} s** "
        "(goal under 2 minutes), on top of the demo:", "",
        "| table | rows added | seconds |", "|---|--:|--:|", *rows])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m tests.bench.scale", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("db", type=Path, help="jurycourt's SQLite database, migrated and demo-seeded")
    p.add_argument("--scale", choices=sorted(SCALES), default="full")
    opts = p.parse_args(argv)
    print(markdown(build(opts.db, opts.scale)))


if __name__ == "__main__":
    main()
