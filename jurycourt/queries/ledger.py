"""Reading the ledger: a person's statement, a program's totals and its hours given per month.

Every loader takes the viewer and refuses (404) what they may not see: a member sees their own
statement; coordinators see their programs' members and totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.db import fetch_rows
from jurycourt.domain.ledger import AccountKind, Decision, PostingKind
from jurycourt.i18n.formatting import local_date
from jurycourt.models import (
    LedgerAccount,
    LedgerBalance,
    LedgerEntry,
    Membership,
    Person,
    Posting,
    Program,
    Reward,
    RewardRequest,
    ServiceClaim,
)
from jurycourt.queries.impact import month_starts, service_by_month
from jurycourt.queries.paging import PAGE_SIZE, Page, clamped


@dataclass
class Statement:
    """One account's balance and a page of its entries, newest first, each with the balance after it."""

    program: Program
    person: Person
    balance: int
    page: Page
    after: dict[int, int] = field(default_factory=dict)  # entry id → balance after it


def _account_query(program_id: int, key: str):
    return LedgerAccount.get_or_none(program_id=program_id, key=key)

def _balance_query(account_id: int):
    return LedgerBalance.get(account_id=account_id).values_list("minutes", flat=True)

def _entry_count_query(account_id: int):
    return LedgerEntry.filter(account_id=account_id).count()

def _entries_query(account_id: int, skip: int):
    return (LedgerEntry.filter(account_id=account_id).select_related("posting")
        .order_by("-id").offset(skip).limit(PAGE_SIZE))



async def _account(program_id: int, person_id: int) -> LedgerAccount | None:
    return await _account_query(program_id=program_id, key=f"person:{person_id}")


async def statement(program: Program, person: Person, number: int) -> Statement:
    """The person's statement in the program (an empty one before their first credit)."""
    account = await _account(program.id, person.id)
    if account is None:
        return Statement(program, person, 0, Page([], 1, 0))
    balance = int(await _balance_query(account_id=account.id))
    total = await _entry_count_query(account_id=account.id)
    number = clamped(number, total)
    page = Page(list(await _entries_query(account_id=account.id, skip=(number - 1) * PAGE_SIZE)), number, total)
    after: dict[int, int] = {}
    if page.items:
        newer = await fetch_rows(lambda p: "SELECT COALESCE(SUM(minutes), 0) FROM ledger_entry"  # noqa: S608 - only placeholders are interpolated
                                 f" WHERE account_id = {p(account.id)} AND id > {p(page.items[0].id)}")
        running = balance - int(newer[0][0])
        for entry in page.items:
            after[entry.id] = running
            running -= entry.minutes
    return Statement(program, person, balance, page, after)


async def reversed_postings(statement: Statement) -> set[int]:
    """The postings on a statement page that have been reversed (or are reversals themselves):
    the ones a coordinator can no longer reverse."""
    ids = [entry.posting_id for entry in statement.page.items]
    if not ids:
        return set()
    undone = await Posting.filter(reverses_id__in=ids).values_list("reverses_id", flat=True)
    return set(undone) | {e.posting_id for e in statement.page.items if e.posting.kind == PostingKind.REVERSAL}


def _person_query(person_id: int):
    return Person.get_or_none(id=person_id)

def _programs_of_query(person_id: int):
    return Membership.filter(person_id=person_id).values_list("program_id", flat=True)



async def person(person_id: int) -> Person:
    """A person by id (the viewer's own row: it exists while they are signed in)."""
    found = await _person_query(person_id=person_id)
    if found is None:
        raise NotFound()
    return found


async def member_programs(viewer: Viewer) -> list[Program]:
    """The programs the viewer belongs to, by name."""
    ids = await _programs_of_query(person_id=viewer.person_id)
    return await Program.filter(id__in=list(set(ids))).order_by("name")


def chosen(programs: list[Program], raw: str | None) -> Program:
    """The program named by ``?program=`` among ``programs`` (404 for any other), else the first."""
    if not programs:
        raise NotFound()
    if not raw:
        return programs[0]
    match = next((p for p in programs if str(p.id) == raw), None)
    if match is None:
        raise NotFound()
    return match


async def member_for_coordinator(viewer: Viewer, person_id: int, raw_program: str | None) -> tuple[Person, Program]:
    """A member of a program the viewer coordinates, and that program (404 otherwise)."""
    person = await _person_query(person_id=person_id)
    if person is None:
        raise NotFound()
    ids = set(await _programs_of_query(person_id=person_id))
    programs = await Program.filter(id__in=[p for p in ids if coordinates(viewer, p)]).order_by("name")
    return person, chosen(programs, raw_program)


