"""Housekeeping: rows that have served their purpose go, so tables do not grow with every sign-in.

Ended sessions, access links that were used or expired a while ago, and sign-in throttle rows no
one is being held back by. What goes is bookkeeping, not a record of anything: no audit event.
Each round also rewrites on disk the tables that erasures asked for from web pages queued
(PostgreSQL ``VACUUM FULL``, jurycourt.db_scrub). The server runs a round every
``JURYCOURT_HOUSEKEEPING_INTERVAL`` seconds; `jurycourt housekeeping` runs one by hand.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.follow import erase_unconfirmed
from jurycourt.db_scrub import rewrite_queued
from jurycourt.jobs.periodic import Periodic, periodic
from jurycourt.models import AccessLink, Throttle, WebSession
from jurycourt.settings import Settings

log = logging.getLogger("jurycourt.housekeeping")

#: An ended link is kept this long, so someone opening it soon after is told it was used or has
#: expired, rather than that it does not exist.
ENDED_LINKS_KEPT = timedelta(days=30)
#: A throttle row counts failures over minutes; a day after its window began it holds nothing back.
THROTTLE_ROWS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Removed:
    sessions: int
    links: int
    throttles: int
    followers: int = 0  # addresses that asked to follow the findings and never confirmed


async def remove_ended_sessions(now: datetime, idle: timedelta) -> int:
    """Delete sessions past their lifetime or idle longer than ``idle``; how many."""
    return await WebSession.filter(Q(expires_at__lte=now) | Q(last_seen_at__lte=now - idle)).delete()


async def remove_ended_links(now: datetime) -> int:
    """Delete access links used or expired more than ``ENDED_LINKS_KEPT`` ago; how many."""
    before = now - ENDED_LINKS_KEPT
    return await AccessLink.filter(Q(used_at__lte=before) | Q(expires_at__lte=before)).delete()


async def remove_old_throttles(now: datetime) -> int:
    """Delete sign-in throttle rows whose window began over ``THROTTLE_ROWS_KEPT`` ago and that block
    no one now; how many. (The one place that knows the throttle table's shape for clean-up.)"""
    old = Throttle.filter(window_start__lte=now - THROTTLE_ROWS_KEPT)
    return await old.filter(Q(blocked_until__isnull=True) | Q(blocked_until__lte=now)).delete()


async def clean_up(settings: Settings, now: datetime | None = None) -> Removed:
    """Remove what has served its purpose, in one transaction; the counts are logged and returned."""
    now = now or clock.now()
    async with in_transaction():
        removed = Removed(
            sessions=await remove_ended_sessions(now, timedelta(minutes=settings.session_idle_minutes)),
            links=await remove_ended_links(now),
            throttles=await remove_old_throttles(now),
            followers=await erase_unconfirmed(now),
        )
    log.info("housekeeping removed %d ended sessions, %d ended links, %d old throttle rows, %d unconfirmed "
             "followers", removed.sessions, removed.links, removed.throttles, removed.followers)
    return removed


@contextlib.asynccontextmanager
async def housekeeping_service(settings: Settings) -> AsyncIterator[Periodic | None]:
    """Run ``clean_up`` at start and every interval while the server runs (not at all with 0)."""
    if settings.housekeeping_interval <= 0:
        yield None
        return
    async with periodic("housekeeping", settings.housekeeping_interval,
                        lambda now: housekeeping_round(settings, now), log=log) as job:
        yield job


async def rewrite_erased() -> list[str]:
    """Rewrite on disk the tables erasures asked for from web pages queued (PostgreSQL ``VACUUM
    FULL``: jurycourt.db_scrub), so erased text leaves the heap files within one round."""
    tables = await rewrite_queued()
    if tables:
        log.info("housekeeping rewrote %d tables after erasures", len(tables))
    return tables


async def housekeeping_round(settings: Settings, now=None) -> None:
    """One round: remove what has served its purpose, then rewrite what erasures queued (each
    tried even when the other fails)."""
    for job in (lambda: clean_up(settings, now), rewrite_erased):
        try:
            await job()
        except Exception as problem:  # the database away for a moment: the next round tries again
            log.warning("housekeeping round failed: %s", type(problem).__name__)
