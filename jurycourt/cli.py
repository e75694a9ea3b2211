"""The operator's command line: `jurycourt serve | migrate | create-coordinator | seed-demo | send-outbox |
seal | ledger-check | backup | restore | restore-drill | maintenance | settings | check`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from jurycourt import clock
from jurycourt.db import connected
from jurycourt.settings import Settings, SettingsError, describe, from_env


@contextlib.asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[None]:
    """The configured database, refused (in one line) when it is not migrated up to this code."""
    from jurycourt.db import check_sqlite_file, check_up_to_date

    check_sqlite_file(settings)
    clock.configure(settings)
    async with connected(settings):
        await check_up_to_date()
        yield


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the app with uvicorn (several workers only on PostgreSQL); SIGTERM finishes requests in flight."""
    from jurycourt.serving.server import serve

    workers = args.workers or settings.workers
    if workers > 1 and settings.is_sqlite:
        print("jurycourt: several workers need PostgreSQL; SQLite serves one worker. "
              "Set JURYCOURT_DATABASE_URL to a postgres:// URL or use --workers 1.", file=sys.stderr)
        return 2

    async def check() -> None:
        async with database(settings):
            pass

    asyncio.run(check())  # an unreachable or unmigrated database is said before any worker starts
    host, port = args.host or settings.host, args.port or settings.port
    # Workers read the settings from the environment: the address given here is theirs too, so that
    # in development (no JURYCOURT_BASE_URL) the links they build point where they serve.
    os.environ["JURYCOURT_HOST"], os.environ["JURYCOURT_PORT"] = host, str(port)
    serve(settings, host, port, workers)
    return 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    """Apply every migration in migrations/ to the configured database."""
    from jurycourt.db import migrate

    asyncio.run(migrate(settings))
    print("jurycourt: the database is up to date.")
    return 0


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Again: ") != first:
            raise SystemExit("jurycourt: the two passwords are not the same.")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_create_coordinator(settings: Settings, args: argparse.Namespace) -> int:
    """Create a coordinator account for a program (the program is created if new)."""
    from jurycourt.actions.setup import create_coordinator
    from jurycourt.auth.passwords import make_hasher
    from jurycourt.domain.errors import Refused

    password = _read_password(f"Password for {args.login}: ")

    async def run() -> None:
        async with database(settings):
            await create_coordinator(args.program, args.login, password, args.name or args.login,
                                     make_hasher(settings.password_hashing), settings.time_zone)

    try:
        asyncio.run(run())
    except Refused as refusal:
        print(f"jurycourt: {refusal.message}", file=sys.stderr)
        return 2
    print(f"jurycourt: coordinator {args.login!r} can now sign in to {args.program!r}.")
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Load the demo program into an empty database (development only)."""
    from jurycourt import demo
    from jurycourt.auth.passwords import make_hasher

    if settings.production:
        print("jurycourt: seed-demo refuses to run in production.", file=sys.stderr)
        return 2

    async def run() -> bool:
        async with database(settings):
            if not await demo.is_empty():
                return False
            await demo.seed_demo(make_hasher(settings.password_hashing), pseudonym_key=settings.pseudonym_key)
            return True

    if not asyncio.run(run()):
        if args.if_empty:
            print("jurycourt: the database already has data; demo not loaded again.")
            _print_logins()
            return 0
        print("jurycourt: the database already has data; seed-demo fills only an empty one.",
              file=sys.stderr)
        return 2
    print("jurycourt: demo data loaded.")
    _print_logins()
    return 0


def _print_logins() -> None:
    from jurycourt import demo

    print(f"Demo logins (password {demo.DEMO_PASSWORD!r}, development only):")
    for login, what in demo.demo_logins():
        print(f"  {login:<13} {what}")


def cmd_send_outbox(settings: Settings, args: argparse.Namespace) -> int:
    """Queue due reminders, then send waiting messages (each exactly once, whoever else sends)."""
    from jurycourt.jobs.outbox_senders import run_outbox

    async def run():
        async with database(settings):
            return await run_outbox(settings)

    done = asyncio.run(run())
    print(f"jurycourt: {done.reminders} reminders queued, {done.sent} messages sent.")
    if not done.can_send and done.waiting:
        print(f"jurycourt: no mail server is set (JURYCOURT_SMTP_HOST); {done.waiting} messages wait "
              "on /outbox for coordinators to read.")
    return 0


def cmd_seal(settings: Settings, args: argparse.Namespace) -> int:
    """Seal closed cases whose sealing or retention period has passed (erases personal data)."""
    from jurycourt.actions.sealing import seal_due_cases
    from jurycourt.db_scrub import ScrubError, compact

    async def run() -> int:
        async with database(settings):
            count = await seal_due_cases()
            if args.compact:
                await compact()
            return count

    try:
        count = asyncio.run(run())
    except ScrubError as problem:
        print(f"jurycourt: {problem}", file=sys.stderr)
        return 1
    print(f"jurycourt: {count} {'case' if count == 1 else 'cases'} sealed.")
    if args.compact:
        print("jurycourt: the database was compacted: no free page holds erased data.")
    return 0


def cmd_housekeeping(settings: Settings, args: argparse.Namespace) -> int:
    """Remove ended sessions, long-ended access links and old sign-in throttle rows, and rewrite the tables
    erasures queued (the server does it too)."""
    from jurycourt.actions.housekeeping import clean_up, rewrite_erased

    async def run():
        async with database(settings):
            return await clean_up(settings), await rewrite_erased()

    removed, rewritten = asyncio.run(run())
    print(f"jurycourt: removed {removed.sessions} ended sessions, {removed.links} ended links, "
          f"{removed.throttles} old throttle rows; rewrote {len(rewritten)} tables after erasures.")
    return 0


def cmd_ledger_check(settings: Settings, args: argparse.Namespace) -> int:
    """Check the time-credit books: balances equal their entries, postings and programs balance."""
    from jurycourt.queries.books import books_problems, books_summary

    async def run():
        async with database(settings):
            return await books_problems(), await books_summary()

    problems, (accounts, postings, entries) = asyncio.run(run())
    checked = f"{accounts} accounts, {postings} postings, {entries} entries"
    if problems:
        print(f"jurycourt: the books do NOT balance ({checked}):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"jurycourt: the books balance ({checked}).")
    return 0


def cmd_draw_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run one queued citizens' panel draw (started by the server; not for people to run)."""
    from jurycourt.sortition.worker import work

    async def run() -> bool:
        async with database(settings):
            return await work(args.draw_id)

    return 0 if asyncio.run(run()) else 1


