"""Posting to the time-credit ledger: the one way minutes move between accounts.

Every posting is checked by ``jurycourt.domain.ledger``, written with its entries and the balance
changes in one transaction, and claimed by a unique idempotency key first, so a retried request
finds the posting it already made. A balance moves by a conditional UPDATE that also tests the
floor, so two postings racing against one account can never take it below its floor, on SQLite
or PostgreSQL; balances are changed in account order, so two postings never deadlock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record, record_many
from jurycourt.domain.errors import Refused
from jurycourt.domain.ledger import (
    AccountKind,
    Entry,
    PostingKind,
    check_entries,
    check_replay,
    fingerprint,
    reversal_of,
)
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _
from jurycourt.models import LedgerAccount, LedgerBalance, LedgerEntry, Posting, Program


async def _open(program_id: int, kind: AccountKind, key: str, person_id: int | None) -> LedgerAccount:
    account = await LedgerAccount.get_or_none(program_id=program_id, key=key)
    if account is not None:
        return account
    try:
        async with in_transaction():
            account = await LedgerAccount.create(program_id=program_id, kind=kind, key=key, person_id=person_id)
            await LedgerBalance.create(account=account, minutes=0)
    except IntegrityError:  # opened by someone else just now
        return await LedgerAccount.get(program_id=program_id, key=key)
    return account


async def personal_account(program_id: int, person_id: int) -> LedgerAccount:
    """The person's account in the program, opened (with a zero balance) on first use."""
    return await _open(program_id, AccountKind.PERSONAL, f"person:{person_id}", person_id)


async def personal_accounts(program_id: int, person_ids: Iterable[int]) -> dict[int, LedgerAccount]:
    """Each person's account in the program (person id → account), the missing ones opened with a
    zero balance: a few queries however many people."""
    keys = {f"person:{pid}": pid for pid in person_ids}
    found = {a.key: a for a in await LedgerAccount.filter(program_id=program_id, key__in=list(keys))}
    missing = [key for key in keys if key not in found]
    if missing:
        try:
            async with in_transaction():
                await LedgerAccount.bulk_create([LedgerAccount(program_id=program_id, kind=AccountKind.PERSONAL,
                                                               key=key, person_id=keys[key]) for key in missing])
                opened = await LedgerAccount.filter(program_id=program_id, key__in=missing)
                await LedgerBalance.bulk_create([LedgerBalance(account_id=a.id, minutes=0) for a in opened])
            found.update({a.key: a for a in opened})
        except IntegrityError:  # someone opened one of them just now: open them one by one
            for key in missing:
                found[key] = await personal_account(program_id, keys[key])
    return {keys[key]: account for key, account in found.items()}


async def program_account(program_id: int, kind: AccountKind) -> LedgerAccount:
    """The program's issuing or rewards account, opened on first use."""
    if kind == AccountKind.PERSONAL:
        raise ValueError("a program account is issuing or rewards")
    return await _open(program_id, kind, str(kind), None)


async def floors(program_id: int, accounts: list[LedgerAccount]) -> dict[int, int | None]:
    """Each account's floor: the program's ``ledger_floor_minutes`` for personal accounts; the
    program's own accounts have none (issuing goes as negative as the credit it has issued)."""
    program = await Program.get(id=program_id)
    floor = int(rules_with_defaults(program.rules)["ledger_floor_minutes"])
    return {a.id: floor if a.kind == AccountKind.PERSONAL else None for a in accounts}


async def post(program_id: int, kind: PostingKind, reference: str, key: str, entries: Iterable[Entry], *,
               recorded_by: int | None, occurred_at: datetime | None = None, memo: str = "",
               reverses_id: int | None = None) -> Posting:
    """Post balanced ``entries`` once under ``key``, returning the posting.

    A replay of ``key`` with the same details returns the original posting (``replayed`` is
    True) and posts nothing; the same key with different details is refused, as are unknown
    accounts, unbalanced entries and any entry that would take an account below its floor.
    """
    entries = check_entries(entries)
    digest = fingerprint(kind, program_id, reference, entries)
    existing = await Posting.get_or_none(idempotency_key=key)
    if existing is not None:
        return _replayed(existing, digest)
    accounts = await LedgerAccount.filter(id__in=[e.account_id for e in entries], program_id=program_id)
    if len(accounts) != len(entries):
        raise Refused(_("There is no such account in this program."))
    limits = await floors(program_id, accounts)
    now = clock.now()
    try:
        async with in_transaction():
            posting = await Posting.create(
                program_id=program_id, kind=kind, reference=reference[:80], idempotency_key=key,
                fingerprint=digest, memo=memo[:300], reverses_id=reverses_id,
                occurred_at=occurred_at or now, recorded_by_id=recorded_by)
            for entry in entries:  # already in account order
                await _move(entry, limits[entry.account_id], now)
            await LedgerEntry.bulk_create([LedgerEntry(posting_id=posting.id, account_id=e.account_id,
                                                       minutes=e.minutes) for e in entries])
            await record("ledger.posted", actor_id=recorded_by, program_id=program_id,
                         subject=("posting", posting.id), kind=str(kind), reference=reference)
    except IntegrityError:
        existing = await Posting.get_or_none(idempotency_key=key)
        if existing is None:
            raise
        return _replayed(existing, digest)
    posting.replayed = False
    return posting


