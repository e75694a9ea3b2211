"""A hearing's display link for the courtroom's screen: made and stopped by a coordinator.

Like the calendar feed, the token is shown once and only its SHA-256 is kept; a new link stops the
earlier one. The link opens the hearing screen (queries.hearing_screen) on the hearing's day only.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus
from jurycourt.i18n import _
from jurycourt.models import Hearing, HearingDisplay


async def create_display(actor: Viewer, hearing: Hearing) -> str:
    """A new display link for ``hearing`` (stopping any earlier one); the token, shown once."""
    require(coordinates(actor, hearing.program_id), hide=False)
    if hearing.status == HearingStatus.CANCELLED:
        raise Refused(_("This hearing is cancelled: it needs no screen."))
    token = new_token()
    async with in_transaction():
        await HearingDisplay.filter(hearing_id=hearing.id, revoked_at=None).update(revoked_at=clock.now())
        await HearingDisplay.create(hearing_id=hearing.id, token_hash=digest(token))
        await record("hearing_display.created", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id))
    return token


async def revoke_displays(actor: Viewer, hearing: Hearing) -> int:
    """Stop the hearing's display link; how many were working."""
    require(coordinates(actor, hearing.program_id), hide=False)
    async with in_transaction():
        stopped = await HearingDisplay.filter(hearing_id=hearing.id, revoked_at=None).update(
            revoked_at=clock.now())
        if stopped:
            await record("hearing_display.revoked", actor_id=actor.person_id, program_id=hearing.program_id,
                         subject=("hearing", hearing.id))
    return stopped
