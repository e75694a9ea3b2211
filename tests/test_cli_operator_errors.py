"""An operator's mistake is said in one line that says what to do, never a traceback (that needs
--debug) and never a hang: a relative or unwritable SQLite path, a URL of the wrong kind, a database
that is not there, one that is not migrated; and two `migrate` runs at once wait for each other."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import on_postgres
from tests.serving import free_port, pg_admin, postgres_admin_url

COMMAND = [sys.executable, "-m", "jurycourt"]
KEY = "operator-test-secret-" + "k" * 32


def start(*args: str, url: str, cwd: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    env.update(JURYCOURT_DATABASE_URL=url, JURYCOURT_SECRET_KEY=KEY, JURYCOURT_PSEUDONYM_KEY=KEY[::-1],
               JURYCOURT_PASSWORD_HASHING="cheapest")
    return subprocess.Popen([*COMMAND, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def run(*args: str, url: str, cwd: Path) -> tuple[int, str]:
    process = start(*args, url=url, cwd=cwd)
    try:
        _, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"`jurycourt {' '.join(args)}` on {url} hung")
    return process.returncode, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def fresh_url(tmp_path) -> Iterator[str]:
    """A database with nothing in it, of the kind the suite runs on (SQLite's named relative to the
    folder commands run in, in the explicit form)."""
    if not on_postgres():
        yield "sqlite://./fresh.sqlite3"
        return
    name = f"jc_ops_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield re.sub(r"/[^/]*$", "/" + name, postgres_admin_url())
    finally:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_a_relative_sqlite_path_is_refused_and_creates_nothing(tmp_path) -> None:
    status, err = run("ledger-check", url="sqlite://var/jurycourt.sqlite3", cwd=tmp_path)

    assert status != 0
    assert "relative path" in one_line(err) and "sqlite:///" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["sqlite:///proc/jurycourt.sqlite3", "sqlite:///dev/null/jurycourt.sqlite3"],
                         ids=["unwritable folder", "folder that is a file"])
def test_an_unwritable_sqlite_path_is_an_error_not_a_hang(tmp_path, url) -> None:
    status, err = run("migrate", url=url, cwd=tmp_path)

    assert status != 0
    assert "cannot write the SQLite database" in one_line(err)


@pytest.mark.parametrize("url", ["mysql://db/jurycourt", "postgres://", "jurycourt.sqlite3"])
def test_a_database_url_of_the_wrong_form_is_one_line(tmp_path, url) -> None:
    status, err = run("migrate", url=url, cwd=tmp_path)

    assert status == 2
    assert "JURYCOURT_DATABASE_URL" in one_line(err)


def test_an_unreachable_database_is_one_line_and_the_traceback_needs_debug(tmp_path) -> None:
    url = f"postgres://postgres@127.0.0.1:{free_port()}/jurycourt"  # nothing listens there

    status, err = run("ledger-check", url=url, cwd=tmp_path)
    assert status == 1
    assert "cannot reach the database" in one_line(err)

    _, err = run("--debug", "ledger-check", url=url, cwd=tmp_path)
    assert "Traceback" in err


def test_serving_an_unmigrated_database_says_to_migrate(tmp_path, fresh_url) -> None:
    for command in (("serve", "--port", str(free_port())), ("ledger-check",)):
        status, err = run(*command, url=fresh_url, cwd=tmp_path)

        assert status != 0
        assert "run `jurycourt migrate`" in one_line(err), command


def test_concurrent_migrate_runs_wait_for_each_other(tmp_path, fresh_url) -> None:
    runs = [start("migrate", url=fresh_url, cwd=tmp_path) for _ in range(3)]
    results = [(process.wait(timeout=300), process.stderr.read()) for process in runs]
    for process in runs:
        process.stdout.close()
        process.stderr.close()

    assert [status for status, _ in results] == [0, 0, 0], results
    assert on_postgres() or (tmp_path / "fresh.sqlite3").stat().st_size > 0
    status, err = run("ledger-check", url=fresh_url, cwd=tmp_path)
    assert status == 0, err
