"""``backup``, ``restore`` and ``drill``: the three things an operator does with backups."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from jurycourt import clock
from jurycourt.backups import BackupError, seal_log
from jurycourt.backups import postgres_dumps as pg
from jurycourt.backups import sqlite_files as sq
from jurycourt.backups.archive import (
    Manifest,
    backups_in,
    extract_payload,
    fsync_directory,
    is_backup,
    jurycourt_version,
    private_file,
    prune,
    read_manifest,
    remove,
    timestamped_name,
    verify_archive,
    write_archive,
)
from jurycourt.backups.serving import restoring
from jurycourt.db import as_utc, connected
from jurycourt.domain.sealing import log_creation, log_time
from jurycourt.settings import Settings

_DRAFT = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp(-journal|-wal|-shm)?$")


def known_migrations() -> set[str]:
    """The migrations this jurycourt has (the module the Tortoise config names)."""
    import importlib

    from jurycourt import db

    package = importlib.import_module(db.MIGRATIONS_MODULE)
    return {path.stem for path in Path(package.__file__).parent.glob("[0-9][0-9][0-9][0-9]_*.py")}


def _check_version(applied: list[str], label: str) -> None:
    newer = sorted(set(applied) - known_migrations())
    if newer:
        raise BackupError(f"{label} is at migration {newer[-1]}, newer than this jurycourt knows; "
                          "upgrade jurycourt first.")
    if not applied:
        raise BackupError(f"{label} is not a jurycourt database (no migrations were applied to it).")


def _absolute(path: Path) -> Path:
    """The path made absolute without following links (a link to the live database is caught by
    comparing the files themselves)."""
    return Path(os.path.abspath(path.expanduser()))


def _kind(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def _entries(rows: list[tuple]) -> set[seal_log.Sealed]:
    return {seal_log.Sealed(int(case), log_creation(as_utc(created)), log_time(as_utc(sealed)))
            for case, created, sealed in rows}


# Backups -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupDone:
    path: Path
    manifest: Manifest
    pruned: list[Path] = field(default_factory=list)


async def backup(settings: Settings, target: Path, *, keep: int | None = None, suffix: str = "") -> BackupDone:
    """Write a verified backup to ``target`` (a file, or a directory to name it in by time), then
    keep only the ``keep`` newest timestamped backups of that directory."""
    target = _absolute(target)
    if target.is_dir():
        directory, target = target, target / timestamped_name(clock.now(), suffix)
    elif keep is not None:
        raise BackupError("--keep needs a directory to keep backups in, not a file name.")
    else:
        directory = target.parent
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1.")
    if not directory.is_dir():
        raise BackupError(f"there is no directory {directory}.")
    _refuse_live_target(settings, target)
    if target.exists() and not is_backup(target):
        raise BackupError(f"{target} exists and is not a jurycourt backup; it is left alone (choose another name).")
    _clear_dead_drafts(directory)
    payload = private_file(directory, f"{target.name}.payload")
    try:
        if settings.is_sqlite:
            sq.dump(sq.sqlite_path(settings.database_url), payload)
            applied, tables = sq.facts(payload, "the copy of the database")
            sealed = sq.sealed_rows(payload)
        else:
            applied, tables, sealed = await pg.dump(settings.database_url, payload)
            pg.check_payload(payload, "the dump of the database")
        _check_version(applied, "the database")
        manifest = Manifest(database=_kind(settings), migrations=applied, created_at=clock.now().isoformat(),
                            jurycourt_version=jurycourt_version(), tables=tables)
        draft = write_archive(target, manifest, payload)
    finally:
        remove(payload)
    try:
        manifest = verify_archive(draft)
        seal_log.merge(seal_log.path_beside(target), _entries(sealed))
        os.replace(draft, target)
        fsync_directory(directory)
    finally:
        remove(draft)
    return BackupDone(target, manifest, prune(directory, keep) if keep else [])


def _refuse_live_target(settings: Settings, target: Path) -> None:
    if target.name == seal_log.FILE_NAME:
        raise BackupError(f"{target} is the seal log; a backup must go to another file.")
    if not settings.is_sqlite:
        return
    live = sq.sqlite_path(settings.database_url)
    for candidate in (live, *(Path(f"{live}{end}") for end in ("-wal", "-shm", "-journal", ".serving",
                                                                 ".maintenance"))):
        if sq.same_file(target, candidate):
            raise BackupError(f"{target} is the live database; a backup must go to another file.")


def _clear_dead_drafts(directory: Path) -> None:
    """Remove the half-written files of backups that were killed (their process is gone)."""
    for path in directory.iterdir():
        found = _DRAFT.match(path.name)
        if found and not _alive(int(found.group(1))):
            remove(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# Restores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreDone:
    source: Path
    manifest: Manifest
    saved_first: Path | None
    migrated_to: str
    sealed_again: int
    sealed_due: int


async def restore(settings: Settings, source: Path, *, wait_seconds: float = 60.0) -> RestoreDone:
    """Replace the database with the backup in ``source``, all checks first (see the package)."""
    source = _absolute(source)
    manifest = _readable(settings, source)
    workdir = sq.sqlite_path(settings.database_url).parent if settings.is_sqlite else None
    with _work_directory(workdir) as directory:
        manifest, payload = extract_payload(source, directory)
        try:
            _check_payload(settings, manifest, payload, source)
            async with restoring(settings, wait_seconds) as hold:
                saved = await _save_current(settings, source)
                logged = seal_log.read(seal_log.path_beside(source))
                if settings.is_sqlite:  # the copy is migrated and re-sealed before it goes in
                    ready = settings.with_(database_url=f"sqlite://{payload}")
                    migrated, again, due, sealed = await _finish(ready, logged)
                    sq.replace(sq.sqlite_path(settings.database_url), payload)
                else:  # one transaction; then the database holds the backup's data until re-sealed
                    pg.load(payload, settings.database_url)
                    hold.touched = True
                    migrated, again, due, sealed = await _finish(settings, logged)
                seal_log.merge(seal_log.path_beside(source), sealed)
        finally:
            remove(payload)
    return RestoreDone(source, manifest, saved, migrated, again, due)


def _readable(settings: Settings, source: Path) -> Manifest:
    manifest = read_manifest(source)
    if manifest.database != _kind(settings):
        raise BackupError(f"{source} is a {manifest.database} backup; this site's database is {_kind(settings)}.")
    _check_version(manifest.migrations, str(source))
    return manifest


def _check_payload(settings: Settings, manifest: Manifest, payload: Path, source: Path) -> None:
    if settings.is_sqlite:
        applied, tables = sq.facts(payload, str(source))
        if applied != manifest.migrations or tables != manifest.tables:
            raise BackupError(f"{source} does not hold what its manifest says; it is not restored.")
    else:
        pg.check_payload(payload, str(source), whole=False)


@contextlib.contextmanager
def _work_directory(directory: Path | None):
    if directory is not None:
        if not directory.is_dir():
            raise BackupError(f"there is no directory {directory} for the database.")
        yield directory
        return
    with tempfile.TemporaryDirectory(prefix="jurycourt-restore-") as scratch:
        yield Path(scratch)


async def _has_schema(settings: Settings) -> bool:
    if settings.is_sqlite:
        return sq.has_schema(sq.sqlite_path(settings.database_url))
    return await pg.has_schema(settings.database_url)


async def _save_current(settings: Settings, source: Path) -> Path | None:
    """Back the current database up beside the backup being restored (nothing to save in a new,
    empty database). Its sealed cases join the seal log there."""
    if not await _has_schema(settings):
        return None
    try:
        done = await backup(settings, source.parent, suffix="-before-restore")
    except BackupError as problem:
        raise BackupError(f"nothing was restored: the current database could not be backed up first "
                          f"({problem}) If it is damaged, move it aside and restore again.") from None
    return done.path


async def _finish(settings: Settings, logged: set[seal_log.Sealed]) -> tuple[str, int, int, set[seal_log.Sealed]]:
    """Migrate the restored database, seal again what the seal log names and what is due; (its
    migration, sealed again, sealed as due, every sealed case)."""
    from jurycourt.actions.sealing import seal_again, seal_due_cases
    from jurycourt.db import migrate

    async with connected(settings):
        applied = await _applied()
    if applied != known_migrations():
        await migrate(settings)
    async with connected(settings):
        again = await seal_again([(entry.case, entry.created_at) for entry in logged])
        due = await seal_due_cases()
        sealed = await seal_log.sealed_in_database()
        migrated = max(await _applied())
    return migrated, again, due, logged | sealed


async def _applied() -> set[str]:
    from jurycourt.db import fetch_rows

    return {row[0] for row in await fetch_rows("SELECT name FROM tortoise_migrations WHERE app = 'jurycourt'")}


# Drills ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillDone:
    source: Path
    manifest: Manifest
    migrated_to: str
    sealed_again: int
    sealed_due: int
    logged: int
    unsealed: list[int]
    books: list[str]
    books_checked: tuple[int, int, int]

    @property
    def passed(self) -> bool:
        return not self.unsealed and not self.books


async def drill(settings: Settings, where: Path, *, scratch_url: str | None = None) -> DrillDone:
    """Restore the latest backup in ``where`` (or that file) into a scratch database, seal it from
    the seal log, then check the books and that every logged case is sealed; the live database is
    only read."""
    where = _absolute(where)
    source = where if where.is_file() else _latest(where)
    _readable(settings, source)
    logged = seal_log.read(seal_log.path_beside(source)) | await _live_sealed(settings)
    with tempfile.TemporaryDirectory(prefix="jurycourt-drill-") as scratch:
        manifest, payload = extract_payload(source, Path(scratch))
        _check_payload(settings, manifest, payload, source)
        if settings.is_sqlite:
            async with _drill_database(settings, f"sqlite://{payload}", created=False) as target:
                return await _drill_in(target, source, manifest, logged)
        if scratch_url and pg.identity(scratch_url) == pg.identity(settings.database_url):
            raise BackupError("the scratch database is the live database; give another one.")
        url = scratch_url or await pg.create_scratch(settings.database_url, f"jurycourt_drill_{secrets.token_hex(4)}")
        async with _drill_database(settings, url, created=scratch_url is None) as target:
            pg.load(payload, url)
            return await _drill_in(target, source, manifest, logged)


def _latest(directory: Path) -> Path:
    if not directory.is_dir():
        raise BackupError(f"there is no backup file or directory at {directory}.")
    found = backups_in(directory)
    if not found:
        raise BackupError(f"there are no backups (jurycourt-*.backup) in {directory}.")
    return found[-1]


async def _live_sealed(settings: Settings) -> set[seal_log.Sealed]:
    """The live database's sealed cases, if it can be read (a drill also works without it)."""
    try:
        if settings.is_sqlite:
            return _entries(sq.sealed_rows(sq.sqlite_path(settings.database_url)))
        return _entries(await pg.sealed_rows(settings.database_url))
    except Exception:  # noqa: BLE001 - a missing or damaged live database: the seal log still applies
        return set()


@contextlib.asynccontextmanager
async def _drill_database(settings: Settings, url: str, *, created: bool) -> AsyncIterator[Settings]:
    try:
        yield settings.with_(database_url=url)
    finally:
        if created:
            await pg.drop_scratch(settings.database_url, url)


async def _drill_in(settings: Settings, source: Path, manifest: Manifest, logged: set[seal_log.Sealed]) -> DrillDone:
    from jurycourt.queries.books import books_problems, books_summary
    from jurycourt.queries.sealed_cases import unsealed_of

    migrated, again, due, _ = await _finish(settings, logged)
    async with connected(settings):
        unsealed = await unsealed_of([(entry.case, entry.created_at) for entry in logged])
        problems, checked = await books_problems(), await books_summary()
    return DrillDone(source, manifest, migrated, again, due, len(logged), unsealed, problems, checked)
