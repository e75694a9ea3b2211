"""Housekeeping removes ended sessions, long-ended links and idle throttle rows, says how many, and
leaves everything still in use alone; the server runs it by itself, the command by hand."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from jurycourt.actions.housekeeping import (
    ENDED_LINKS_KEPT,
    THROTTLE_ROWS_KEPT,
    Removed,
    clean_up,
    housekeeping_service,
)
from jurycourt.domain.links import LinkKind
from jurycourt.models import AccessLink, Account, Person, Throttle, WebSession

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def leftovers() -> dict[str, list[str]]:
    """Rows of each kind: some whose purpose is served (named 'gone…'), some still in use ('kept…')."""
    account = await Account.first()
    person = await Person.first()
    idle = timedelta(minutes=30)
    sessions = {"gone-expired": (NOW - timedelta(hours=1), NOW - timedelta(minutes=1)),
                "gone-idle": (NOW - idle - timedelta(minutes=1), NOW + timedelta(hours=5)),
                "kept-live": (NOW - timedelta(minutes=5), NOW + timedelta(hours=5))}
    for name, (seen, expires) in sessions.items():
        await WebSession.create(id=name, account=account, created_at=NOW - timedelta(hours=6), last_seen_at=seen,
                                expires_at=expires)
    long_ago = NOW - ENDED_LINKS_KEPT - timedelta(days=1)
    links = {"gone-used": (long_ago, NOW + timedelta(days=1)), "gone-expired": (None, long_ago),
             "kept-used-recently": (NOW - timedelta(days=1), NOW + timedelta(days=1)),
             "kept-usable": (None, NOW + timedelta(hours=3))}
    for name, (used, expires) in links.items():
        await AccessLink.create(token_hash=name, kind=LinkKind.INVITE, person=person, created_by=person,
                                expires_at=expires, used_at=used)
    old = NOW - THROTTLE_ROWS_KEPT - timedelta(hours=1)
    throttles = {"gone-old": (old, None), "kept-recent": (NOW - timedelta(minutes=3), None),
                 "kept-still-blocking": (old, NOW + timedelta(minutes=5))}
    for key, (start, blocked) in throttles.items():
        await Throttle.create(key=key, attempts=3, window_start=start, blocked_until=blocked)
    return {"sessions": list(sessions), "links": list(links), "throttles": list(throttles)}


async def remaining() -> dict[str, set[str]]:
    return {"sessions": set(await WebSession.filter(id__in=["gone-expired", "gone-idle", "kept-live"])
                            .values_list("id", flat=True)),
            "links": set(await AccessLink.filter(token_hash__startswith="gone").values_list("token_hash", flat=True))
            | set(await AccessLink.filter(token_hash__startswith="kept").values_list("token_hash", flat=True)),
            "throttles": set(await Throttle.all().values_list("key", flat=True))}


async def test_housekeeping_removes_what_has_ended_and_counts_it(demo, settings, caplog):
    await WebSession.all().delete()
    await Throttle.all().delete()
    made = await leftovers()

    with caplog.at_level(logging.INFO, logger="jurycourt.housekeeping"):
        removed = await clean_up(settings, NOW)

    assert removed == Removed(sessions=2, links=2, throttles=1)
    assert "removed 2 ended sessions, 2 ended links, 1 old throttle rows" in caplog.text
    kept = await remaining()
    for kind, names in made.items():
        assert kept[kind] == {name for name in names if name.startswith("kept")}, kind
    assert await clean_up(settings, NOW) == Removed(0, 0, 0)


async def test_the_server_cleans_up_by_itself(demo, settings, fixed_clock):
    await WebSession.all().delete()
    await Throttle.all().delete()
    fixed_clock.set(NOW)
    await leftovers()

    # What the server's lifespan runs (jurycourt/app.py).
    async with housekeeping_service(settings.with_(housekeeping_interval=3600)) as job:
        await asyncio.wait_for(job.rounds_done(1), 30)  # the first round runs as the server starts
        assert await WebSession.filter(id__startswith="kept").count() == 1
        assert not await WebSession.filter(id__startswith="gone").exists()
        assert not await Throttle.filter(key__startswith="gone").exists()

        fixed_clock.advance(days=1)  # the next round, an interval later: the live session has ended too
        job.wake()
        await asyncio.wait_for(job.rounds_done(2), 30)
        assert not await WebSession.exists()