def cmd_verify_draw(settings: Settings | None, args: argparse.Namespace) -> int:
    """Check a citizens' panel draw from its published record: commitment, seed and a re-run of the draw."""
    from jurycourt.sortition.verifier import main as verify_main

    return verify_main([args.file, "--commitment", args.commitment])


def cmd_settings(settings: Settings, args: argparse.Namespace) -> int:
    """List every setting with its default and help."""
    for name, default, help_text in describe():
        print(f"{name}  (default: {default or '—'})\n    {help_text}")
    return 0


def cmd_totp_off(settings: Settings, args: argparse.Namespace) -> int:
    """Turn two-step sign-in off for an account whose owner lost their phone and recovery codes."""
    from jurycourt.actions.two_factor import operator_turn_off
    from jurycourt.domain.accounts import normalize_login

    async def run() -> bool:
        async with database(settings):
            return await operator_turn_off(normalize_login(args.login))

    if not asyncio.run(run()):
        print(f"jurycourt: no account {args.login!r} with two-step sign-in.", file=sys.stderr)
        return 2
    print(f"jurycourt: two-step sign-in is off for {args.login!r}; they sign in with their password and "
          "should set it up again.")
    return 0


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """Write a verified backup to FILE, or into DIR named by the time (with --keep N, keep only the N newest)."""
    from jurycourt.backups.operations import backup

    done = _backup_step(lambda: backup(settings, Path(args.file), keep=args.keep))
    if done is None:
        return 2
    print(f"jurycourt: backed up to {done.path} ({len(done.manifest.tables)} tables, {done.manifest.rows} rows, "
          f"migration {done.manifest.migration}).")
    for path in done.pruned:
        print(f"jurycourt: deleted the older backup {path}.")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the database with the backup in FILE: checks it first, backs the current database up
    beside it, seals again every case the seal log names (the site must be in maintenance or stopped)."""
    from jurycourt.backups.operations import restore

    done = _backup_step(lambda: restore(settings, Path(args.file)))
    if done is None:
        return 2
    made = done.manifest
    print(f"jurycourt: restored {done.source} (made {made.created_at} by jurycourt {made.jurycourt_version}): "
          f"{len(made.tables)} tables, {made.rows} rows.")
    if made.migration != done.migrated_to:
        print(f"jurycourt: migrated it from {made.migration} to {done.migrated_to}.")
    print(f"jurycourt: sealed again from the seal log: {done.sealed_again}; sealed because their period has "
          f"passed: {done.sealed_due}.")
    if done.saved_first:
        print(f"jurycourt: the database as it was before is saved in {done.saved_first}.")
    return 0


def cmd_restore_drill(settings: Settings, args: argparse.Namespace) -> int:
    """Restore the latest backup in DIR (or FILE) into a scratch database and check its books and seals."""
    from jurycourt.backups.operations import drill

    done = _backup_step(lambda: drill(settings, Path(args.where), scratch_url=args.scratch))
    if done is None:
        return 2
    accounts, postings, entries = done.books_checked
    print(f"jurycourt: drill with {done.source} (made {done.manifest.created_at}, {done.manifest.rows} rows, "
          f"migrated to {done.migrated_to}).")
    print(f"jurycourt: seal log: {done.logged} cases; sealed again: {done.sealed_again}; sealed because their "
          f"period has passed: {done.sealed_due}.")
    if done.unsealed:
        print(f"jurycourt: DRILL FAILED: logged cases not sealed after the restore: {done.unsealed}", file=sys.stderr)
    if done.books:
        print(f"jurycourt: DRILL FAILED: the books do not balance: {done.books[0]}", file=sys.stderr)
    if not done.passed:
        return 1
    print(f"jurycourt: the drill passed: the books balance ({accounts} accounts, {postings} postings, "
          f"{entries} entries) and every logged case is sealed.")
    return 0


def cmd_maintenance(settings: Settings, args: argparse.Namespace) -> int:
    """Turn maintenance on (every page says the site is down for maintenance; restores may run) or off."""
    from jurycourt.backups.serving import maintenance_is_on, set_maintenance

    if args.state == "status":
        on = _backup_step(lambda: maintenance_is_on(settings))
        if on is None:
            return 2
        print(f"jurycourt: maintenance is {'on' if on else 'off'}.")
        return 0
    if _backup_step(lambda: set_maintenance(settings, args.state == "on", force=args.force),
                    returns_none=True) is None:
        return 2
    print("jurycourt: maintenance is on: every page now says the site is down for maintenance."
          if args.state == "on" else "jurycourt: maintenance is off: the site serves again.")
    return 0


def _backup_step(step, *, returns_none: bool = False):
    """Run a backup command's coroutine; on failure print one line (never a traceback) and give None."""
    from jurycourt.backups import BackupError

    try:
        result = asyncio.run(step())
    except BackupError as problem:
        print(f"jurycourt: {problem}", file=sys.stderr)
        return None
    except Exception as problem:  # noqa: BLE001 - an operator command answers in one line
        text = (str(problem).strip().splitlines() or [""])[0][:300]
        print(f"jurycourt: failed ({type(problem).__name__}{': ' + text if text else ''}).", file=sys.stderr)
        return None
    return True if returns_none else result


