"""Checking the books: every cached balance equals the sum of its entries, every posting balances,
each program's books sum to zero, and every entry is explained by its posting (``jurycourt
ledger-check``): the entries are those the posting was made with (its fingerprint), the posting
was made by jurycourt (its audit event) and its cause exists (the seat, claim or request)."""

from __future__ import annotations

from collections import defaultdict

from jurycourt.db import fetch_rows
from jurycourt.domain.ledger import Entry, fingerprint

#: reference prefix -> (the table of its cause, the cause's condition)
CAUSES = {
    "seat": ("seat", "1 = 1"),
    "service_claim": ("service_claim", "status = 'approved'"),
    "reward_request": ("reward_request", "status = 'approved'"),
}


async def books_problems() -> list[str]:
    """Every way the ledger disagrees with itself, in words ([] when the books are right)."""
    problems = []
    for account_id, key, cached, summed in await fetch_rows(
        "SELECT a.id, a.key, b.minutes, COALESCE((SELECT SUM(e.minutes) FROM ledger_entry e"
        " WHERE e.account_id = a.id), 0)"
        " FROM ledger_account a LEFT JOIN ledger_balance b ON b.account_id = a.id ORDER BY a.id"):
        if cached is None:
            problems.append(f"account {account_id} ({key}) has no balance row")
        elif int(cached) != int(summed):
            problems.append(f"account {account_id} ({key}): balance {int(cached)} min, "
                            f"entries sum to {int(summed)} min")
    for posting_id, count, total in await fetch_rows(
        "SELECT p.id, COUNT(e.id), COALESCE(SUM(e.minutes), 0) FROM ledger_posting p"
        " LEFT JOIN ledger_entry e ON e.posting_id = p.id GROUP BY p.id"
        " HAVING COUNT(e.id) < 2 OR COALESCE(SUM(e.minutes), 0) <> 0 ORDER BY p.id"):
        problems.append(f"posting {posting_id} has {int(count)} entries summing to {int(total)} min")
    for program_id, total in await fetch_rows(
        "SELECT a.program_id, SUM(e.minutes) FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id"
        " GROUP BY a.program_id HAVING SUM(e.minutes) <> 0 ORDER BY a.program_id"):
        problems.append(f"program {program_id}: the books sum to {int(total)} min, not 0")
    for entry_id, posting_program, account_program in await fetch_rows(
        "SELECT e.id, p.program_id, a.program_id FROM ledger_entry e"
        " JOIN ledger_posting p ON p.id = e.posting_id JOIN ledger_account a ON a.id = e.account_id"
        " WHERE p.program_id <> a.program_id ORDER BY e.id"):
        problems.append(f"entry {entry_id} of a program {posting_program} posting is on a program "
                        f"{account_program} account")
    return problems + await unexplained_entries()


async def unexplained_entries() -> list[str]:
    """Postings whose entries are not the ones it was made with, that jurycourt did not record
    making, or whose cause does not exist: entries no posting explains."""
    problems: list[str] = []
    postings: dict[int, tuple[str, int, str, str]] = {}
    entries: dict[int, list[Entry]] = defaultdict(list)
    for posting_id, kind, program_id, reference, stored, account_id, minutes in await fetch_rows(
            "SELECT p.id, p.kind, p.program_id, p.reference, p.fingerprint, e.account_id, e.minutes"
            " FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id ORDER BY p.id, e.id"):
        postings[int(posting_id)] = (str(kind), int(program_id), str(reference), str(stored))
        entries[int(posting_id)].append(Entry(int(account_id), int(minutes)))
    audited = {str(subject) for (subject,) in await fetch_rows(
        "SELECT subject_id FROM audit_event WHERE action = 'ledger.posted' AND subject_type = 'posting'")}
    cited: dict[str, dict[int, int]] = defaultdict(dict)
    for posting_id, (kind, program_id, reference, stored) in postings.items():
        if len(reference) < 80 and fingerprint(kind, program_id, reference, entries[posting_id]) != stored:
            problems.append(f"posting {posting_id}: its entries are not the ones it was posted with")
        if str(posting_id) not in audited:
            problems.append(f"posting {posting_id}: jurycourt has no record of making it (no audit event)")
        prefix, _, cause = reference.partition(":")
        if prefix in CAUSES and cause.isdigit() and len(cause) < 19:
            cited[prefix][int(cause)] = posting_id
    for prefix, by_cause in cited.items():
        table, condition = CAUSES[prefix]
        found = {int(row[0]) for row in await fetch_rows(
            f"SELECT id FROM {table} WHERE {condition}")}  # noqa: S608 - constant names
        problems += [f"posting {posting_id}: {prefix} {cause} it names does not exist"
                     for cause, posting_id in sorted(by_cause.items()) if cause not in found]
    return problems


async def books_summary() -> tuple[int, int, int]:
    """(accounts, postings, entries) checked."""
    rows = await fetch_rows(
        "SELECT (SELECT COUNT(*) FROM ledger_account), (SELECT COUNT(*) FROM ledger_posting),"
        " (SELECT COUNT(*) FROM ledger_entry)")
    return tuple(int(v) for v in rows[0])  # type: ignore[return-value]
