"""`jurycourt backup`, `restore`, `restore-drill` and `maintenance`, run as an operator would, on SQLite
and PostgreSQL: backups and restores cannot destroy data, and never bring sealed data back."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

from jurycourt import clock
from jurycourt.backups.archive import verify_archive
from tests.databases import TEST_SECRET, base_url


@pytest.fixture
def demo():
    """This test's database is a copy of the demo template (conftest copies it for this name)."""
    return None


def environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    env.update(JURYCOURT_DATABASE_URL=database_url, JURYCOURT_SECRET_KEY=TEST_SECRET,
               JURYCOURT_PSEUDONYM_KEY=TEST_SECRET[::-1], JURYCOURT_PASSWORD_HASHING="cheapest")
    return env


def run(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    """`jurycourt ARGS` as the command line runs it (its own event loop, on a thread of its own), in
    this process to save starting one; a server test uses real processes (``run_async``)."""
    from jurycourt.cli import main

    def command() -> subprocess.CompletedProcess:
        out, err = io.StringIO(), io.StringIO()
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(environment(database_url))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(command).result(timeout=300)


async def run_async(*args: str, database_url: str, cwd: Path) -> tuple[int, str, str]:
    """The command in a subprocess while this event loop (an in-process server) keeps running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jurycourt", *args, env=environment(database_url), cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=300)
    return process.returncode, out.decode(), err.decode()


async def sql(database_url: str, statement: str, *args) -> list[tuple]:
    """A statement on the database itself (``?`` placeholders), outside jurycourt."""
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as conn:
            return [tuple(row) for row in conn.execute(statement, args).fetchall()]
    parts = statement.split("?")
    statement = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        return [tuple(row) for row in await conn.fetch(statement, *args)]
    finally:
        await conn.close()


async def every_row(database_url: str) -> dict[str, list[str]]:
    if database_url.startswith("sqlite"):
        names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        names = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'jurycourt_maintenance'"
    tables = sorted(row[0] for row in await sql(database_url, names))
    return {t: sorted(repr(row) for row in await sql(database_url, f'SELECT * FROM "{t}"')) for t in tables}  # noqa: S608


def one_line_error(done: subprocess.CompletedProcess | tuple, *words: str) -> None:
    code, err = (done.returncode, done.stderr) if isinstance(done, subprocess.CompletedProcess) else (done[0], done[2])
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def manifest_of(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


async def test_a_backup_restores_every_table_as_it_was(demo, database_url, tmp_path):
    before = await every_row(database_url)
    assert len(before["person"]) > 5 and len(before["ledger_entry"]) > 0
    backup_file = tmp_path / "jurycourt.backup"
    made = run("backup", str(backup_file), database_url=database_url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert backup_file.stat().st_mode & 0o777 == 0o600
    manifest = manifest_of(backup_file)
    assert manifest["tables"]["person"] == len(before["person"]) and len(manifest["payload_sha256"]) == 64
    assert manifest["migrations"] and manifest["created_at"]

    await sql(database_url, "INSERT INTO audit_event (at, action, subject_type, subject_id, detail)"
              " VALUES ('2026-03-02 10:00:00+00:00', 'test.after_backup', 'person', '1', '{}')")  # append-only
    await sql(database_url, "UPDATE person SET family_name = ? WHERE id = (SELECT min(id) FROM person)",
              "Changed After Backup")
    changed = await every_row(database_url)
    assert changed != before

    restored = run("restore", str(backup_file), database_url=database_url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout and f"{manifest['tables'].__len__()} tables" in restored.stdout
    assert await every_row(database_url) == before
    saved = [path for path in tmp_path.iterdir() if path.name.endswith("-before-restore.backup")]
    assert len(saved) == 1 and str(saved[0]) in restored.stdout  # the database as it was, kept first
    assert manifest_of(saved[0])["tables"]["audit_event"] == len(changed["audit_event"])


async def test_restoring_an_empty_a_foreign_a_cut_off_or_a_changed_file_is_refused_and_changes_nothing(
        demo, database_url, tmp_path):
    good = tmp_path / "good.backup"
    assert run("backup", str(good), database_url=database_url, cwd=tmp_path).returncode == 0
    data = good.read_bytes()
    unrelated = tmp_path / "unrelated.sqlite3"
    with sqlite3.connect(unrelated) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('not jurycourt')")
    bad = {"empty.backup": b"", "cut-off.backup": data[: len(data) // 2], "text.backup": b"not a backup " * 100,
           "changed.backup": data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:]}
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    before = await every_row(database_url)
    for file in [*(tmp_path / name for name in bad), unrelated, tmp_path / "missing.backup"]:
        refused = run("restore", str(file), database_url=database_url, cwd=tmp_path)
        one_line_error(refused, str(file))
    assert await every_row(database_url) == before
    # A cut-off tail (the manifest and the start of the payload intact) is caught by the checksum.
    assert "damaged" in run("restore", str(tmp_path / "changed.backup"), database_url=database_url,
                            cwd=tmp_path).stderr


async def test_a_backup_never_overwrites_the_live_database_or_a_file_that_is_not_a_backup(database_url, tmp_path):
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me")
    targets = [precious]
    if database_url.startswith("sqlite"):
        live = Path(database_url.removeprefix("sqlite://"))
        (tmp_path / "link.sqlite3").symlink_to(live)
        os.link(live, tmp_path / "hard.sqlite3")
        targets += [live, tmp_path / "link.sqlite3", tmp_path / "hard.sqlite3", Path(f"{live}-wal")]
    before = await every_row(database_url)
    for target in targets:
        one_line_error(run("backup", str(target), database_url=database_url, cwd=tmp_path), str(target))
    assert precious.read_text() == "keep me"
    assert await every_row(database_url) == before
    one_line_error(run("backup", str(precious), "--keep", "2", database_url=database_url, cwd=tmp_path), "--keep")


def _unreachable(database_url: str, tmp_path: Path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite://{tmp_path / 'no-such-directory' / 'db.sqlite3'}"
    return urlsplit(base_url())._replace(path="/jurycourt_no_such_database").geturl()


def test_a_failed_backup_leaves_the_previous_backup_intact(database_url, tmp_path):
    (tmp_path / "backups").mkdir()
    kept = tmp_path / "backups" / "nightly.backup"
    assert run("backup", str(kept), database_url=database_url, cwd=tmp_path).returncode == 0
    previous = kept.read_bytes()
    failed = run("backup", str(kept), database_url=_unreachable(database_url, tmp_path), cwd=tmp_path)
    one_line_error(failed)
    assert kept.read_bytes() == previous
    assert sorted(path.name for path in kept.parent.iterdir()) == ["nightly.backup", "seal-log.json"]


def test_a_killed_backup_leaves_the_previous_backup_intact(demo, database_url, tmp_path):
    (tmp_path / "backups").mkdir()
    kept = tmp_path / "backups" / "nightly.backup"
    assert run("backup", str(kept), database_url=database_url, cwd=tmp_path).returncode == 0
    previous = kept.read_bytes()
    process = subprocess.Popen([sys.executable, "-m", "jurycourt", "backup", str(kept)],  # noqa: S603
                               env=environment(database_url), cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names = {"nightly.backup", "seal-log.json"}
    while process.poll() is None:  # kill it as soon as it starts writing
        if {path.name for path in kept.parent.iterdir()} != names or kept.stat().st_size != len(previous):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    if process.returncode == -signal.SIGKILL:
        assert kept.read_bytes() == previous
    assert verify_archive(kept).tables  # whole, its checksum right
    # The next backup clears what the killed one left behind.
    assert run("backup", str(kept), database_url=database_url, cwd=tmp_path).returncode == 0
    assert {path.name for path in kept.parent.iterdir()} == names


async def test_a_restore_is_refused_while_a_server_serves_until_the_site_is_in_maintenance(
        demo, app, client, database_url, tmp_path):
    backup_file = tmp_path / "before.backup"
    assert run("backup", str(backup_file), database_url=database_url, cwd=tmp_path).returncode == 0
    before = await every_row(database_url)
    await sql(database_url, "UPDATE person SET family_name = ? WHERE id = (SELECT min(id) FROM person)", "Later")

    refused = await run_async("restore", str(backup_file), database_url=database_url, cwd=tmp_path)
    one_line_error(refused, "a server is serving this database", "jurycourt maintenance on")
    assert (await client.get("/")).status_code == 200

    code, out, err = await run_async("maintenance", "on", database_url=database_url, cwd=tmp_path)
    assert code == 0 and "maintenance is on" in out, err
    page = await _wait_for(client, 503)
    assert "Down for maintenance" in page.text and page.headers["retry-after"]
    spanish = await client.get("/findings", headers={"Accept-Language": "es-US"})
    assert spanish.status_code == 503 and 'lang="es-US"' in spanish.text and "mantenimiento" in spanish.text
    assert (await client.post("/login", data={"login": "x"})).status_code == 503

    code, out, err = await run_async("restore", str(backup_file), database_url=database_url, cwd=tmp_path)
    assert code == 0, err
    code, out, err = await run_async("maintenance", "off", database_url=database_url, cwd=tmp_path)
    assert code == 0, err
    await _wait_for(client, 200)
    assert await every_row(database_url) == before  # the write made before the restore is gone, by choice
    from jurycourt.models import Person

    assert not await Person.filter(family_name="Later").exists()  # the server reads the restored database


async def test_a_restore_that_fails_part_way_leaves_the_database_or_the_maintenance_page(
        demo, database_url, tmp_path, monkeypatch):
    from jurycourt.backups import BackupError, operations

    backup_file = tmp_path / "good.backup"
    assert run("backup", str(backup_file), database_url=database_url, cwd=tmp_path).returncode == 0
    await sql(database_url, "UPDATE person SET family_name = ? WHERE id = (SELECT min(id) FROM person)", "Kept")
    before = await every_row(database_url)

    async def fails(*args):
        raise BackupError("the seal log could not be applied (a test).")

    monkeypatch.setattr(operations, "_finish", fails)
    one_line_error(run("restore", str(backup_file), database_url=database_url, cwd=tmp_path), "a test")
    status = run("maintenance", "status", database_url=database_url, cwd=tmp_path).stdout
    if database_url.startswith("sqlite"):  # the checked copy never went in
        assert await every_row(database_url) == before and "maintenance is off" in status
    else:  # the backup's data is in, not yet re-sealed: nobody may see it
        assert "maintenance is on" in status
        one_line_error(run("maintenance", "off", database_url=database_url, cwd=tmp_path), "restore")


async def _wait_for(client, status: int):
    """Poll until the site answers ``status`` (the maintenance watch looks every second): a generous
    deadline, so a busy machine does not fail it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = await client.get("/")
        if response.status_code == status:
            return response
        await asyncio.sleep(0.1)  # polling another task's view of the switch: there is nothing to await
    raise AssertionError(f"the site never answered {status}")


async def _seal_one_case(database_url: str, tmp_path: Path) -> tuple[int, int]:
    """Close a completed demo case long ago and run `jurycourt seal`; (case id, respondent id)."""
    case_id, respondent_id = (await sql(
        database_url, "SELECT id, respondent_id FROM case_file WHERE state = 'completed' AND sealed_at IS NULL "
                      "ORDER BY id LIMIT 1"))[0]
    await sql(database_url, "UPDATE case_file SET closed_on = ? WHERE id = ?",
              *((clock.today() - timedelta(days=800)).isoformat(), case_id) if database_url.startswith("sqlite")
              else (clock.today() - timedelta(days=800), case_id))
    sealed = run("seal", database_url=database_url, cwd=tmp_path)
    assert "1 case sealed" in sealed.stdout, sealed.stderr
    return case_id, respondent_id


async def _is_sealed(database_url: str, case_id: int, respondent_id: int) -> bool:
    case = (await sql(database_url, "SELECT sealed_at IS NOT NULL, respondent_id FROM case_file WHERE id = ?",
                      case_id))[0]
    person = await sql(database_url, "SELECT given_name, family_name FROM person WHERE id = ?", respondent_id)
    return bool(case[0]) and case[1] is None and person in ([("Sealed", "")], [])


async def test_a_case_sealed_after_a_backup_stays_sealed_after_restoring_it_and_the_drill_checks_it(
        demo, database_url, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    assert run("backup", str(backups), "--keep", "3", database_url=database_url, cwd=tmp_path).returncode == 0
    case_id, respondent_id = await _seal_one_case(database_url, tmp_path)
    assert await _is_sealed(database_url, case_id, respondent_id)
    older = sorted(backups.glob("jurycourt-*.backup"))[0]

    drill = run("restore-drill", str(backups), database_url=database_url, cwd=tmp_path)
    assert drill.returncode == 0 and "drill passed" in drill.stdout and "sealed again: 1;" in drill.stdout, drill.stderr

    restored = run("restore", str(older), database_url=database_url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "sealed again from the seal log: 1;" in restored.stdout
    assert await _is_sealed(database_url, case_id, respondent_id)

    # A disaster: the database is lost and a new, empty one gets the old backup. The seal log
    # beside the backups still seals the case.
    log = json.loads((backups / "seal-log.json").read_text())
    assert {"case", "created_at", "sealed_at"} == set(log["cases"][0]) and case_id in [c["case"] for c in log["cases"]]
    empty = await _empty_database(database_url, tmp_path)
    try:
        into_new = run("restore", str(older), database_url=empty, cwd=tmp_path)
        assert into_new.returncode == 0 and "saved in" not in into_new.stdout, into_new.stderr
        assert await _is_sealed(empty, case_id, respondent_id)
    finally:
        await _drop(empty)

    for _ in range(3):
        assert run("backup", str(backups), "--keep", "3", database_url=database_url, cwd=tmp_path).returncode == 0
    assert len(list(backups.glob("jurycourt-*.backup"))) == 3 and not older.exists()


async def _empty_database(database_url: str, tmp_path: Path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite://{tmp_path / 'new.sqlite3'}"
    name = f"jc_empty_{os.getpid()}"
    await sql(base_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await sql(base_url(), f'CREATE DATABASE "{name}"')
    return urlsplit(base_url())._replace(path=f"/{name}").geturl()


async def _drop(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        await sql(base_url(), f'DROP DATABASE IF EXISTS "{urlsplit(database_url).path[1:]}" WITH (FORCE)')


async def test_a_backup_from_a_newer_jurycourt_is_refused_and_an_older_one_is_migrated(
        database_url, tmp_path, monkeypatch):
    older = tmp_path / "older.backup"
    assert run("backup", str(older), database_url=database_url, cwd=tmp_path).returncode == 0
    newer = tmp_path / "newer.backup"
    _rewrite_manifest(older, newer, migrations=[*manifest_of(older)["migrations"], "9999_from_the_future"])
    one_line_error(run("restore", str(newer), database_url=database_url, cwd=tmp_path), "9999_from_the_future",
                   "upgrade jurycourt")

    # This jurycourt gains a migration: the backup is now from an older version.
    _upgrade_jurycourt(tmp_path, monkeypatch, latest=manifest_of(older)["migrations"][-1])
    restored = run("restore", str(older), database_url=database_url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "to 9000_restore_test_marker" in restored.stdout
    assert await sql(database_url, "SELECT count(*) FROM restore_test_marker") == [(0,)]


_MARKER_MIGRATION = """from tortoise import migrations
from tortoise.migrations import operations as ops


async def forward(apps, schema_editor):
    await schema_editor.client.execute_script("CREATE TABLE restore_test_marker (id INT PRIMARY KEY)")


async def backward(apps, schema_editor):
    await schema_editor.client.execute_script("DROP TABLE restore_test_marker")


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '{latest}')]
    operations = [ops.RunPython(forward, backward)]
"""


def _upgrade_jurycourt(tmp_path: Path, monkeypatch, latest: str) -> None:
    """Point jurycourt at a migrations package of the real migrations and one more."""
    import migrations as real
    from jurycourt import db

    package = tmp_path / "upgraded" / "restore_test_migrations"
    package.mkdir(parents=True)
    for path in Path(real.__file__).parent.glob("*.py"):
        (package / path.name).symlink_to(path)
    (package / "9000_restore_test_marker.py").write_text(_MARKER_MIGRATION.replace("{latest}", latest))
    monkeypatch.syspath_prepend(str(package.parent))
    monkeypatch.setattr(db, "MIGRATIONS_MODULE", package.name)


def _rewrite_manifest(source: Path, target: Path, **changes) -> None:
    with tarfile.open(source) as tar:
        manifest = {**json.loads(tar.extractfile("manifest.json").read()), **changes}
        payload = [member for member in tar.getmembers() if member.name != "manifest.json"][0]
        data = tar.extractfile(payload).read()
    with tarfile.open(target, "w") as tar:
        text = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        tar.addfile(info, io.BytesIO(text))
        tar.addfile(payload, io.BytesIO(data))
