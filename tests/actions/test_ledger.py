"""The ledger in the database: append-only, balanced, floored, idempotent; service credited once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError

from jurycourt.actions import ledger
from jurycourt.actions.hearings import set_hearing_status
from jurycourt.actions.service_credits import correct_attendance, post_service_credit
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.roles import Role
from jurycourt.models import LedgerBalance, LedgerEntry, Posting, Program
from jurycourt.queries.books import books_problems
from tests.duties import court, hearing_at, seat_for, someone
from tests.web.query_count import counted


def coordinator_of(program: Program, person_id: int) -> Viewer:
    return Viewer(person_id=person_id, account_id=1, name="C", roles={program.id: frozenset({Role.COORDINATOR})})


async def funded(program: Program, person_id: int, minutes: int, key: str = "seed") -> int:
    """The person's account id after crediting them ``minutes`` from the issuing account."""
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    account = await ledger.personal_account(program.id, person_id)
    await ledger.post(program.id, PostingKind.MANUAL_ADJUSTMENT, "test", key,
                      [Entry(issuing.id, -minutes), Entry(account.id, minutes)], recorded_by=None)
    return account.id


async def held_seat(program: Program, person, minutes_served: int):
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    hearing = await hearing_at(program, starts)
    seat = await seat_for(person, hearing)
    seat.checked_in_at, seat.checked_out_at = starts, starts + timedelta(minutes=minutes_served)
    await seat.save(update_fields=["checked_in_at", "checked_out_at"])
    return hearing, seat


async def test_marking_a_hearing_held_credits_each_attended_seat_once_rounded_to_a_quarter_hour(app):
    program = await court()
    coordinator, juror = await someone("Cora"), await someone("Jo")
    hearing, seat = await held_seat(program, juror, 173)  # 2 h 53 min rounds to 3 h

    await set_hearing_status(coordinator_of(program, coordinator.id), hearing, HearingStatus.HELD)
    again = await post_service_credit(seat)

    account = await ledger.personal_account(program.id, juror.id)
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    assert await ledger.account_balance(account.id) == 180
    assert await ledger.account_balance(issuing.id) == -180
    assert again.replayed and again.idempotency_key == f"seat:{seat.id}"
    assert await Posting.filter(reference=f"seat:{seat.id}").count() == 1
    assert await books_problems() == []


async def test_a_replayed_key_returns_the_original_and_a_changed_payload_is_refused(app):
    program = await court()
    person = await someone()
    account_id = await funded(program, person.id, 60, key="k")
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)

    replay = await ledger.post(program.id, PostingKind.MANUAL_ADJUSTMENT, "test", "k",
                               [Entry(issuing.id, -60), Entry(account_id, 60)], recorded_by=None)
    with pytest.raises(Refused, match="different details"):
        await ledger.post(program.id, PostingKind.MANUAL_ADJUSTMENT, "test", "k",
                          [Entry(issuing.id, -90), Entry(account_id, 90)], recorded_by=None)

    assert replay.replayed
    assert await Posting.all().count() == 1
    assert await ledger.account_balance(account_id) == 60


async def test_spending_below_the_floor_is_refused_and_posts_nothing(app):
    program = await court()
    person = await someone()
    account_id = await funded(program, person.id, 60)
    rewards = await ledger.program_account(program.id, AccountKind.REWARDS)

    with pytest.raises(Refused, match="Not enough"):
        await ledger.post(program.id, PostingKind.REWARD_REDEMPTION, "r", "spend",
                          [Entry(account_id, -61), Entry(rewards.id, 61)], recorded_by=None)

    assert await ledger.account_balance(account_id) == 60
    assert not await Posting.exists(idempotency_key="spend")
    assert await books_problems() == []


async def test_a_program_floor_rule_lets_members_go_that_far_below_zero(app):
    program = await court()
    program.rules = {"ledger_floor_minutes": -120}
    await program.save(update_fields=["rules"])
    person = await someone()
    account = await ledger.personal_account(program.id, person.id)
    rewards = await ledger.program_account(program.id, AccountKind.REWARDS)

    await ledger.post(program.id, PostingKind.REWARD_REDEMPTION, "r", "a", [Entry(account.id, -120),
                                                                           Entry(rewards.id, 120)], recorded_by=None)
    with pytest.raises(Refused):
        await ledger.post(program.id, PostingKind.REWARD_REDEMPTION, "r", "b", [Entry(account.id, -1),
                                                                               Entry(rewards.id, 1)], recorded_by=None)
    assert await ledger.account_balance(account.id) == -120


async def test_unbalanced_postings_and_accounts_of_another_program_are_refused(app):
    program, other = await court(), await court("Southside Youth Court")
    person = await someone()
    account_id = await funded(program, person.id, 60)
    elsewhere = await ledger.program_account(other.id, AccountKind.REWARDS)
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)

    with pytest.raises(Refused, match="sum to zero"):
        await ledger.post(program.id, PostingKind.TRANSFER, "x", "x", [Entry(issuing.id, -30), Entry(account_id, 60)],
                          recorded_by=None)
    with pytest.raises(Refused, match="no such account"):
        await ledger.post(program.id, PostingKind.TRANSFER, "y", "y", [Entry(account_id, -30), Entry(elsewhere.id, 30)],
                          recorded_by=None)
    with pytest.raises(Refused, match="at least two"):
        await ledger.post(program.id, PostingKind.TRANSFER, "z", "z", [Entry(account_id, 0)], recorded_by=None)
    assert await Posting.all().count() == 1


