"""The seal log: which cases were sealed, kept apart from the backed-up data.

Only case ids and times, nothing that identifies anyone: ``{"case": 12, "created_at": "…",
"sealed_at": "…"}``. A case is named by its id *and* its creation time, so a case that later reuses
an id (after a restore rolled the ids back) is never mistaken for a sealed one.

It lives in ``seal-log.json`` beside the backups (every backup adds the cases sealed by then) and
is carried forward by every restore from the database being replaced. After a restore every case
it names is sealed again by the seal action, then every case whose period has passed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jurycourt.backups import BackupError
from jurycourt.backups.archive import fsync_directory, private_file, remove

FILE_NAME = "seal-log.json"
FORMAT = "jurycourt-seal-log"


@dataclass(frozen=True, order=True)
class Sealed:
    case: int
    created_at: str
    sealed_at: str


def path_beside(backup: Path) -> Path:
    return backup.parent / FILE_NAME


def read(path: Path) -> set[Sealed]:
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise ValueError
        return {Sealed(int(item["case"]), str(item["created_at"]), str(item["sealed_at"]))
                for item in data["cases"]}
    except (ValueError, KeyError, TypeError, OSError):
        raise BackupError(f"the seal log {path} is unreadable; repair it before going on "
                          "(it says which cases must stay sealed).") from None


def write(path: Path, entries: Iterable[Sealed]) -> None:
    """Write the log whole beside itself, then rename it into place (owner-only, like backups)."""
    items = [{"case": e.case, "created_at": e.created_at, "sealed_at": e.sealed_at} for e in sorted(set(entries))]
    draft = private_file(path.parent, path.name)
    try:
        with draft.open("w") as stream:
            json.dump({"format": FORMAT, "cases": items}, stream, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(draft, path)
        fsync_directory(path.parent)
    except BaseException:
        remove(draft)
        raise


def merge(path: Path, entries: Iterable[Sealed]) -> set[Sealed]:
    """Add ``entries`` to the log at ``path``; everything it now holds."""
    known = read(path)
    combined = known | set(entries)
    if combined != known or not path.exists():
        write(path, combined)
    return combined


async def sealed_in_database() -> set[Sealed]:
    """The sealed cases of the database Tortoise is connected to."""
    from jurycourt.queries.sealed_cases import sealed_cases

    return {Sealed(case_id, created_at, sealed_at) for case_id, created_at, sealed_at in await sealed_cases()}
