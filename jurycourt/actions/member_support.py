"""Supporting a citizens' panel's members: their access needs and caring responsibilities, and the
honorarium and expenses claimed for each session, approved by a second person before they are paid."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import documents
from jurycourt.actions.assemblies import session_member
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import managed_panel
from jurycourt.actions.separation import require_second
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import member_support as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.errors import Refused
from jurycourt.domain.member_support import AttendanceMark, ClaimKind, ClaimStatus
from jurycourt.i18n import _
from jurycourt.models import CitizensPanelSession, MemberAttendance, MemberClaim, Volunteer


async def record_needs(actor: Viewer, panel_id: int, volunteer_id: int, *, access_needs: str,
                       caring: str) -> Volunteer:
    """Staff record what a member needs to take part and the caring they must arrange (both optional)."""
    panel, _citizens = await managed_panel(actor, panel_id)
    if panel.status == CitizensPanelStatus.ENDED:
        raise Refused(_("The panel has ended: its members' needs are no longer kept."))
    member = await session_member(panel, volunteer_id)
    member.access_needs, member.caring = rules.check_needs(access_needs, caring)
    async with in_transaction():
        await member.save(update_fields=["access_needs", "caring"])
        # The audit names the member, never what they need: the trail is read more widely than the record.
        await record("citizens_panel.member_needs", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), volunteer=member.id)
    return member


async def enter_claim(actor: Viewer, panel_id: int, *, session_id: int, volunteer_id: int, kind: str,
                      amount_cents: int | None, note: str, receipt: tuple[str, bytes] | None) -> MemberClaim:
    """Staff enter an honorarium or expense for a member at a session, with its receipt when there is one.
    It waits for a second person's approval."""
    panel, _citizens = await managed_panel(actor, panel_id)
    if panel.status == CitizensPanelStatus.ENDED:
        raise Refused(_("The panel has ended: no new claims."))
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id)
    if session is None:
        raise Refused(_("Choose one of the panel's sessions."), "session")
    member = await session_member(panel, volunteer_id)
    claim_kind, note = rules.check_claim(kind, note)
    cents = rules.check_amount(amount_cents)
    async with in_transaction():
        claim = await MemberClaim.create(session_id=session.id, volunteer_id=member.id, kind=claim_kind,
                                         amount_cents=cents, note=note, entered_by_id=actor.person_id)
        if receipt is not None:
            stored = await documents.store(actor.person_id, panel.program_id, rules.RECEIPT_TOPIC, claim.id,
                                           *receipt)
            claim.receipt_id = stored.id
            await claim.save(update_fields=["receipt_id"])
        await record("citizens_panel.claim_entered", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("claim", claim.id), panel=panel.id, session=session.id, volunteer=member.id,
                     kind=claim_kind.value, amount_cents=cents)
    return claim


async def enter_honoraria(actor: Viewer, panel_id: int, *, session_id: int, amount_cents: int | None) -> int:
    """Staff enter the session's honorarium for every member marked present who has none yet (a refused one
    does not count). Each waits for a second person's approval like any claim. Returns how many."""
    panel, _citizens = await managed_panel(actor, panel_id)
    if panel.status == CitizensPanelStatus.ENDED:
        raise Refused(_("The panel has ended: no new claims."))
    session = await CitizensPanelSession.get_or_none(id=session_id, panel_id=panel.id)
    if session is None:
        raise Refused(_("Choose one of the panel's sessions."), "honorarium_session")
    cents = rules.check_amount(amount_cents)
    async with in_transaction():
        present = await MemberAttendance.filter(session_id=session.id, mark=AttendanceMark.PRESENT).values_list(
            "volunteer_id", flat=True)
        paid = set(await MemberClaim.filter(session_id=session.id, kind=ClaimKind.HONORARIUM).exclude(
            status=ClaimStatus.REFUSED).values_list("volunteer_id", flat=True))
        due = [member for member in present if member not in paid]
        if not due:
            raise Refused(_("Everyone marked present at this session already has an honorarium claim."),
                          "honorarium_session")
        await MemberClaim.bulk_create([MemberClaim(session_id=session.id, volunteer_id=member,
                                                   kind=ClaimKind.HONORARIUM, amount_cents=cents,
                                                   entered_by_id=actor.person_id) for member in due])
        await record("citizens_panel.honoraria_entered", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), session=session.id, members=len(due), amount_cents=cents)
    return len(due)


async def decide_claim(actor: Viewer, panel_id: int, claim_id: int, *, approve: bool,
                       alone_reason: str = "") -> MemberClaim:
    """A second person approves (or refuses) a pending claim: never the member it pays, never whoever
    entered it, and to approve, a coordinator independent of whoever entered it and senior enough (as for
    every second-coordinator step: where none qualifies, one acts alone with a written reason, flagged).
    The decision is final; a mistake is corrected by a new claim."""
    panel, _citizens = await managed_panel(actor, panel_id)
    async with in_transaction():
        claim = await MemberClaim.filter(id=claim_id, session__panel_id=panel.id).select_for_update().first()
        if claim is None:
            raise NotFound()
        member = await Volunteer.get(id=claim.volunteer_id)
        rules.check_approver(actor.person_id, claimant_id=member.person_id, entered_by_id=claim.entered_by_id,
                             status=claim.status)
        if approve and claim.entered_by_id is not None:
            await require_second(actor, panel.program_id, claim.entered_by_id, "citizens_panel.approve_claim",
                                 alone_reason=alone_reason, subject=("claim", claim.id))
        claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REFUSED
        claim.decided_by_id, claim.decided_at = actor.person_id, clock.now()
        await claim.save(update_fields=["status", "decided_by_id", "decided_at"])
        await record(f"citizens_panel.claim_{claim.status.value}", actor_id=actor.person_id,
                     program_id=panel.program_id, subject=("claim", claim.id), panel=panel.id)
    return claim
