"""`jurycourt ledger-check`: the books of a real database, checked by the operator's command."""

from __future__ import annotations

import sqlite3

from tests.test_cli import db, jurycourt, migrated  # noqa: F401 - db and migrated are fixtures


def test_ledger_check_passes_on_the_demo_and_reports_a_balance_that_disagrees(db, tmp_path):  # noqa: F811
    assert jurycourt("seed-demo", db=db, cwd=tmp_path).returncode == 0

    good = jurycourt("ledger-check", db=db, cwd=tmp_path)
    with sqlite3.connect(db) as conn:
        account_id, minutes = conn.execute(
            "SELECT account_id, minutes FROM ledger_balance WHERE minutes > 0").fetchone()
        conn.execute("UPDATE ledger_balance SET minutes = minutes + 15 WHERE account_id = ?", (account_id,))
    bad = jurycourt("ledger-check", db=db, cwd=tmp_path)

    assert good.returncode == 0, good.stderr
    assert "the books balance" in good.stdout
    assert bad.returncode == 1
    assert "do NOT balance" in bad.stderr
    assert f"account {account_id}" in bad.stderr
    assert f"balance {minutes + 15} min, entries sum to {minutes} min" in bad.stderr


def test_ledger_check_finds_entries_that_no_posting_explains(db, tmp_path):  # noqa: F811
    """Append-only tables still take INSERTs: entries slipped into a posting (balanced, so every sum
    still agrees), or a posting jurycourt never made, are found all the same."""
    assert jurycourt("seed-demo", db=db, cwd=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:
        posting_id, account_id = conn.execute(
            "SELECT posting_id, account_id FROM ledger_entry WHERE minutes > 0 ORDER BY id LIMIT 1").fetchone()
        issuing = conn.execute("SELECT account_id FROM ledger_entry WHERE posting_id = ? AND minutes < 0",
                               (posting_id,)).fetchone()[0]
        conn.executemany("INSERT INTO ledger_entry (posting_id, account_id, minutes) VALUES (?, ?, ?)",
                         [(posting_id, account_id, 600), (posting_id, issuing, -600)])
        conn.executemany("UPDATE ledger_balance SET minutes = minutes + ? WHERE account_id = ?",
                         [(600, account_id), (-600, issuing)])
        program_id = conn.execute("SELECT program_id FROM ledger_posting WHERE id = ?", (posting_id,)).fetchone()[0]
        forged = conn.execute(
            "INSERT INTO ledger_posting (program_id, kind, reference, idempotency_key, fingerprint, memo,"
            " occurred_at, recorded_at) VALUES (?, 'service_credit', 'service_claim:999999', 'forged', 'x', '',"
            " '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')", (program_id,)).lastrowid
        conn.executemany("INSERT INTO ledger_entry (posting_id, account_id, minutes) VALUES (?, ?, ?)",
                         [(forged, account_id, 60), (forged, issuing, -60)])
        conn.executemany("UPDATE ledger_balance SET minutes = minutes + ? WHERE account_id = ?",
                         [(60, account_id), (-60, issuing)])

    bad = jurycourt("ledger-check", db=db, cwd=tmp_path)

    assert bad.returncode == 1
    assert f"posting {posting_id}: its entries are not the ones it was posted with" in bad.stderr
    assert f"posting {forged}: jurycourt has no record of making it" in bad.stderr
    assert f"posting {forged}: service_claim 999999 it names does not exist" in bad.stderr
    assert "balance" not in bad.stderr.replace("do NOT balance", "")  # every sum still agrees
