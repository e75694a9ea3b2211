"""Checking the books: every cached balance equals the sum of its entries, every posting balances,
and each program's books sum to zero (``jurycourt ledger-check``)."""

from __future__ import annotations

from jurycourt.db import fetch_rows


async def books_problems() -> list[str]:
    """Every way the ledger disagrees with itself, in words ([] when the books are right)."""
    problems = []
    for account_id, key, cached, summed in await fetch_rows(
        "SELECT a.id, a.key, b.minutes, COALESCE((SELECT SUM(e.minutes) FROM ledger_entry e"
        " WHERE e.account_id = a.id), 0)"
        " FROM ledger_account a LEFT JOIN ledger_balance b ON b.account_id = a.id ORDER BY a.id", []):
        if cached is None:
            problems.append(f"account {account_id} ({key}) has no balance row")
        elif int(cached) != int(summed):
            problems.append(f"account {account_id} ({key}): balance {int(cached)} min, "
                            f"entries sum to {int(summed)} min")
    for posting_id, count, total in await fetch_rows(
        "SELECT p.id, COUNT(e.id), COALESCE(SUM(e.minutes), 0) FROM ledger_posting p"
        " LEFT JOIN ledger_entry e ON e.posting_id = p.id GROUP BY p.id"
        " HAVING COUNT(e.id) < 2 OR COALESCE(SUM(e.minutes), 0) <> 0 ORDER BY p.id", []):
        problems.append(f"posting {posting_id} has {int(count)} entries summing to {int(total)} min")
    for program_id, total in await fetch_rows(
        "SELECT a.program_id, SUM(e.minutes) FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id"
        " GROUP BY a.program_id HAVING SUM(e.minutes) <> 0 ORDER BY a.program_id", []):
        problems.append(f"program {program_id}: the books sum to {int(total)} min, not 0")
    for entry_id, posting_program, account_program in await fetch_rows(
        "SELECT e.id, p.program_id, a.program_id FROM ledger_entry e"
        " JOIN ledger_posting p ON p.id = e.posting_id JOIN ledger_account a ON a.id = e.account_id"
        " WHERE p.program_id <> a.program_id ORDER BY e.id", []):
        problems.append(f"entry {entry_id} of a program {posting_program} posting is on a program "
                        f"{account_program} account")
    return problems


async def books_summary() -> tuple[int, int, int]:
    """(accounts, postings, entries) checked."""
    rows = await fetch_rows(
        "SELECT (SELECT COUNT(*) FROM ledger_account), (SELECT COUNT(*) FROM ledger_posting),"
        " (SELECT COUNT(*) FROM ledger_entry)", [])
    return tuple(int(v) for v in rows[0])  # type: ignore[return-value]