async def coordinated_program(viewer: Viewer, raw: str | None) -> Program:
    """A program the viewer coordinates (``?program=``, else their first); 404 for anyone else."""
    return chosen(await Program.filter(id__in=viewer.coordinated_programs).order_by("name"), raw)


def _catalogue_query(program_id: int):
    return (Reward.filter(program_id=program_id, active=True)
        .order_by("price_minutes", "name"))



async def catalogue(program_id: int) -> list[Reward]:
    return await _catalogue_query(program_id=program_id)


def _own_requests_query(program_id: int, person_id: int):
    return (RewardRequest.filter(
        program_id=program_id, person_id=person_id).select_related("reward").order_by("-id").limit(20))

def _own_claims_query(program_id: int, person_id: int):
    return (ServiceClaim.filter(
        program_id=program_id, person_id=person_id).order_by("-id").limit(20))



async def own_requests(program_id: int, person_id: int) -> tuple[list[RewardRequest], list[ServiceClaim]]:
    """The person's latest reward requests and service claims, newest first."""
    return (await _own_requests_query(program_id=program_id, person_id=person_id),
            await _own_claims_query(program_id=program_id, person_id=person_id))


def _waiting_requests_query(program_id: int):
    return (RewardRequest.filter(
        program_id=program_id, status=Decision.PENDING).select_related("reward", "person").order_by("id").limit(100))

def _waiting_claims_query(program_id: int):
    return (ServiceClaim.filter(
        program_id=program_id, status=Decision.PENDING).select_related("person").order_by("id").limit(100))



async def waiting(program_id: int) -> tuple[list[RewardRequest], list[ServiceClaim]]:
    """Reward requests and service claims waiting for a coordinator, oldest first."""
    return await _waiting_requests_query(program_id=program_id), await _waiting_claims_query(program_id=program_id)


@dataclass(frozen=True)
class Totals:
    issued: int  # minutes credited for service, all time
    redeemed: int  # minutes spent on rewards
    held: int  # minutes in members' accounts now
    members: int  # members with an account


async def totals(program_id: int) -> Totals:
    """The program's totals from its two system accounts' balances, whatever its size: every
    posting sums to zero, so what members hold is minus what the issuing and rewards accounts
    hold (``jurycourt ledger-check`` proves the books balance)."""
    keys = [str(AccountKind.ISSUING), str(AccountKind.REWARDS)]
    rows = dict(await fetch_rows(lambda p: (
        "SELECT a.key, b.minutes FROM ledger_account a JOIN ledger_balance b ON b.account_id = a.id"  # noqa: S608 - only placeholders are interpolated
        f" WHERE a.program_id = {p(program_id)} AND a.key IN ({p.each(keys)})")))
    issuing, rewards = int(rows.get(str(AccountKind.ISSUING), 0)), int(rows.get(str(AccountKind.REWARDS), 0))
    # Personal accounts' keys are "person:<id>": a range of the (program, key) index, counted there.
    members = await LedgerAccount.filter(program_id=program_id, key__gte="person:", key__lt="person;").count()
    return Totals(-issuing, rewards, -(issuing + rewards), members)


@dataclass(frozen=True)
class Month:
    start: date  # its first day
    former_respondents: int  # minutes
    others: int

    @property
    def label(self) -> str:
        """The month in the reader's language ("Mar 2025", "mar 2025"), when it is shown: the
        months are kept in a snapshot that every language shares."""
        return local_date(self.start, "short_month")


async def hours_by_month(program: Program, today: date, months: int = 12) -> list[Month]:
    """Service credited per month (net of corrections) over the last ``months`` months, split
    between people who hold or held a respondent membership (giving back) and other members, in
    the program's time zone. The same sums as the impact page's, before suppression: coordinators
    see exact figures."""
    tz = ZoneInfo(program.time_zone)
    starts = month_starts(today, months)
    minutes, _ = await service_by_month(program, [datetime(d.year, d.month, 1, tzinfo=tz).astimezone(UTC)
                                                  for d in starts])
    return [Month(d, *pair) for d, pair in zip(starts, minutes, strict=False)]


async def postings_between(program_id: int, start: datetime, end: datetime, limit: int = 50_000) -> list[Posting]:
    """The program's postings that happened in [start, end), oldest first, with their entries."""
    return await Posting.filter(program_id=program_id, occurred_at__gte=start, occurred_at__lt=end).order_by(
        "occurred_at", "id").prefetch_related("entries", "entries__account").limit(limit)


async def whole_statement(program_id: int, person_id: int, limit: int = 50_000) -> list[LedgerEntry]:
    """Every entry of the person's account, oldest first (for CSV)."""
    account = await _account(program_id, person_id)
    if account is None:
        return []
    return await LedgerEntry.filter(account_id=account.id).select_related("posting").order_by("id").limit(limit)
