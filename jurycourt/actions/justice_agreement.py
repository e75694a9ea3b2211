"""The written agreement of a community justice matter: its actions, compensation payments,
the participants' sign-offs, and the anonymised summary drafted once the matter is completed."""

from __future__ import annotations

from datetime import date

from tortoise.transactions import in_transaction

from jurycourt.actions import publications
from jurycourt.actions.justice_matters import _done, _manage, _program_id
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import justice as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.justice import ActionStatus, ActionTerms, MatterState
from jurycourt.domain.publication import PublicationKind
from jurycourt.i18n import _
from jurycourt.models import (
    AgreementAction,
    AgreementSignOff,
    CompensationPayment,
    JusticeMatter,
    Program,
    Publication,
)
from jurycourt.queries.justice_facts import matter_facts, owed_cents, signer_capacities


async def add_action(actor: Viewer, matter: JusticeMatter, terms: ActionTerms, today: date) -> AgreementAction:
    """Write an action into the agreement while it is being drafted (before anyone signs)."""
    _manage(actor, matter)
    if matter.state not in rules.DRAFTING_STATES:
        raise Refused(_("The agreement is written at the meeting, once it is scheduled."), "kind")
    if await AgreementSignOff.exists(matter_id=matter.id):
        raise Refused(_("The agreement has been signed: it can't change any more."), "kind")
    rules.check_action(terms, today)
    async with in_transaction():
        action = await AgreementAction.create(matter_id=matter.id, kind=terms.kind, detail=terms.detail.strip(),
                                              due_on=terms.due_on, amount_cents=terms.amount_cents,
                                              months=terms.months)
        await _done(matter, actor, "action_added", kind=str(terms.kind))
    return action


async def _action(matter: JusticeMatter, action_id: int) -> AgreementAction:
    action = await AgreementAction.get_or_none(id=action_id, matter_id=matter.id)
    if action is None:
        raise Refused(_("That action is not part of this agreement."))
    if matter.state not in rules.MONITORING_STATES:
        raise Refused(_("Actions are carried out once the agreement is signed."))
    return action


async def record_payment(actor: Viewer, matter: JusticeMatter, action_id: int, amount_cents: int | None,
                         paid_on: date) -> CompensationPayment:
    """Record a compensation payment; never more than the balance still owed."""
    _manage(actor, matter)
    action = await _action(matter, action_id)
    if action.amount_cents is None:
        raise Refused(_("Only compensation takes payments."), "amount")
    async with in_transaction():
        paid = await CompensationPayment.filter(action_id=action.id).select_for_update().values_list(
            "amount_cents", flat=True)
        cents = rules.check_payment(action.amount_cents, paid, amount_cents)
        payment = await CompensationPayment.create(action_id=action.id, amount_cents=cents, paid_on=paid_on,
                                                   recorded_by_id=actor.person_id)
        await _done(matter, actor, "payment_recorded", agreement_action=action.id, cents=cents)
    return payment


async def mark_done(actor: Viewer, matter: JusticeMatter, action_id: int, done_on: date) -> None:
    """Mark an action carried out (compensation only once paid in full)."""
    _manage(actor, matter)
    action = await _action(matter, action_id)
    rules.check_done(action.kind, action.status, await owed_cents(action))
    async with in_transaction():
        if not await AgreementAction.filter(id=action.id, status=ActionStatus.PENDING).update(
                status=ActionStatus.DONE, done_on=done_on):
            raise Refused(_("This action is done already."))
        await _done(matter, actor, "action_done", agreement_action=action.id)



async def sign_off(actor: Viewer, matter: JusticeMatter, person_id: int, signed_on: date) -> AgreementSignOff:
    """Record that a signer signed the agreement on ``signed_on``; each signs once."""
    _manage(actor, matter)
    rules.check_signing(matter.state, await matter_facts(matter))
    capacity = (await signer_capacities(matter)).get(person_id)
    if capacity is None:
        raise Refused(_("Choose someone who signs this agreement."), "signer")
    if await AgreementSignOff.exists(matter_id=matter.id, person_id=person_id):
        raise Refused(_("They have signed already."), "signer")
    async with in_transaction():
        signoff = await AgreementSignOff.create(matter_id=matter.id, person_id=person_id, capacity=capacity,
                                                signed_on=signed_on, recorded_by_id=actor.person_id)
        await _done(matter, actor, "signed_off", capacity=capacity)
    return signoff


async def draft_summary(actor: Viewer, matter: JusticeMatter) -> Publication:
    """Draft the anonymised public summary of a completed matter (kind ``justice_summary``): the
    kind of offence, who referred it, and which kinds of action were agreed and done. It names
    no one and quotes nothing anyone typed."""
    _manage(actor, matter)
    if matter.state != MatterState.COMPLETED:
        raise Refused(_("Only a completed matter has a public summary."))
    if matter.publication_id is not None:
        raise Refused(_("This matter's summary has been drafted already."))
    program = await Program.get(id=_program_id(matter))
    kinds = await AgreementAction.filter(matter_id=matter.id).values_list("kind", flat=True)
    body = rules.summary_markdown(
        rules.panel_offences(program.rules).get(matter.offence, "another low-level matter"),
        rules.panel_agencies(program.rules).get(matter.agency, _("An agency")), kinds, matter.closed_on,
        (await matter_facts(matter)).visits)
    async with in_transaction():
        publication = await publications.create_draft(
            actor, _program_id(matter), title=(_("Community justice panel: matter resolved (%(closed_on)s)")
                                               % {"closed_on": format(matter.closed_on, '%B %Y')}),
            summary=_("A matter referred to a community justice panel was resolved by a restorative agreement."),
            kind=PublicationKind.JUSTICE_SUMMARY, topics="community justice", body=body)
        await JusticeMatter.filter(id=matter.id).update(publication_id=publication.id)
        await _done(matter, actor, "summary_drafted", publication=publication.id)
    matter.publication_id = publication.id
    return publication
