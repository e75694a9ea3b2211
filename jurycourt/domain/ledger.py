"""Ledger arithmetic: time credits are integer minutes, every posting sums to zero.

Pure rules, no database: what a valid posting is, how a floor limits a balance, how a reversal
is built, and how a replayed request is told apart from a different one using the same key.
``Books`` is the whole ledger in memory, the model the database implementation must agree with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import served_minutes
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import gettext


class AccountKind(StrEnum):
    PERSONAL = "personal"
    ISSUING = "issuing"  # where service credits come from: its balance is minus all credit issued
    REWARDS = "rewards"  # where redeemed credits go


class PostingKind(StrEnum):
    SERVICE_CREDIT = "service_credit"
    REWARD_REDEMPTION = "reward_redemption"
    MANUAL_ADJUSTMENT = "manual_adjustment"
    REVERSAL = "reversal"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return POSTING_LABELS[self]


POSTING_LABELS = {
    PostingKind.SERVICE_CREDIT: "Service",
    PostingKind.REWARD_REDEMPTION: "Reward",
    PostingKind.MANUAL_ADJUSTMENT: "Adjustment",
    PostingKind.REVERSAL: "Correction",
    PostingKind.TRANSFER: "Transfer",
}

class Decision(StrEnum):
    """Where a request waiting on a coordinator stands (a reward request, a service claim)."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


#: The largest single amount a form accepts: a week of round-the-clock service.
MAX_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, order=True)
class Entry:
    """Minutes into (positive) or out of (negative) one account."""

    account_id: int
    minutes: int


def check_entries(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries of a valid posting, in account order: at least two, each a non-zero whole
    number of minutes on a different account, summing to zero. Refused otherwise."""
    entries = tuple(sorted(entries))
    if len(entries) < 2:
        raise Refused(gettext("A posting needs at least two entries."))
    for entry in entries:
        if isinstance(entry.minutes, bool) or not isinstance(entry.minutes, int) or entry.minutes == 0:
            raise Refused(gettext("Each entry must be a non-zero whole number of minutes."), "minutes")
    if len({e.account_id for e in entries}) != len(entries):
        raise Refused(gettext("Each account may appear only once in a posting."))
    if sum(e.minutes for e in entries) != 0:
        raise Refused(gettext("A posting's entries must sum to zero."))
    return entries


class ServedTime(Protocol):
    """A seat's times at a hearing (a ``Seat`` is one; so is ``Served``)."""

    @property
    def checked_in_at(self) -> datetime | None: ...
    @property
    def checked_out_at(self) -> datetime | None: ...
    @property
    def no_show(self) -> bool: ...


@dataclass(frozen=True)
class Served:
    """Times served, for an estimate before check-out (e.g. until the hearing's end)."""

    checked_in_at: datetime | None
    checked_out_at: datetime | None
    no_show: bool = False


def service_credit(served: ServedTime, rules: dict[str, Any] | None) -> int | None:
    """The minutes of credit for time served at a hearing: one minute served is one minute of
    credit, from check-in to check-out rounded to the program's ``credit_rounding_minutes``.
    None while the person has not both checked in and out; a no-show earns nothing.

    It is credited exactly once per seat (the posting's idempotency key is ``seat:<id>``, held
    unique by ``Posting.idempotency_key``, so a retry or a second tablet never credits twice) and
    only once the hearing is marked held, when attendance is final (``check_attendance_open``
    refuses every tap then); a later mistake is corrected by a reversing entry and the corrected
    minutes posted again.
    """
    if served.no_show or served.checked_in_at is None or served.checked_out_at is None:
        return None
    rounding = int(rules_with_defaults(rules)["credit_rounding_minutes"])
    return served_minutes(served.checked_in_at, served.checked_out_at, rounding)


def check_amount(minutes: object, field: str = "minutes") -> int:
    """A positive whole number of minutes, at most ``MAX_MINUTES`` (what forms and actions take)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise Refused(gettext("Enter a whole number of minutes."), field)
    if minutes <= 0:
        raise Refused(gettext("Enter an amount above zero."), field)
    if minutes > MAX_MINUTES:
        raise Refused((gettext("Enter at most %(max_minutes)s hours at a time.")
                       % {"max_minutes": MAX_MINUTES // 60}), field)
    return minutes


def within_floor(balance: int, change: int, floor: int | None) -> bool:
    """Whether ``balance`` may move by ``change``: an account with a floor never goes below it
    (a credit is always allowed, even to an account already below a raised floor)."""
    return floor is None or change >= 0 or balance + change >= floor


def reversal_of(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries that undo a posting: the same accounts, every amount negated."""
    return tuple(sorted(Entry(e.account_id, -e.minutes) for e in entries))


def fingerprint(kind: str, program_id: int, reference: str, entries: Iterable[Entry]) -> str:
    """A digest of what a posting does, to tell a replay (same digest) from a different request
    that reuses an idempotency key."""
    body = json.dumps([str(kind), program_id, reference, [[e.account_id, e.minutes] for e in sorted(entries)]])
    return hashlib.sha256(body.encode()).hexdigest()


def check_replay(stored: str, offered: str) -> None:
    """A replayed key is fine only with the same payload; otherwise it is refused."""
    if stored != offered:
        raise Refused(gettext("This request was already made with different details: start again from the page."))


@dataclass
class Books:
    """The ledger in memory: balances by account, every posting ever made, floors by account."""

    floors: dict[int, int | None] = field(default_factory=dict)
    balances: dict[int, int] = field(default_factory=dict)
    postings: dict[str, tuple[str, tuple[Entry, ...]]] = field(default_factory=dict)

    def open(self, account_id: int, floor: int | None) -> None:
        self.floors[account_id] = floor
        self.balances.setdefault(account_id, 0)

    def post(self, key: str, kind: str, program_id: int, reference: str, entries: Iterable[Entry]) -> bool:
        """Apply a posting once per key: True when posted, False when it replays ``key``."""
        entries = check_entries(entries)
        digest = fingerprint(kind, program_id, reference, entries)
        if key in self.postings:
            check_replay(self.postings[key][0], digest)
            return False
        check_postable(entries, self.balances, self.floors)
        for e in entries:
            self.balances[e.account_id] += e.minutes
        self.postings[key] = (digest, entries)
        return True

    def entry_sums(self) -> dict[int, int]:
        sums = dict.fromkeys(self.balances, 0)
        for _, entries in self.postings.values():
            for e in entries:
                sums[e.account_id] += e.minutes
        return sums


def check_postable(entries: Iterable[Entry], balances: Mapping[int, int], floors: Mapping[int, int | None]) -> None:
    """Refuse entries on unknown accounts or that take an account below its floor."""
    for e in entries:
        if e.account_id not in balances:
            raise Refused(gettext("There is no such account."))
        if not within_floor(balances[e.account_id], e.minutes, floors.get(e.account_id)):
            raise Refused(gettext("Not enough time credit for this."), "minutes")
