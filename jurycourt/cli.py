"""The operator's command line: `jurycourt serve | migrate | create-coordinator | seed-demo | send-outbox |
settings`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import sys
from collections.abc import AsyncIterator

from tortoise import Tortoise

from jurycourt.settings import Settings, SettingsError, describe, from_env


@contextlib.asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[None]:
    from jurycourt.db import tortoise_config

    await Tortoise.init(config=tortoise_config(settings))
    try:
        yield
    finally:
        await Tortoise.close_connections()


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the app with uvicorn (several workers only on PostgreSQL)."""
    import uvicorn

    workers = args.workers or settings.workers
    if workers > 1 and settings.is_sqlite:
        print("jurycourt: several workers need PostgreSQL; SQLite serves one worker. "
              "Set JURYCOURT_DATABASE_URL to a postgres:// URL or use --workers 1.", file=sys.stderr)
        return 2
    uvicorn.run(
        "jurycourt.asgi:app", host=args.host or settings.host, port=args.port or settings.port,
        workers=workers, proxy_headers=settings.production, server_header=False,
        log_level="info", access_log=not settings.production,
    )
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
            await demo.seed_demo(make_hasher(settings.password_hashing))
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
    from jurycourt.outbox_senders import run_outbox

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

    async def run() -> int:
        async with database(settings):
            return await seal_due_cases()

    count = asyncio.run(run())
    print(f"jurycourt: {count} {'case' if count == 1 else 'cases'} sealed.")
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
    from jurycourt.draw_worker import work

    async def run() -> bool:
        async with database(settings):
            return await work(args.draw_id)

    return 0 if asyncio.run(run()) else 1


def cmd_verify_draw(settings: Settings | None, args: argparse.Namespace) -> int:
    """Check a citizens' panel draw from its published record: commitment, seed and a re-run of the draw."""
    from jurycourt.verify_draw import main as verify_main

    return verify_main([args.file])


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
    """Write a consistent copy of the database to FILE (SQLite online backup, or pg_dump -Fc)."""
    from jurycourt.backup import backup

    return _backup_step(backup, settings, args.file, "backed up to")


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the database's contents with the backup in FILE (stop the server first)."""
    from jurycourt.backup import restore

    return _backup_step(restore, settings, args.file, "restored from")


def _backup_step(step, settings: Settings, file: str, done: str) -> int:
    from pathlib import Path

    from jurycourt.backup import BackupError

    try:
        step(settings, Path(file))
    except BackupError as problem:
        print(f"jurycourt: {problem}", file=sys.stderr)
        return 2
    print(f"jurycourt: the database is {done} {file}.")
    return 0


def cmd_check(settings: Settings | None, args: argparse.Namespace) -> int:
    """Check the configuration: with --deploy, report every unsafe production setting."""
    import os

    from jurycourt.deploy_check import findings

    if not args.deploy:
        print("jurycourt: say what to check: `jurycourt check --deploy`.", file=sys.stderr)
        return 2
    found = findings(dict(os.environ))
    if not found:
        print("jurycourt: no unsafe production settings found.")
        return 0
    print(f"jurycourt: {len(found)} unsafe production {'setting' if len(found) == 1 else 'settings'}:")
    for finding in found:
        print(f"  UNSAFE {finding}")
    return 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jurycourt", description=__doc__)
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
    sub.add_parser("seal", help=cmd_seal.__doc__).set_defaults(run=cmd_seal)
    sub.add_parser("settings", help=cmd_settings.__doc__).set_defaults(run=cmd_settings)
    for name, run in (("backup", cmd_backup), ("restore", cmd_restore)):
        command = sub.add_parser(name, help=run.__doc__)
        command.add_argument("file")
        command.set_defaults(run=run)
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
    return args.run(settings, args)
