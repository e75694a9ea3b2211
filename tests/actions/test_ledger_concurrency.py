"""Two hundred postings at once against a few accounts: nothing lost, nothing doubled, no floor broken.

Runs on SQLite, and on PostgreSQL (where the postings really run side by side on a connection
pool) when JURYCOURT_TEST_DATABASE_URL says so.
"""

from __future__ import annotations

import asyncio

from jurycourt.actions import ledger
from jurycourt.domain.errors import Refused
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.models import LedgerBalance, Posting
from jurycourt.queries.books import books_problems
from tests.duties import court, someone

START, CREDIT, PRICE, GIFT = 60, 30, 45, 20


async def test_simultaneous_credits_redemptions_transfers_and_replays_keep_the_books_exact(app):
    program = await court()
    people = [await someone(f"P{n}", f"p{n}@example.org") for n in range(4)]
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    rewards = await ledger.program_account(program.id, AccountKind.REWARDS)
    accounts = [(await ledger.personal_account(program.id, p.id)).id for p in people]
    for n, account in enumerate(accounts):
        await ledger.post(program.id, PostingKind.MANUAL_ADJUSTMENT, "start", f"start:{n}",
                          [Entry(issuing.id, -START), Entry(account, START)], recorded_by=None)

    def operation(i: int):
        a, b = accounts[i % 4], accounts[(i + 1) % 4]
        if i % 4 == 0:
            return PostingKind.SERVICE_CREDIT, f"credit:{i}", [Entry(issuing.id, -CREDIT), Entry(a, CREDIT)]
        if i % 4 == 1:
            return PostingKind.REWARD_REDEMPTION, f"redeem:{i}", [Entry(a, -PRICE), Entry(rewards.id, PRICE)]
        if i % 4 == 2:
            return PostingKind.TRANSFER, f"transfer:{i}", [Entry(a, -GIFT), Entry(b, GIFT)]
        return operation(i - 3)  # a replay of the credit three steps back, racing its original

    async def attempt(i: int) -> str:
        kind, key, entries = operation(i)
        try:
            posting = await ledger.post(program.id, kind, key, key, entries, recorded_by=None)
        except Refused:
            return "refused"
        return "replayed" if posting.replayed else "posted"

    outcomes = await asyncio.gather(*(attempt(i) for i in range(200)))
    debits = [outcomes[i] for i in range(200) if i % 4 in (1, 2)]
    # Each account is asked for more than it ever holds, so the floor must turn some away.
    assert "refused" in debits and "posted" in debits

    credits = [outcomes[i] for i in range(200) if i % 4 in (0, 3)]
    assert sorted(credits).count("posted") == 50, "each credit posted once, whichever of the pair came first"
    assert credits.count("replayed") == 50 and "refused" not in credits
    posted = {operation(i)[1] for i in range(200) if outcomes[i] == "posted"}
    assert set(await Posting.exclude(reference="start").values_list("idempotency_key", flat=True)) == posted
    balances = dict(await LedgerBalance.all().values_list("account_id", "minutes"))
    assert all(balances[a] >= 0 for a in accounts), "no personal account went below its floor"
    redeemed = sum(1 for i in range(200) if i % 4 == 1 and outcomes[i] == "posted")
    assert balances[rewards.id] == redeemed * PRICE
    assert balances[issuing.id] == -(4 * START + 50 * CREDIT)
    assert sum(balances[a] for a in accounts) == 4 * START + 50 * CREDIT - redeemed * PRICE
    assert await books_problems() == []
