"""The demo's community justice panels: one completed, one in monitoring, chaired by 'panelist'."""

from __future__ import annotations

from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.justice import ActionKind, ActionStatus, MatterState
from jurycourt.domain.ledger import PostingKind
from jurycourt.models import (
    Account,
    AgreementAction,
    AgreementSignOff,
    CompensationPayment,
    JusticeMatter,
    PanelVolunteer,
    Posting,
    Seat,
)


async def test_the_demo_has_a_completed_matter_whose_compensation_was_paid_in_two_payments(demo):
    matter = await JusticeMatter.get(state=MatterState.COMPLETED)
    actions = await AgreementAction.filter(matter_id=matter.id)
    assert {a.kind for a in actions} >= {ActionKind.APOLOGY, ActionKind.REPARATION, ActionKind.COMPENSATION}
    assert all(a.status == ActionStatus.DONE for a in actions)
    compensation = next(a for a in actions if a.kind == ActionKind.COMPENSATION)
    payments = await CompensationPayment.filter(action_id=compensation.id).values_list("amount_cents", flat=True)
    assert len(payments) == 2 and sum(payments) == compensation.amount_cents
    # the person responsible, the person harmed, the chair and the coordinator signed
    assert await AgreementSignOff.filter(matter_id=matter.id).count() == 4


async def test_the_demo_has_a_matter_in_monitoring_under_an_acceptable_behaviour_contract(demo):
    matter = await JusticeMatter.get(state=MatterState.MONITORING)
    contract = await AgreementAction.get(matter_id=matter.id, kind=ActionKind.CONTRACT)
    assert 3 <= contract.months <= 12 and contract.status == ActionStatus.PENDING


async def test_the_demo_panelist_chairs_both_panels_and_panelist2_sits_on_neither(demo):
    panelist = await Account.get(login="panelist")
    other = await Account.get(login="panelist2")
    chairs = await PanelVolunteer.filter(person_id=panelist.person_id, is_chair=True).count()
    assert chairs == 2
    assert not await PanelVolunteer.exists(person_id=other.person_id)


async def test_the_demo_meetings_were_held_and_credited_each_volunteer_from_attendance(demo):
    for matter in await JusticeMatter.all().select_related("meeting"):
        assert matter.meeting.status == HearingStatus.HELD
        seats = await Seat.filter(hearing_id=matter.meeting_id)
        assert len(seats) == 3
        for seat in seats:
            assert await Posting.exists(reference=f"seat:{seat.id}", kind=PostingKind.SERVICE_CREDIT)
