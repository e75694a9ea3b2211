"""Demo of a citizens' panel's second stage: confirmation calls in every status, one member who declined
and was replaced from the reserves, another who declined and waits for a replacement, and a commitment
superseded in public before the draw. The `caller` login makes the calls."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions.citizens_assembly import replace_member
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.citizens_assembly import CallOutcome
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
from jurycourt.domain.roles import Role
from jurycourt.models import Account, CitizensPanel, ConfirmationCall, Panel, PublishedCommitment, Volunteer

#: The calls of the selected members, by their order: the newest call is each one's status.
CALLS = [
    [CallOutcome.CONFIRMED],
    [CallOutcome.NO_ANSWER, CallOutcome.CONFIRMED],
    [CallOutcome.DECLINED],  # replaced below, from the reserves
    [CallOutcome.NO_ANSWER],
    [CallOutcome.CALLED],
    [CallOutcome.NO_ANSWER, CallOutcome.DECLINED],  # waits for the coordinator to replace them
    [CallOutcome.CONFIRMED], [CallOutcome.CONFIRMED], [CallOutcome.CONFIRMED],
]  # the rest have not been called yet


async def seed_second_stage(program_id: int, panel: Panel, accounts: dict[str, Account], today: date) -> None:
    """The demo panel's commitments, calls and replacement (a panel whose draw did not load is left alone)."""
    citizens = await CitizensPanel.get(panel_id=panel.id)
    committed = citizens.committed_at or datetime.combine(today, time(17), UTC)
    earlier = hashlib.sha256(b"demo: the pool before two volunteers' neighbourhoods were corrected").hexdigest()
    await PublishedCommitment.create(panel_id=panel.id, commitment=earlier, published_at=committed - timedelta(days=3),
                                     superseded_at=committed - timedelta(days=2), superseded_reason=(
                                         "Two volunteers' neighbourhoods had been entered wrongly from their "
                                         "registration forms; corrected before the draw."))
    await PublishedCommitment.create(panel_id=panel.id, commitment=citizens.commitment, published_at=committed)
    if panel.status != CitizensPanelStatus.DRAWN:
        return
    caller = accounts["caller"].person_id if "caller" in accounts else None
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("id")
    first_call = datetime.combine(today - timedelta(days=33), time(15), UTC)
    for n, (member, outcomes) in enumerate(zip(members, CALLS, strict=False)):
        for k, outcome in enumerate(outcomes):
            await ConfirmationCall.create(panel_id=panel.id, volunteer_id=member.id, outcome=outcome,
                                          called_by_id=caller, called_at=first_call + timedelta(hours=n, days=k))
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, roles={program_id: frozenset({Role.COORDINATOR})})
    replacement = await replace_member(coordinator, panel.id, members[2].id)
    joined = await Volunteer.get(panel_id=panel.id, draw_ref=replacement.joins)
    await ConfirmationCall.create(panel_id=panel.id, volunteer_id=joined.id, outcome=CallOutcome.CONFIRMED,
                                  called_by_id=caller, called_at=first_call + timedelta(days=3))
