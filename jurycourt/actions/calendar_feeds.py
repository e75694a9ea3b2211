"""A person's secret calendar feed address: made, replaced and stopped by the person."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.models import CalendarFeed


async def create_feed(viewer: Viewer) -> str:
    """Give the viewer a new feed token, stopping any earlier one. Returns the token, which is
    shown once: only its SHA-256 is kept."""
    token = new_token()
    async with in_transaction():
        await CalendarFeed.filter(person_id=viewer.person_id, revoked_at=None).update(revoked_at=clock.now())
        await CalendarFeed.create(person_id=viewer.person_id, token_hash=digest(token))
        await record("calendar_feed.created", actor_id=viewer.person_id, subject=("person", viewer.person_id))
    return token


async def revoke_feeds(viewer: Viewer) -> int:
    """Stop every feed address of the viewer; returns how many were working."""
    async with in_transaction():
        stopped = await CalendarFeed.filter(person_id=viewer.person_id, revoked_at=None).update(
            revoked_at=clock.now())
        if stopped:
            await record("calendar_feed.revoked", actor_id=viewer.person_id, subject=("person", viewer.person_id))
    return stopped
