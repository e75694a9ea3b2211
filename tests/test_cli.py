"""The operator's command line, run as a real process against a fresh SQLite file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager

from jurycourt.app import create_app
from jurycourt.demo import PROGRAM_NAME, demo_logins
from jurycourt.settings import Settings
from tests.databases import settings_for
from tests.web.helpers import Page, client_for, sign_in

KEY = "cli-test-secret-" + "k" * 32
COMMAND = [sys.executable, "-m", "jurycourt"]
SCRIPT = Path(sys.executable).parent / "jurycourt"
STRONG = "a long enough passphrase"


def jurycourt(*args: str, db: Path, stdin: str = "", cwd: Path, command: list[str] = COMMAND,
              **env: str) -> subprocess.CompletedProcess:
    """Run `jurycourt ARGS` with only our JURYCOURT_* variables (never the developer's)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    clean.update(JURYCOURT_DATABASE_URL=f"sqlite://{db}", JURYCOURT_PASSWORD_HASHING="cheapest",
                 JURYCOURT_SECRET_KEY=KEY, JURYCOURT_PSEUDONYM_KEY=KEY[::-1])
    clean.update(env)
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=clean, timeout=300, check=False)  # a hang guard


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A database migrated by `jurycourt migrate`, run from outside the repository."""
    outside = tmp_path_factory.mktemp("elsewhere")
    db = outside / "migrated.sqlite3"
    result = jurycourt("migrate", db=db, cwd=outside, command=[str(SCRIPT)])
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    return db


@pytest.fixture
def db(migrated: Path, tmp_path: Path) -> Path:
    target = tmp_path / "jurycourt.sqlite3"
    shutil.copyfile(migrated, target)
    return target


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_migrate_from_outside_the_repository_builds_every_table(migrated):
    tables = {name for (name,) in rows(migrated, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"person", "account", "membership", "program", "web_session", "access_link"} <= tables


def test_migrate_twice_changes_nothing(db, tmp_path):
    result = jurycourt("migrate", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


async def test_create_coordinator_reads_the_password_from_stdin_and_they_can_sign_in(db, tmp_path):
    result = jurycourt("create-coordinator", "--program", "Eastside Youth Court", "--login", "Mbeki",
                       "--name", "Thandi Mbeki", db=db, cwd=tmp_path, stdin=STRONG + "\n")
    assert result.returncode == 0, result.stderr
    assert "'Mbeki' can now sign in" in result.stdout
    assert rows(db, "SELECT name FROM program") == [("Eastside Youth Court",)]
    assert rows(db, "SELECT role, status FROM membership") == [("coordinator", "active")]

    app = create_app(settings_for(f"sqlite://{db}"))
    async with LifespanManager(app):
        async with client_for(app, address=("127.0.0.1", 50000)) as client:
            await sign_in(client, "mbeki", STRONG)
            page = Page((await client.get("/me")).text)
    assert "Hello, Thandi" in page.text
    assert "Coordinator — Eastside Youth Court" in page.text


def test_create_coordinator_refuses_a_weak_password(db, tmp_path):
    result = jurycourt("create-coordinator", "--program", "Eastside", "--login", "mbeki",
                       db=db, cwd=tmp_path, stdin="short\n")
    assert result.returncode == 2
    assert "at least 10 characters" in result.stderr
    assert rows(db, "SELECT count(*) FROM account") == [(0,)]


def test_create_coordinator_refuses_a_taken_login(db, tmp_path):
    first = jurycourt("create-coordinator", "--program", "Eastside", "--login", "mbeki",
                      db=db, cwd=tmp_path, stdin=STRONG)
    again = jurycourt("create-coordinator", "--program", "Eastside", "--login", "MBEKI",
                      db=db, cwd=tmp_path, stdin=STRONG)
    assert first.returncode == 0, first.stderr
    assert again.returncode == 2
    assert "taken" in again.stderr
    assert rows(db, "SELECT count(*) FROM account") == [(1,)]


def test_seed_demo_fills_an_empty_database_and_prints_the_demo_logins(db, tmp_path):
    result = jurycourt("seed-demo", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "demo data loaded" in result.stdout
    for login, _ in demo_logins():
        assert f"  {login} " in result.stdout
    assert rows(db, "SELECT name FROM program") == [(PROGRAM_NAME,)]
    assert rows(db, "SELECT count(*) FROM account") == [(len(demo_logins()),)]


def test_seed_demo_refuses_a_database_with_data_unless_told_if_empty(db, tmp_path):
    assert jurycourt("seed-demo", db=db, cwd=tmp_path).returncode == 0
    again = jurycourt("seed-demo", db=db, cwd=tmp_path)
    assert again.returncode == 2
    assert "already has data" in again.stderr
    tolerant = jurycourt("seed-demo", "--if-empty", db=db, cwd=tmp_path)
    assert tolerant.returncode == 0, tolerant.stderr
    assert "coordinator" in tolerant.stdout
    assert rows(db, "SELECT count(*) FROM program") == [(1,)]


def test_seed_demo_refuses_to_run_in_production(db, tmp_path):
    result = jurycourt("seed-demo", db=db, cwd=tmp_path, JURYCOURT_ENVIRONMENT="production",
                       JURYCOURT_PASSWORD_HASHING="default", JURYCOURT_BASE_URL="https://jury.example.org")
    assert result.returncode == 2
    assert "refuses to run in production" in result.stderr
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]


def test_serve_refuses_several_workers_on_sqlite(db, tmp_path):
    result = jurycourt("serve", "--workers", "2", db=db, cwd=tmp_path)
    assert result.returncode == 2
    assert "several workers need PostgreSQL" in result.stderr


def test_settings_lists_every_jurycourt_variable(db, tmp_path):
    result = jurycourt("settings", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("JURYCOURT_")}
    assert listed == {f"JURYCOURT_{f.name.upper()}" for f in fields(Settings)}


def test_a_bad_setting_stops_every_command_with_a_clear_message(db, tmp_path):
    result = jurycourt("migrate", db=db, cwd=tmp_path, JURYCOURT_PORT="eighty")
    assert result.returncode == 2
    assert "JURYCOURT_PORT must be a whole number" in result.stderr
