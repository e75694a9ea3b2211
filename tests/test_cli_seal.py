"""`jurycourt seal`: seals the cases whose period has passed and says how many."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from jurycourt import clock
from tests.test_cli import db, jurycourt, migrated, rows  # noqa: F401 - fixtures used by name


def test_seal_seals_the_cases_whose_period_has_passed_and_prints_how_many(db, tmp_path):  # noqa: F811
    assert jurycourt("seed-demo", db=db, cwd=tmp_path).returncode == 0
    assert "0 cases sealed" in jurycourt("seal", db=db, cwd=tmp_path).stdout
    sealed_before = rows(db, "SELECT id FROM case_file WHERE sealed_at IS NOT NULL")  # the demo's history
    long_ago = (clock.today() - timedelta(days=800)).isoformat()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE case_file SET closed_on = ? WHERE state = 'completed'", (long_ago,))
    result = jurycourt("seal", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "jurycourt: 1 case sealed." in result.stdout
    sealed = rows(db, "SELECT id, state, respondent_id IS NULL FROM case_file WHERE sealed_at IS NOT NULL")
    assert [row[1:] for row in sealed if (row[0],) not in sealed_before] == [("completed", 1)]


def test_seal_compact_rebuilds_the_database_file_without_free_pages(db, tmp_path):  # noqa: F811
    assert jurycourt("seed-demo", db=db, cwd=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")  # pages that once held data, then freed
        conn.execute("INSERT INTO filler VALUES (randomblob(200000))")
        conn.execute("DROP TABLE filler")
    assert rows(db, "PRAGMA freelist_count") != [(0,)]
    result = jurycourt("seal", "--compact", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "compacted" in result.stdout
    assert rows(db, "PRAGMA freelist_count") == [(0,)]