#: What a refusing trigger raises: Tortoise's errors on SQLite, asyncpg's RaiseError on PostgreSQL.
DB_ERRORS = (OperationalError, IntegrityError, TransactionManagementError, asyncpg.PostgresError)


@pytest.mark.parametrize("sql", [
    "UPDATE ledger_entry SET minutes = minutes + 60",
    "DELETE FROM ledger_entry",
    "UPDATE ledger_posting SET memo = 'edited'",
    "DELETE FROM ledger_posting",
])
async def test_the_database_refuses_to_edit_or_delete_postings_and_entries(app, sql):
    program = await court()
    await funded(program, (await someone()).id, 60)
    conn = connections.get("default")

    with pytest.raises(DB_ERRORS, match="append-only"):
        await conn.execute_query(sql)

    assert sorted(await LedgerEntry.all().values_list("minutes", flat=True)) == [-60, 60]
    assert await Posting.filter(memo="edited").count() == 0


async def test_a_reversal_points_to_the_original_restores_balances_and_happens_once(app):
    program = await court()
    person = await someone()
    account_id = await funded(program, person.id, 90)
    original = await Posting.get(idempotency_key="seed")

    reversal = await ledger.reverse(original, recorded_by=person.id)
    again = await ledger.reverse(original, recorded_by=person.id)

    assert reversal.reverses_id == original.id and reversal.kind == PostingKind.REVERSAL
    assert again.id == reversal.id and again.replayed
    assert await ledger.account_balance(account_id) == 0
    with pytest.raises(Refused, match="can't itself be reversed"):
        await ledger.reverse(reversal, recorded_by=person.id)
    assert await books_problems() == []


async def test_correcting_attendance_reverses_the_credit_and_posts_the_corrected_hours(app):
    program = await court()
    coordinator, juror = await someone("Cora"), await someone("Jo")
    actor = coordinator_of(program, coordinator.id)
    hearing, seat = await held_seat(program, juror, 120)
    await set_hearing_status(actor, hearing, HearingStatus.HELD)

    corrected = await correct_attendance(actor, seat.id, seat.checked_in_at, seat.checked_in_at + timedelta(hours=3))

    account = await ledger.personal_account(program.id, juror.id)
    assert await ledger.account_balance(account.id) == 180
    assert corrected.reference == f"seat:{seat.id}" and corrected.idempotency_key != f"seat:{seat.id}"
    kinds = await Posting.all().order_by("id").values_list("kind", flat=True)
    assert kinds == [PostingKind.SERVICE_CREDIT, PostingKind.REVERSAL, PostingKind.SERVICE_CREDIT]
    assert await books_problems() == []


async def test_the_books_check_reports_a_balance_that_disagrees_with_its_entries(app):
    program = await court()
    account_id = await funded(program, (await someone()).id, 60)
    assert await books_problems() == []

    await LedgerBalance.filter(account_id=account_id).update(minutes=75)  # the cache is not append-only

    problems = await books_problems()
    assert len(problems) == 1
    assert f"account {account_id}" in problems[0] and "balance 75 min, entries sum to 60 min" in problems[0]


async def _held_queries(program: Program, coordinator_id: int, seats: int) -> int:
    """The queries marking a hearing held costs with ``seats`` attended seats, each then credited."""
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    hearing = await hearing_at(program, starts + timedelta(hours=seats))  # one hearing per size, apart
    for n in range(seats):
        seat = await seat_for(await someone(f"Juror {seats}-{n}"), hearing)
        seat.checked_in_at, seat.checked_out_at = hearing.starts_at, hearing.starts_at + timedelta(minutes=60 + n)
        await seat.save(update_fields=["checked_in_at", "checked_out_at"])
    with counted() as queries:
        await set_hearing_status(coordinator_of(program, coordinator_id), hearing, HearingStatus.HELD)
    assert await Posting.filter(reference__startswith="seat:", kind=PostingKind.SERVICE_CREDIT,
                                program_id=program.id).count() >= seats
    return queries.count


async def test_marking_a_hearing_held_costs_a_few_queries_however_many_seats_it_credits(app):
    program = await court()
    coordinator = await someone("Cora")
    few, many = await _held_queries(program, coordinator.id, 2), await _held_queries(program, coordinator.id, 9)
    # Flat in seats: only a balance UPDATE per distinct amount credited may add one (60 and 75 min here).
    assert many <= few + 1, f"{few} queries for 2 seats, {many} for 9: a query per seat crept in"
    assert many <= 25  # was about 15 a seat (140 for 9 seats) before crediting was aggregated
    assert await books_problems() == []