def cmd_check(settings: Settings | None, args: argparse.Namespace) -> int:
    """Check the configuration: with --deploy, report every unsafe production setting."""
    import os

    from jurycourt.serving.deploy_check import findings

    if not args.deploy:
        print("jurycourt: say what to check: `jurycourt check --deploy`.", file=sys.stderr)
        return 2
    found = findings(dict(os.environ))
    _print_lone_steps(dict(os.environ))
    if not found:
        print("jurycourt: no unsafe production settings found.")
        return 0
    print(f"jurycourt: {len(found)} unsafe production {'setting' if len(found) == 1 else 'settings'}:")
    for finding in found:
        print(f"  UNSAFE {finding}")
    return 1


def _print_lone_steps(env: dict[str, str]) -> None:
    """List the steps coordinators took alone (no independent second coordinator could act), with
    their reasons, when the configured database can be read; they are the operator's to review."""
    from jurycourt.backups.sqlite_files import sqlite_path
    from jurycourt.queries.audit_log import lone_steps

    try:
        settings = from_env(env)
    except SettingsError:
        return  # the findings say what to fix first
    if settings.database_url.startswith("sqlite") and not sqlite_path(settings.database_url).exists():
        return

    async def read() -> list:
        async with database(settings):
            return await lone_steps()

    try:
        steps = asyncio.run(asyncio.wait_for(read(), timeout=15))
    except Exception as problem:  # noqa: BLE001 - any failure to read only means nothing to list
        print(f"jurycourt: could not read the steps taken alone from the database ({type(problem).__name__}).",
              file=sys.stderr)
        return
    if steps:
        print(f"jurycourt: {len(steps)} {'step' if len(steps) == 1 else 'steps'} taken alone by a coordinator "
              "(no independent second coordinator could act); review them:")
    for step in steps:
        print(f"  ALONE {step.at:%Y-%m-%d %H:%M} UTC, program {step.program_id}, person {step.actor_id}: "
              f"{step.step}: {step.reason}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jurycourt", description=__doc__)
    p.add_argument("--debug", action="store_true", help="show the whole traceback when a command fails")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help=cmd_serve.__doc__)
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(run=cmd_migrate)
    coord = sub.add_parser("create-coordinator", help=cmd_create_coordinator.__doc__)
    coord.add_argument("--program", required=True, help="the program's name")
    coord.add_argument("--login", required=True)
    coord.add_argument("--name", help="the coordinator's name (default: the login)")
    coord.set_defaults(run=cmd_create_coordinator)
    seed = sub.add_parser("seed-demo", help=cmd_seed_demo.__doc__)
    seed.add_argument("--if-empty", action="store_true", help="do nothing (and succeed) when there is data")
    seed.set_defaults(run=cmd_seed_demo)
    sub.add_parser("send-outbox", help=cmd_send_outbox.__doc__).set_defaults(run=cmd_send_outbox)
    sub.add_parser("ledger-check", help=cmd_ledger_check.__doc__).set_defaults(run=cmd_ledger_check)
    seal = sub.add_parser("seal", help=cmd_seal.__doc__)
    seal.add_argument("--compact", action="store_true",
                      help="then rebuild the whole database (SQLite VACUUM, PostgreSQL VACUUM FULL; locks it)")
    seal.set_defaults(run=cmd_seal)
    sub.add_parser("housekeeping", help=cmd_housekeeping.__doc__).set_defaults(run=cmd_housekeeping)
    sub.add_parser("settings", help=cmd_settings.__doc__).set_defaults(run=cmd_settings)
    backup = sub.add_parser("backup", help=cmd_backup.__doc__)
    backup.add_argument("file", help="a backup file to write, or a directory to write a timestamped one in")
    backup.add_argument("--keep", type=int, help="with a directory: keep only this many newest backups")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore", help=cmd_restore.__doc__)
    restore.add_argument("file")
    restore.set_defaults(run=cmd_restore)
    drill = sub.add_parser("restore-drill", help=cmd_restore_drill.__doc__)
    drill.add_argument("where", help="the backup directory (its newest backup is used) or a backup file")
    drill.add_argument("--scratch", help="PostgreSQL: a scratch database URL to use (default: a new one)")
    drill.set_defaults(run=cmd_restore_drill)
    maintenance = sub.add_parser("maintenance", help=cmd_maintenance.__doc__)
    maintenance.add_argument("state", choices=("on", "off", "status"))
    maintenance.add_argument("--force", action="store_true",
                             help="turn it off even though the last restore failed part-way")
    maintenance.set_defaults(run=cmd_maintenance)
    totp_off = sub.add_parser("totp-off", help=cmd_totp_off.__doc__)
    totp_off.add_argument("--login", required=True)
    totp_off.set_defaults(run=cmd_totp_off)
    check = sub.add_parser("check", help=cmd_check.__doc__)
    check.add_argument("--deploy", action="store_true", help="report unsafe production settings")
    check.set_defaults(run=cmd_check, raw_environment=True)
    worker = sub.add_parser("draw-worker", help=cmd_draw_worker.__doc__)
    worker.add_argument("draw_id", type=int)
    worker.set_defaults(run=cmd_draw_worker)
    verify = sub.add_parser("verify-draw", help=cmd_verify_draw.__doc__)
    verify.add_argument("file", help="the draw record downloaded from the panel's public page")
    verify.add_argument("--commitment", required=True, help="the commitment copied from the panel's public page")
    verify.set_defaults(run=cmd_verify_draw, raw_environment=True)  # needs no settings or database
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "raw_environment", False):
        return args.run(None, args)  # reads the variables itself: unsafe ones are what it reports
    try:
        settings = from_env()
    except SettingsError as problem:
        print(f"jurycourt: {problem}", file=sys.stderr)
        return 2
    from jurycourt.actions.guard import use_pseudonym_key

    use_pseudonym_key(settings.pseudonym_key)
    if args.debug:
        return args.run(settings, args)
    try:
        return args.run(settings, args)
    except Exception as problem:  # an operator's mistake or an unreachable database: one line, not a traceback
        print(f"jurycourt: {one_line(problem)}", file=sys.stderr)
        return 1


def one_line(problem: BaseException) -> str:
    """What went wrong, in a line an operator can act on (the traceback comes with --debug)."""
    from jurycourt.db import DatabaseProblem, is_outage

    first = (str(problem).strip().splitlines() or [""])[0]
    if isinstance(problem, DatabaseProblem):
        return first
    if is_outage(problem) or isinstance(problem, OSError):
        return (f"cannot reach the database ({type(problem).__name__}: {first}); check JURYCOURT_DATABASE_URL "
                "and that the database server is running. Add --debug for the details.")
    return f"{type(problem).__name__}: {first} (add --debug for the details)"
