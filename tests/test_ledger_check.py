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
