"""The disposition's sanctions: entering them, updating their status, restitution payments."""

from __future__ import annotations

from datetime import date

from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event, ensure_juror
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import SANCTION_OPEN_STATES, CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.sanctions import (
    KIND_LABELS,
    LIFECYCLE,
    SanctionKind,
    SanctionStatus,
    SanctionTerms,
    check_terms,
)
from jurycourt.i18n import _
from jurycourt.models import Case, Program, RestitutionPayment, Sanction


def _check_open(case: Case) -> None:
    if case.state not in SANCTION_OPEN_STATES:
        raise Refused(_("Sanctions can't change on a %(state)s case.") % {"state": case.state.value})


async def add_sanction(actor: Viewer, case: Case, terms: SanctionTerms, due_on: date | None) -> Sanction:
    """Add a sanction to the disposition (once heard). Jury duty makes the respondent a juror."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_open(case)
    program = await Program.get(id=case.program_id)
    terms = check_terms(terms, program.rules)
    async with in_transaction():
        sanction = await Sanction.create(case_id=case.id, kind=terms.kind, detail=terms.detail[:200],
                                         quantity=terms.quantity, amount_cents=terms.amount_cents, due_on=due_on)
        if terms.kind == SanctionKind.JURY_DUTY and case.state == CaseState.MONITORING:
            await ensure_juror(case)
        await add_event(case, actor, "sanction.added", KIND_LABELS[terms.kind])
        await record("sanction.added", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("case", case.id), kind=str(terms.kind))
    return sanction


async def set_sanction_status(actor: Viewer, case: Case, sanction: Sanction, status: SanctionStatus,
                              reason: str = "") -> Sanction:
    """Move a sanction to in progress, done, waived (with a reason) or failed."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_open(case)
    LIFECYCLE.check(sanction.status, status, reason=reason)
    async with in_transaction():
        if not await Sanction.filter(id=sanction.id, status=sanction.status).update(
                status=status, status_reason=reason.strip()[:300]):
            raise Refused(_("This sanction changed just now: look again."))
        await add_event(case, actor, f"sanction.{status}",
                        f"{KIND_LABELS.get(SanctionKind(sanction.kind), sanction.kind)}: {reason.strip()}".rstrip(": "))
        await record("sanction.status", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("sanction", sanction.id), status=str(status))
    sanction.status = status
    return sanction


async def paid_cents(sanction_id: int) -> int:
    rows = await RestitutionPayment.filter(sanction_id=sanction_id).annotate(total=Sum("amount_cents")).values_list(
        "total", flat=True)
    return int(rows[0] or 0) if rows else 0


async def record_payment(actor: Viewer, case: Case, sanction: Sanction, amount_cents: int, paid_on: date) -> int:
    """Record a restitution payment; paying the whole amount marks the sanction done. Returns
    the total paid."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_open(case)
    if sanction.kind != SanctionKind.RESTITUTION:
        raise Refused(_("Payments are for restitution only."), "amount")
    if sanction.status not in (SanctionStatus.ASSIGNED, SanctionStatus.IN_PROGRESS):
        raise Refused(_("This restitution is closed."), "amount")
    if amount_cents <= 0:
        raise Refused(_("Enter an amount such as 12.50."), "amount")
    async with in_transaction():
        total = await paid_cents(sanction.id) + amount_cents
        if total > (sanction.amount_cents or 0):
            raise Refused(_("That is more than is still owed."), "amount")
        await RestitutionPayment.create(sanction_id=sanction.id, amount_cents=amount_cents, paid_on=paid_on,
                                        recorded_by_id=actor.person_id)
        status = SanctionStatus.DONE if total == sanction.amount_cents else SanctionStatus.IN_PROGRESS
        await Sanction.filter(id=sanction.id).update(status=status)
        await add_event(case, actor, "restitution.paid")
        await record("restitution.paid", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("sanction", sanction.id), cents=amount_cents)
    sanction.status = status
    return total
