"""Data for the findings benchmark: 100,000 published publications, bulk-inserted.

Rows go in through raw multi-row INSERTs on one SQLite connection, in batches inside one
transaction, so the app's own triggers (migration 0007) fill the FTS5 index exactly as they do
when the app publishes. Bodies are a few Markdown templates rendered once by the app's renderer,
plus a paragraph of words drawn per publication (plain letters, so its HTML is the same text in
a <p>). Publication ``n`` (0 = newest) is ``bench-<n>``, published ``n`` minutes before START;
every 100th mentions ``MARKER``, the word the search row looks for.

Run alone: `python -m tests.bench.findings DB_PATH` (after `jurycourt migrate` and `seed-demo`).
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jurycourt.formats.markdown import render_markdown
from tests.bench.load import Result, percentile

COUNT = 100_000
BATCH = 500  # rows per INSERT: 500 × 17 columns stays under SQLite's 32,766 variables
START = datetime(2026, 1, 1, tzinfo=UTC)
MARKER = "greenway"  # in every 100th publication: 1,000 of them match the search row
SEARCH_GOAL_MS = 100.0  # search latency p95, one visitor at a time: reported, never asserted
DEEP = 90_000  # the keyset page row starts after this publication
KINDS = ("inquiry_report", "panel_recommendations", "justice_summary", "outcomes_report")
TOPICS = ("youth", "schools", "housing", "policing", "restorative-justice", "outcomes", "time-credits",
          "substance-use", "prevention", "transport")
WORDS = ("community", "jury", "panel", "school", "restitution", "service", "hearing", "respondent", "mentor",
         "curfew", "library", "bus", "park", "after-school", "apology", "essay", "workshop", "credit", "hours",
         "council", "budget", "recommendation", "response", "agency", "program", "survey", "neighbourhood",
         "safety", "lighting", "counsellor", "attendance", "volunteer", "evening", "weekend", "summer")
TEMPLATES = [
    "## Why we looked\n\n{w}\n\n## What we found\n\n- Fewer referrals\n- More hours given back\n\n"
    "## Recommendations\n\n1. Fund the programme\n2. Report back in a year\n",
    "## The question\n\n{w}\n\n## How we worked\n\nWe met six times and heard from twelve people.\n\n"
    "| Month | Hearings |\n|---|--:|\n| January | 4 |\n| February | 5 |\n",
    "## Cases heard\n\n{w}\n\n## Service given back\n\nJurors gave **hundreds** of hours.\n\n"
    "## Re-arrest\n\nLower than the court's own figure.\n",
]
COLUMNS = ("program_id", "kind", "slug", "title", "summary", "body_markdown", "body_html", "toc", "topics",
           "state", "released_words", "published_at", "withdrawal_notice", "created_at", "updated_at",
           "approved_by_id", "created_by_id")


@dataclass(frozen=True)
class Built:
    seconds: float
    deep_cursor: str  # the `after` of the keyset page that starts after publication DEEP
    report_slug: str
    search: str


def _stamp(at: datetime) -> str:
    """As the app stores a UTC timestamp in SQLite (``str(datetime)``, whole seconds here)."""
    return str(at.replace(microsecond=0))


def _rendered() -> list[tuple[str, str, str, str]]:
    """Per template: the Markdown and the HTML before and after its {w} slot, and its contents."""
    parts = []
    for template in TEMPLATES:
        html = render_markdown(template.replace("{w}", "SLOT")).html
        toc = json.dumps([list(t) for t in render_markdown(template).toc], separators=(",", ":"))
        md_before, md_after = template.split("{w}")
        html_before, html_after = html.split("<p>SLOT</p>")
        parts.append((md_before, md_after, html_before, html_after, toc))
    return parts


def rows(program_id: int, author_id: int, count: int = COUNT, seed: int = 7):
    rng = random.Random(seed)
    templates = _rendered()
    for n in range(count):
        words = rng.choices(WORDS, k=40)
        if n % 100 == 0:
            words[rng.randrange(40)] = MARKER
        text = " ".join(words).capitalize() + "."
        md_before, md_after, html_before, html_after, toc = templates[n % len(templates)]
        at = _stamp(START - timedelta(minutes=n))
        topics = "," + ",".join(sorted(set(rng.sample(TOPICS, 2)))) + ","
        yield (program_id, KINDS[n % len(KINDS)], f"bench-{n}", f"Report {n}: {words[0]} and {words[1]}",
               f"What the {words[2]} {words[3]} found about {words[4]}.", md_before + text + md_after,
               html_before + f"<p>{text}</p>" + html_after, toc, topics, "published", "[]", at, "", at, at,
               author_id, author_id)


def build(db_path: Path, count: int = COUNT) -> Built:
    """Insert ``count`` published publications into jurycourt's SQLite database at ``db_path``."""
    started = time.perf_counter()
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        program_id, author_id = db.execute(
            "SELECT program_id, created_by_id FROM publication ORDER BY id LIMIT 1").fetchone()
        one = "(" + ", ".join("?" * len(COLUMNS)) + ")"
        db.execute("BEGIN")
        batch: list = []
        for row in rows(program_id, author_id, count):
            batch.append(row)
            if len(batch) == BATCH:
                _insert(db, batch, one)
                batch = []
        if batch:
            _insert(db, batch, one)
        db.execute("COMMIT")
        db.execute("ANALYZE")
        deep_at, deep_id = db.execute("SELECT published_at, id FROM publication WHERE slug = ?",
                                      (f"bench-{min(DEEP, count - 1)}",)).fetchone()
    finally:
        db.close()
    cursor = datetime.fromisoformat(deep_at).isoformat() + f"_{deep_id}"
    return Built(time.perf_counter() - started, cursor, f"bench-{count // 2}", MARKER)


def _insert(db: sqlite3.Connection, batch: list, one: str) -> None:
    sql = f"INSERT INTO publication ({', '.join(COLUMNS)}) VALUES " + ", ".join([one] * len(batch))  # noqa: S608
    db.execute(sql, [value for row in batch for value in row])


def search_markdown(path: str, alone: Result, build_seconds: float) -> str:
    """The search row's latency with one visitor at a time (no queueing behind others)."""
    values = sorted(alone.latencies)
    p50, p95 = percentile(values, 50) * 1000, percentile(values, 95) * 1000
    verdict = "met" if p95 < SEARCH_GOAL_MS else "NOT met"
    return (
        f"Search latency, one visitor at a time (`{path}`, one keep-alive connection, {alone.requests:,} "
        f"requests, {alone.errors} errors): p50 {p50:.1f} ms, **p95 {p95:.1f} ms** (goal < {SEARCH_GOAL_MS:.0f} ms: "
        f"{verdict}). The {COUNT:,} publications were inserted, full-text index included, in {build_seconds:.1f} s."
    )


if __name__ == "__main__":
    built = build(Path(sys.argv[1]))
    print(f"{COUNT:,} publications in {built.seconds:.1f} s; deep cursor {built.deep_cursor}")
