"""The outbox: each message sent exactly once, however many senders run; retries; the lease."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.actions import outbox
from jurycourt.actions.outbox import enqueue, release_lease, retry_delay, send_pending, take_lease
from jurycourt.models import Lease, OutboxMessage, Person


async def _queue(count: int) -> list[int]:
    person = await Person.create(given_name="Imani", family_name="Castillo", email="imani@example.org")
    ids = []
    for n in range(count):
        message = await enqueue(person.id, "test", f"test:{n}", f"Message {n}", "A generic message.")
        ids.append(message.id)
    return ids


class CountingSender:
    """Counts sends per message; yields to the event loop so concurrent senders interleave."""

    def __init__(self, fail: set[int] | None = None) -> None:
        self.calls: Counter[int] = Counter()
        self.fail = fail or set()

    async def __call__(self, message: OutboxMessage) -> None:
        self.calls[message.id] += 1
        await asyncio.sleep(0)
        if message.id in self.fail:
            raise ConnectionError("mail server away")


async def test_two_senders_at_once_send_each_of_fifty_messages_exactly_once(app):
    ids = await _queue(50)
    sender = CountingSender()
    first, second = await asyncio.gather(send_pending(sender), send_pending(sender))
    assert first + second == 50
    assert first and second, "both senders should have taken part"
    assert sender.calls == Counter({i: 1 for i in ids})
    assert await OutboxMessage.filter(finished_at=None).count() == 0
    assert set(await OutboxMessage.all().values_list("attempts", flat=True)) == {1}


async def test_a_second_round_sends_nothing_again(app):
    await _queue(3)
    sender = CountingSender()
    assert await send_pending(sender) == 3
    assert await send_pending(sender) == 0
    assert sum(sender.calls.values()) == 3


async def test_a_failed_send_leaves_the_message_for_a_later_retry(app):
    bad, good = await _queue(2)
    failing = CountingSender(fail={bad})
    assert await send_pending(failing) == 1
    assert failing.calls == Counter({bad: 1, good: 1}), "no retry within the same round"
    waiting = await OutboxMessage.get(id=bad)
    assert waiting.finished_at is None and waiting.claimed_by is None and waiting.attempts == 1
    retry = CountingSender()
    assert await send_pending(retry) == 0, "a failed message waits before its retry"
    await OutboxMessage.filter(id=bad).update(claimed_at=datetime.now(UTC) - retry_delay(1) - timedelta(seconds=1))
    assert await send_pending(retry) == 1
    assert retry.calls == Counter({bad: 1})
    assert (await OutboxMessage.get(id=bad)).finished_at is not None


async def test_a_message_that_keeps_failing_is_given_up_after_the_last_attempt(app):
    (message_id,) = await _queue(1)
    sender = CountingSender(fail={message_id})
    for _ in range(outbox.MAX_ATTEMPTS + 2):
        await send_pending(sender)
        await OutboxMessage.filter(id=message_id).update(claimed_at=datetime.now(UTC) - timedelta(days=1))
    assert sender.calls[message_id] == outbox.MAX_ATTEMPTS
    given_up = await OutboxMessage.get(id=message_id)
    assert (given_up.state, given_up.state_detail) == ("failed", "ConnectionError"), "shown as failed, not sent"


async def test_a_claim_left_by_a_sender_that_stopped_is_taken_over_after_the_timeout(app):
    (message_id,) = await _queue(1)
    await OutboxMessage.filter(id=message_id).update(claimed_by="gone:1", claimed_at=datetime.now(UTC),
                                                     attempts=1)
    sender = CountingSender()
    assert await send_pending(sender) == 0, "a fresh claim belongs to its sender"
    await OutboxMessage.filter(id=message_id).update(
        claimed_at=datetime.now(UTC) - outbox.CLAIM_TIMEOUT - timedelta(seconds=1))
    assert await send_pending(sender) == 1
    assert sender.calls == Counter({message_id: 1})


async def test_enqueue_is_idempotent_per_dedupe_key(app):
    person = await Person.create(given_name="Imani", family_name="Castillo")
    first = await enqueue(person.id, "invitation", "invitation:7", "You are invited", "Generic.")
    again = await enqueue(person.id, "invitation", "invitation:7", "Something else", "Other.")
    assert first is not None and again is None
    assert await OutboxMessage.filter(dedupe_key="invitation:7").count() == 1
    assert (await OutboxMessage.get(dedupe_key="invitation:7")).subject == "You are invited"


async def test_concurrent_enqueues_of_one_key_queue_one_message(app):
    person = await Person.create(given_name="Imani", family_name="Castillo")
    made = await asyncio.gather(*(enqueue(person.id, "reminder", "reminder:1", "Reminder", "Generic.")
                                  for _ in range(5)))
    assert sum(m is not None for m in made) == 1
    assert await OutboxMessage.filter(dedupe_key="reminder:1").count() == 1


async def test_a_lease_has_one_holder_at_a_time_and_passes_on_after_it_expires(app):
    ttl = timedelta(minutes=5)
    assert await take_lease("outbox", "a", ttl)
    assert not await take_lease("outbox", "b", ttl)
    assert await take_lease("outbox", "a", ttl), "the holder renews its own lease"
    await Lease.filter(name="outbox").update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await take_lease("outbox", "b", ttl)
    assert not await take_lease("outbox", "a", ttl)
    assert (await Lease.get(name="outbox")).holder == "b"


async def test_two_processes_racing_for_a_free_lease_get_one_holder(app):
    taken = await asyncio.gather(*(take_lease("outbox", f"p{n}", timedelta(minutes=5)) for n in range(4)))
    assert sum(taken) == 1
    assert await Lease.filter(name="outbox").count() == 1


async def test_a_released_lease_can_be_taken_at_once(app):
    assert await take_lease("outbox", "a", timedelta(minutes=5))
    await release_lease("outbox", "b")
    assert not await take_lease("outbox", "b", timedelta(minutes=5)), "only the holder releases"
    await release_lease("outbox", "a")
    assert await take_lease("outbox", "b", timedelta(minutes=5))


@pytest.mark.parametrize("attempts, minutes", [(1, 1), (2, 2), (3, 4), (7, 60), (20, 60)])
def test_retries_wait_longer_each_time_up_to_an_hour(attempts, minutes):
    assert retry_delay(attempts) == timedelta(minutes=minutes)


async def test_a_sender_told_to_stop_finishes_the_message_in_hand_and_leaves_the_rest(app):
    await _queue(5)
    sender = CountingSender()
    sent = await send_pending(sender, stopping=lambda: bool(sender.calls))
    assert sent == 1 and sum(sender.calls.values()) == 1
    assert await OutboxMessage.filter(finished_at=None).count() == 4
    assert await OutboxMessage.filter(finished_at=None, claimed_by__isnull=False).count() == 0, "nothing left claimed"
