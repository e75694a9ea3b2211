"""Sealing on disk: after a seal no byte of the erased data is left in the database's files, and
every date kept about the sealed case says only its month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tortoise import connections

from jurycourt import db_scrub
from jurycourt.actions.housekeeping import housekeeping_round
from jurycourt.actions.sealing import SEALED_TABLES, seal_due_cases
from jurycourt.actions.view_log import log_view
from jurycourt.db import fetch_rows
from jurycourt.models import (
    AuditEvent,
    Case,
    CaseEvent,
    CaseIntake,
    CaseView,
    DocketEntry,
    PendingRewrite,
    Sanction,
)
from tests.actions.test_sealing import SECRETS, _closed_case
from tests.databases import on_postgres
from tests.web.helpers import post_form, sign_in
from tests.web.members import person_id

CANARIES = [secret.encode() for secret in SECRETS]


@dataclass
class Scan:
    """What a scan of the database's files read and found."""

    files: int = 0
    size: int = 0
    found: dict[str, list[str]] = field(default_factory=dict)  # canary → files holding it
    unreadable: int = 0

    def read(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except PermissionError:
            self.unreadable += 1
            return
        self.files += 1
        self.size += len(data)
        for canary in CANARIES:
            if canary in data:
                self.found.setdefault(canary.decode(), []).append(path.name)


def _sqlite_files() -> list[Path]:
    main = Path(connections.get("default").filename)
    return [p for p in (main, main.with_name(main.name + "-wal")) if p.exists()]


async def _postgres_files() -> list[Path]:
    """Every table's, TOAST table's and index's files of this database (all segments)."""
    await connections.get("default").execute_script("CHECKPOINT")  # what is in memory is on disk too
    [(data_directory,)] = await fetch_rows("SELECT current_setting('data_directory')")
    paths = []
    for (relative,) in await fetch_rows(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 't', 'i', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND pg_relation_filepath(c.oid) IS NOT NULL"):
        first = Path(data_directory) / relative
        paths += [first, *sorted(first.parent.glob(first.name + ".[0-9]*"))]
    return [p for p in paths if p.exists()]


async def _scan() -> Scan:
    scan = Scan()
    for path in await _postgres_files() if on_postgres() else _sqlite_files():
        scan.read(path)
    return scan


async def test_no_byte_of_a_sealed_case_is_left_in_the_database_files(demo):
    await _closed_case(demo)
    before = await _scan()
    if on_postgres() and before.files == 0:
        assert before.unreadable, "no file of the database was found"
        import pytest

        pytest.fail("the database server's files are not readable by this process: run the PostgreSQL "
                    "suite on the database's machine as a user who may read them (CI runs as root)")
    assert sorted(before.found) == sorted(SECRETS), "the canaries must be on disk before the seal"

    assert await seal_due_cases() == 1

    after = await _scan()
    print(f"canary scan after sealing ({'postgres' if on_postgres() else 'sqlite'}): "
          f"{after.files} files, {after.size} bytes, {sum(map(len, after.found.values()))} canaries found")
    assert after.files and after.found == {}
    if not on_postgres():
        assert [p.name for p in _sqlite_files() if p.name.endswith("-wal") and p.stat().st_size] == []


def _month_start(moment: datetime) -> bool:
    moment = moment.astimezone(UTC)
    return (moment.day, moment.hour, moment.minute, moment.second, moment.microsecond) == (1, 0, 0, 0, 0)


async def test_every_date_kept_about_a_sealed_case_says_only_its_month(demo):
    case = await _closed_case(demo)
    await log_view(case.id, await person_id("coordinator"), "page:full")
    sanctions = [str(i) for i in await Sanction.filter(case_id=case.id).values_list("id", flat=True)]
    assert await DocketEntry.exists(case_id=case.id)

    await seal_due_cases()

    sealed = await Case.get(id=case.id)
    assert all(d.day == 1 for d in (sealed.referral_date, sealed.disposition_date, sealed.closed_on))
    assert all(_month_start(t) for t in (sealed.created_at, sealed.updated_at, sealed.sealed_at))
    intake = await CaseIntake.get(case_id=case.id)
    assert intake.respondent_consent_on.day == 1 and intake.guardian_consent_on.day == 1
    events = await CaseEvent.filter(case_id=case.id).values_list("at", flat=True)
    views = await CaseView.filter(case_id=case.id).values_list("at", flat=True)
    audit = await AuditEvent.filter(subject_type="case", subject_id=str(case.id)).values_list("at", "detail")
    audit += await AuditEvent.filter(subject_type="sanction", subject_id__in=sanctions).values_list("at", "detail")
    assert events and views and len(audit) > 3
    assert all(_month_start(t) for t in [*events, *views, *(at for at, _ in audit)])
    assert all("hearing" not in detail for _, detail in audit)
    for sanction in await Sanction.filter(case_id=case.id):
        assert sanction.due_on.day == 1 and _month_start(sanction.created_at) and _month_start(sanction.updated_at)
    # Its hearing's exact time can no longer be reached through the docket.
    assert not await DocketEntry.exists(case_id=case.id)


async def test_a_seal_from_its_web_page_leaves_the_rewrite_to_the_housekeeping_round(client, demo, settings,
                                                                                     monkeypatch):
    """The page's seal never runs PostgreSQL's VACUUM FULL inside the request: the tables are
    queued and the next housekeeping round rewrites them. SQLite's checkpoint still runs at once."""
    case = await _closed_case(demo)
    rewritten: list[list[str]] = []
    rewrite = db_scrub._rewrite

    async def counted(tables: list[str]) -> None:
        rewritten.append(tables)
        await rewrite(tables)

    monkeypatch.setattr(db_scrub, "_rewrite", counted)
    await sign_in(client, "coordinator")

    assert (await post_form(client, f"/cases/{case.id}/seal", {"confirm": "yes"})).status_code == 303

    assert rewritten == []  # nothing rewritten while the coordinator waited
    if on_postgres():
        assert set(await PendingRewrite.all().values_list("table_name", flat=True)) == set(SEALED_TABLES)
        await housekeeping_round(settings)
        assert [sorted(t) for t in rewritten] == [sorted(SEALED_TABLES)]
        assert not await PendingRewrite.exists()
    else:
        assert not await PendingRewrite.exists()
        assert [p.name for p in _sqlite_files() if p.name.endswith("-wal") and p.stat().st_size] == []
    after = await _scan()
    assert after.files and after.found == {}
