"""A coordinator's corrections to a member's time credits: reversing a posting, and a manual
adjustment, each with a reason the member reads on their statement.

Entries are never changed: a reversal posts the opposite entries (at most once per posting), and
an adjustment is a posting of its own between the program's issuing account and the member's.
An adjustment is posted once per form: its idempotency key comes from the form that asked for it,
so a double submit finds the posting the first one made.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt.actions import ledger
from jurycourt.actions.separation import require_for_beneficiary
from jurycourt.actions.service_credits import check_member
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.form_keys import check_form_key
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind, check_amount
from jurycourt.i18n import _
from jurycourt.models import LedgerAccount, LedgerEntry, Posting
from jurycourt.settings import Settings

#: Postings a coordinator may reverse from a statement: a redemption is undone by the reward's own
#: process (the stock and the request go with it), and a reversal is corrected by a new posting.
REVERSIBLE = (PostingKind.SERVICE_CREDIT, PostingKind.MANUAL_ADJUSTMENT)


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(_("Say why, so the statement explains it."), "reason")
    if len(reason) > 300:
        raise Refused(_("Use at most 300 characters."), "reason")
    return reason


async def reverse_posting(actor: Viewer, person_id: int, posting_id: int, reason: str, *, alone_reason: str = "",
                          settings: Settings | None = None) -> Posting:
    """Reverse a service credit or an adjustment on ``person_id``'s statement, with a reason.
    Once only: asking again returns the reversal already made. Refused when the credit has been
    spent below the member's floor. On a coordinator's statement, a second coordinator's step."""
    posting = await Posting.get_or_none(id=posting_id, kind__in=list(REVERSIBLE))
    if posting is None or not coordinates(actor, posting.program_id):
        raise NotFound()
    account = await LedgerAccount.get_or_none(program_id=posting.program_id, key=f"person:{person_id}")
    if account is None or not await LedgerEntry.exists(posting_id=posting.id, account_id=account.id):
        raise NotFound()
    memo = _reason(reason)
    async with in_transaction():
        await require_for_beneficiary(actor, posting.program_id, person_id, "corrections.reverse_posting",
                                      alone_reason=alone_reason, settings=settings, subject=("posting", posting.id))
        return await ledger.reverse(posting, recorded_by=actor.person_id, memo=memo)


async def adjust(actor: Viewer, program_id: int, person_id: int, minutes: int, reason: str, key: str, *,
                 alone_reason: str = "", settings: Settings | None = None) -> Posting:
    """Add (``minutes`` > 0) or take away (< 0) time credit by hand, with a reason, once per
    ``key``. Taking away obeys the member's floor. A coordinator's credit (the actor's own too)
    is adjusted by a second, independent coordinator."""
    require(coordinates(actor, program_id))
    await check_member(program_id, person_id)
    check_amount(abs(minutes) if isinstance(minutes, int) else minutes)
    reason, key = _reason(reason), check_form_key(key)
    issuing = await ledger.program_account(program_id, AccountKind.ISSUING)
    account = await ledger.personal_account(program_id, person_id)
    async with in_transaction():
        await require_for_beneficiary(actor, program_id, person_id, "corrections.adjust", alone_reason=alone_reason,
                                      settings=settings, subject=("person", person_id))
        return await ledger.post(program_id, PostingKind.MANUAL_ADJUSTMENT, f"person:{person_id}",
                                 f"adjustment:{key}", [Entry(issuing.id, -minutes), Entry(account.id, minutes)],
                                 recorded_by=actor.person_id, memo=reason)
