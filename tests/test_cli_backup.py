"""`jurycourt backup` and `jurycourt restore` round-trip every table's rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tortoise import Tortoise

from jurycourt.models import AuditEvent, Person
from tests.databases import TEST_SECRET


def run(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    env.update(JURYCOURT_DATABASE_URL=database_url, JURYCOURT_SECRET_KEY=TEST_SECRET,
               JURYCOURT_PSEUDONYM_KEY=TEST_SECRET[::-1],
               JURYCOURT_PASSWORD_HASHING="cheapest")
    return subprocess.run([sys.executable, "-m", "jurycourt", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


async def every_row(database_url: str) -> dict[str, list[str]]:
    conn = Tortoise.get_connection("default")
    if database_url.startswith("sqlite"):
        names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        names = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    tables = sorted(row["name"] for row in await conn.execute_query_dict(names))
    return {t: sorted(repr(sorted(r.items())) for r in await conn.execute_query_dict(f'SELECT * FROM "{t}"'))  # noqa: S608
            for t in tables}


async def test_a_backup_restores_every_table_as_it_was(app, demo, database_url, tmp_path):
    before = await every_row(database_url)
    assert len(before["person"]) > 5 and len(before["ledger_entry"]) > 0
    backup_file = tmp_path / "jurycourt.backup"
    made = run("backup", str(backup_file), database_url=database_url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert backup_file.stat().st_size > 0

    await AuditEvent.create(action="person.updated", detail={"after": "backup"})
    await Person.filter(id=(await Person.first()).id).update(family_name="Changed After Backup")
    assert await every_row(database_url) != before

    restored = run("restore", str(backup_file), database_url=database_url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert await every_row(database_url) == before


def test_restoring_a_missing_or_foreign_file_is_refused(database_url, tmp_path):
    missing = run("restore", str(tmp_path / "nothing.backup"), database_url=database_url, cwd=tmp_path)
    assert missing.returncode == 2 and "no backup file" in missing.stderr
    if database_url.startswith("sqlite"):
        junk = tmp_path / "junk.backup"
        junk.write_text("not a database at all " * 100)
        refused = run("restore", str(junk), database_url=database_url, cwd=tmp_path)
        assert refused.returncode == 2 and "not a SQLite backup" in refused.stderr
