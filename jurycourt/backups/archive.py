"""The backup file: a tar archive of ``manifest.json`` and the database payload, written whole.

Files are created with mode 0600 beside their target and renamed into place only once complete,
so a crash or a kill never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import tarfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from jurycourt import clock
from jurycourt.backups import BackupError

FORMAT = "jurycourt-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: Backups written into a directory are named by their UTC time, so names sort by age.
NAME = re.compile(r"^jurycourt-(\d{8}T\d{6}\.\d{6}Z)(-before-restore)?\.backup$")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, written inside it."""

    database: str
    migrations: list[str]
    created_at: str
    jurycourt_version: str
    tables: dict[str, int]
    payload_size: int = 0
    payload_sha256: str = ""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    extra: dict = field(default_factory=dict)

    @property
    def migration(self) -> str:
        return max(self.migrations) if self.migrations else "none"

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def jurycourt_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jurycourt")
    except PackageNotFoundError:
        return "unknown"


def timestamped_name(moment: datetime, suffix: str = "") -> str:
    return f"jurycourt-{moment.strftime('%Y%m%dT%H%M%S.%fZ')}{suffix}.backup"


def private_file(directory: Path, stem: str) -> Path:
    """A new empty file in ``directory`` that only its owner can read (created, never reused)."""
    path = directory / f".{stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as problem:
        raise BackupError(f"cannot write in {directory} ({problem.strerror}).") from None
    return path


def remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_archive(target: Path, manifest: Manifest, payload: Path) -> Path:
    """Write the archive to a private temporary file beside ``target``; returns that file."""
    manifest = Manifest(**{**asdict(manifest), "payload_size": payload.stat().st_size,
                           "payload_sha256": sha256_of(payload)})
    draft = private_file(target.parent, target.name)
    try:
        with draft.open("wb") as stream:
            with tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar:
                text = json.dumps(asdict(manifest), indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(text), 0o600, int(clock.now().timestamp())
                tar.addfile(info, io.BytesIO(text))
                info = tarfile.TarInfo(PAYLOADS[manifest.database])
                info.size, info.mode, info.mtime = manifest.payload_size, 0o600, int(clock.now().timestamp())
                with payload.open("rb") as data:
                    tar.addfile(info, data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        remove(draft)
        raise
    return draft


def read_manifest(source: Path) -> Manifest:
    """The manifest of the backup in ``source``; refuses anything that is not a whole backup."""
    with _open(source) as tar:
        return _manifest(tar, source)


def extract_payload(source: Path, directory: Path) -> tuple[Manifest, Path]:
    """Copy the payload to a private file in ``directory`` and check it against the manifest."""
    with _open(source) as tar:
        manifest = _manifest(tar, source)
        member = _member(tar, PAYLOADS[manifest.database], source)
        payload = private_file(directory, source.name)
        try:
            digest, size = hashlib.sha256(), 0
            stream = tar.extractfile(member)
            with payload.open("wb") as out:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size != manifest.payload_size or digest.hexdigest() != manifest.payload_sha256:
                raise BackupError(f"{source} is damaged: its contents do not match their checksum.")
        except (tarfile.TarError, OSError, EOFError) as problem:
            remove(payload)
            raise BackupError(f"{source} is damaged or cut off ({_short(problem)}).") from None
        except BaseException:
            remove(payload)
            raise
    return manifest, payload


def verify_archive(source: Path) -> Manifest:
    """Read the whole archive and check its payload's checksum (a backup just written)."""
    with _open(source) as tar:
        manifest = _manifest(tar, source)
        stream = tar.extractfile(_member(tar, PAYLOADS[manifest.database], source))
        digest, size = hashlib.sha256(), 0
        try:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        except (tarfile.TarError, OSError, EOFError) as problem:
            raise BackupError(f"{source} is damaged or cut off ({_short(problem)}).") from None
        if size != manifest.payload_size or digest.hexdigest() != manifest.payload_sha256:
            raise BackupError(f"{source} is damaged: its contents do not match their checksum.")
    return manifest


def is_backup(path: Path) -> bool:
    """Whether ``path`` holds a jurycourt backup (an existing file may only be replaced by one)."""
    try:
        read_manifest(path)
    except BackupError:
        return False
    return True


@contextlib.contextmanager
def _open(source: Path) -> Iterator[tarfile.TarFile]:
    if not source.is_file():
        raise BackupError(f"there is no backup file at {source}.")
    if source.stat().st_size == 0:
        raise BackupError(f"{source} is empty: it is not a jurycourt backup.")
    try:
        tar = tarfile.open(source, mode="r:")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{source} is not a jurycourt backup (or it is cut off).") from None
    try:
        yield tar
    finally:
        tar.close()


def _member(tar: tarfile.TarFile, name: str, source: Path) -> tarfile.TarInfo:
    try:
        member = tar.getmember(name)
    except (KeyError, tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{source} is not a whole jurycourt backup (no {name}).") from None
    if not member.isfile():
        raise BackupError(f"{source} is not a jurycourt backup.")
    return member


def _manifest(tar: tarfile.TarFile, source: Path) -> Manifest:
    member = _member(tar, MANIFEST, source)
    if member.size > 10_000_000:
        raise BackupError(f"{source} is not a jurycourt backup.")
    try:
        data = json.loads(tar.extractfile(member).read())
        if data.get("format") != FORMAT:
            raise ValueError
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"{source} was written by another version of jurycourt's backup format "
                              f"({data.get('format_version')}); use that version to restore it.")
        manifest = Manifest(**data)
        if manifest.database not in PAYLOADS:
            raise ValueError
    except BackupError:
        raise
    except (ValueError, TypeError, tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{source} is not a jurycourt backup (its manifest is unreadable).") from None
    return manifest


def _short(problem: BaseException) -> str:
    return (str(problem) or type(problem).__name__).splitlines()[0][:200]


def backups_in(directory: Path) -> list[Path]:
    """The timestamped backups in ``directory``, oldest first."""
    found = [path for path in directory.iterdir() if NAME.match(path.name) and path.is_file()]
    return sorted(found, key=lambda path: NAME.match(path.name).group(1))


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest timestamped backups in ``directory``; the deleted ones."""
    gone = backups_in(directory)[:-keep]
    remove(*gone)
    return gone
