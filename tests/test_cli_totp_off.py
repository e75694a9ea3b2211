"""`jurycourt totp-off`: the operator's way back in for someone who lost phone and recovery codes."""

from __future__ import annotations

import sqlite3

from tests.test_cli import STRONG, db, jurycourt, migrated, rows  # noqa: F401 - fixtures

FAKE_SEALED = "gAAAAA-sealed"


def test_totp_off_clears_the_secret_and_the_recovery_codes_and_is_audited(db, tmp_path):  # noqa: F811
    made = jurycourt("create-coordinator", "--program", "Eastside Youth Court", "--login", "mbeki",
                     db=db, cwd=tmp_path, stdin=STRONG + "\n")
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE account SET totp_secret = ?, totp_enabled_at = '2026-01-01 00:00:00+00:00', "
                     "totp_last_step = 5", (FAKE_SEALED,))
        conn.execute("INSERT INTO recovery_code (account_id, code_hash, created_at) "
                     "SELECT id, 'x', '2026-01-01 00:00:00+00:00' FROM account")
    result = jurycourt("totp-off", "--login", "MBEKI", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert rows(db, "SELECT totp_secret, totp_enabled_at, totp_last_step FROM account") == [("", None, 0)]
    assert rows(db, "SELECT count(*) FROM recovery_code") == [(0,)]
    assert rows(db, "SELECT action FROM audit_event WHERE action LIKE 'totp.%'") == [("totp.disabled_by_operator",)]
    again = jurycourt("totp-off", "--login", "mbeki", db=db, cwd=tmp_path)
    assert again.returncode == 2 and "no account 'mbeki' with two-step sign-in" in again.stderr
