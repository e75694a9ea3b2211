"""What a community justice matter's rules need to know about it now (reads shared by the
matter's actions and its pages): the facts its lifecycle table checks, who signs the agreement,
and what is still owed of a compensation action."""

from __future__ import annotations

from jurycourt import clock
from jurycourt.domain import justice as rules
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.justice import ActionStatus, MatterFacts
from jurycourt.i18n import _
from jurycourt.models import (
    AgreementAction,
    AgreementSignOff,
    CompensationPayment,
    Hearing,
    JusticeMatter,
    MatterParticipant,
    PanelVolunteer,
    PreparationVisit,
    Program,
)


async def matter_facts(matter: JusticeMatter) -> MatterFacts:
    """What the transition table needs to know about ``matter`` now."""
    program = await Program.get(id=matter.panel.program_id)
    volunteers = await PanelVolunteer.filter(matter_id=matter.id)
    chair = next((v.person_id for v in volunteers if v.is_chair), None)
    participants = await MatterParticipant.filter(matter_id=matter.id)
    signers = rules.required_signers([(p.person_id, p.role, p.contact_wish) for p in participants], chair,
                                     matter.coordinator_id)
    signed = set(await AgreementSignOff.filter(matter_id=matter.id).values_list("person_id", flat=True))
    actions = await AgreementAction.filter(matter_id=matter.id)
    return MatterFacts(
        panel_complete=chair is not None and len(volunteers) == rules.panel_size(program.rules),
        visits=await PreparationVisit.filter(matter_id=matter.id).count(),
        meeting=matter.meeting_id is not None, actions=len(actions), unsigned=len(signers - signed),
        unsettled=sum(1 for a in actions if a.status != ActionStatus.DONE),
        meeting_held=matter.meeting_id is not None and await Hearing.exists(
            id=matter.meeting_id, starts_at__lte=clock.now(), status__not=HearingStatus.CANCELLED),
    )


async def signer_capacities(matter: JusticeMatter) -> dict[int, str]:
    """person id → the capacity in which they sign: everyone ``required_signers`` names."""
    participants = await MatterParticipant.filter(matter_id=matter.id)
    chair = await PanelVolunteer.get_or_none(matter_id=matter.id, is_chair=True)
    capacities = {p.person_id: p.role.label for p in participants if rules.signs_agreement(p.role, p.contact_wish)}
    if chair is not None:
        capacities.setdefault(chair.person_id, _("Chair of the panel"))
    if matter.coordinator_id is not None:
        capacities.setdefault(matter.coordinator_id, _("Coordinator"))
    return capacities


async def owed_cents(action: AgreementAction) -> int:
    """What is still owed of a compensation action (0 for other kinds)."""
    if action.amount_cents is None:
        return 0
    paid = await CompensationPayment.filter(action_id=action.id).values_list("amount_cents", flat=True)
    return rules.balance(action.amount_cents, paid)