@dataclass(frozen=True)
class Draft:
    """One posting of many (``post_many``): its reference, idempotency key, entries and memo."""

    reference: str
    key: str
    entries: list[Entry]
    occurred_at: datetime
    memo: str = ""


async def post_many(program_id: int, kind: PostingKind, drafts: Sequence[Draft], *,
                    recorded_by: int | None) -> list[Posting]:
    """Post many balanced postings as ``post`` posts one, in a few queries however many there are
    (a held hearing's seats): each once under its key (a replay returns the original), floors
    kept. Balances moving by the same minutes change in one conditional UPDATE."""
    checked = [(draft, check_entries(draft.entries)) for draft in drafts]
    digests = {d.key: fingerprint(kind, program_id, d.reference, entries) for d, entries in checked}
    existing = {p.idempotency_key: p for p in await Posting.filter(idempotency_key__in=list(digests))}
    replayed = [_replayed(posting, digests[key]) for key, posting in existing.items()]
    new = [(d, entries) for d, entries in checked if d.key not in existing]
    if not new:
        return replayed
    totals: dict[int, int] = defaultdict(int)
    for _draft, entries in new:
        for entry in entries:
            totals[entry.account_id] += entry.minutes
    accounts = await LedgerAccount.filter(id__in=list(totals), program_id=program_id)
    if len(accounts) != len(totals):
        raise Refused(_("There is no such account in this program."))
    limits = await floors(program_id, accounts)
    now = clock.now()
    try:
        async with in_transaction():
            await Posting.bulk_create([Posting(
                program_id=program_id, kind=kind, reference=d.reference[:80], idempotency_key=d.key,
                fingerprint=digests[d.key], memo=d.memo[:300], occurred_at=d.occurred_at,
                recorded_by_id=recorded_by) for d, _entries in new])
            made = {p.idempotency_key: p for p in await Posting.filter(idempotency_key__in=[d.key for d, _ in new])}
            await _move_many(totals, limits, now)
            await LedgerEntry.bulk_create([LedgerEntry(posting_id=made[d.key].id, account_id=e.account_id,
                                                       minutes=e.minutes) for d, entries in new for e in entries])
            await record_many("ledger.posted", actor_id=recorded_by, program_id=program_id, events=[
                (("posting", made[d.key].id), {"kind": str(kind), "reference": d.reference}) for d, _ in new])
    except IntegrityError:  # a racing request posted some of them first: post one by one (replaying those)
        return replayed + [await post(program_id, kind, d.reference, d.key, d.entries, recorded_by=recorded_by,
                                      occurred_at=d.occurred_at, memo=d.memo) for d, _ in new]
    for posting in made.values():
        posting.replayed = False
    return replayed + [made[d.key] for d, _ in new]


async def _move_many(totals: dict[int, int], limits: dict[int, int | None], now: datetime) -> None:
    """Change many balances, one conditional UPDATE per (minutes, floor), in account order."""
    groups: dict[tuple[int, int | None], list[int]] = defaultdict(list)
    for account_id in sorted(totals):
        if totals[account_id]:
            groups[(totals[account_id], limits[account_id])].append(account_id)
    for (minutes, floor), ids in sorted(groups.items(), key=lambda group: group[1][0]):
        query = LedgerBalance.filter(account_id__in=ids)
        if floor is not None and minutes < 0:
            query = query.filter(minutes__gte=floor - minutes)
        if await query.update(minutes=F("minutes") + minutes, updated_at=now) != len(ids):
            raise Refused(_("Not enough time credit for this."), "minutes")


def _replayed(existing: Posting, digest: str) -> Posting:
    check_replay(existing.fingerprint, digest)
    existing.replayed = True
    return existing


async def _move(entry: Entry, floor: int | None, now: datetime) -> None:
    """Change one balance, refusing (in the database, atomically) to go below ``floor``."""
    query = LedgerBalance.filter(account_id=entry.account_id)
    if floor is not None and entry.minutes < 0:
        query = query.filter(minutes__gte=floor - entry.minutes)
    if not await query.update(minutes=F("minutes") + entry.minutes, updated_at=now):
        raise Refused(_("Not enough time credit for this."), "minutes")


async def reverse(posting: Posting, *, recorded_by: int | None, memo: str = "") -> Posting:
    """Undo ``posting`` by a reversing posting that points to it (at most once). The reversal
    obeys floors too: credit already spent can't be taken back."""
    if posting.kind == PostingKind.REVERSAL:
        raise Refused(_("A correction can't itself be reversed: post the right amount instead."))
    originals = await LedgerEntry.filter(posting_id=posting.id)
    entries = reversal_of(Entry(e.account_id, e.minutes) for e in originals)
    done = await Posting.get_or_none(reverses_id=posting.id)
    if done is not None:
        done.replayed = True
        return done
    try:
        return await post(posting.program_id, PostingKind.REVERSAL, f"posting:{posting.id}", f"reversal:{posting.id}",
                          entries, recorded_by=recorded_by, occurred_at=posting.occurred_at,
                          memo=memo or _("Correction of posting %(id)s") % {"id": posting.id}, reverses_id=posting.id)
    except IntegrityError:  # pragma: no cover - reverses_id is unique: a racing reversal won
        return await Posting.get(reverses_id=posting.id)


async def account_balance(account_id: int) -> int:
    """The cached balance of one account (one indexed lookup)."""
    row = await LedgerBalance.get_or_none(account_id=account_id)
    return int(row.minutes) if row else 0
