"""Supporting a citizens' panel's members so anyone chosen can take part (Involve's standards): their
access needs and caring responsibilities, the honorarium for each session, and expenses repaid.

A claim (an honorarium, travel, care, or another expense, in whole cents) is entered by staff for one
member and one session, with a receipt where there is one. It is paid only once a second person approves
it: never the member it pays, never the person who entered it. Approved claims are exported for payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _, gettext

#: A claim's receipt is owned by (RECEIPT_TOPIC, claim id) in the documents component.
RECEIPT_TOPIC = "member_claim"
NEEDS_MAX = 500
NOTE_MAX = 300
#: One claim may not exceed this (in cents): a typing slip should not become a payment.
AMOUNT_MAX_CENTS = 500_000


class ClaimKind(StrEnum):
    HONORARIUM = "honorarium"
    TRAVEL = "travel"
    CARE = "care"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"honorarium": gettext("Honorarium"), "travel": gettext("Travel"),
                "care": gettext("Care (children or adults)"), "other": gettext("Other expense")}[self.value]


class ClaimStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"pending": gettext("Waiting for approval"), "approved": gettext("Approved"),
                "refused": gettext("Refused")}[self.value]


class AttendanceMark(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": gettext("Present"), "absent": gettext("Absent")}[self.value]


def check_needs(access_needs: str, caring: str) -> tuple[str, str]:
    """A member's access needs and caring responsibilities, each optional and short."""
    access_needs, caring = access_needs.strip(), caring.strip()
    for value, field in ((access_needs, "access_needs"), (caring, "caring")):
        if len(value) > NEEDS_MAX:
            raise Refused(_("Use at most %(limit)s characters.") % {"limit": NEEDS_MAX}, field)
    return access_needs, caring


def check_amount(cents: int | None) -> int:
    """The claim's amount in whole cents (the form reads it from dollars): more than zero, at most the cap."""
    if cents is None:
        raise Refused(_("Write the amount in dollars and cents, e.g. 45.50."), "amount")
    if cents <= 0:
        raise Refused(_("The amount must be more than zero."), "amount")
    if cents > AMOUNT_MAX_CENTS:
        raise Refused(_("One claim is at most %(limit)s dollars.") % {"limit": f"{AMOUNT_MAX_CENTS // 100:,}"},
                      "amount")
    return cents


def check_claim(kind: str, note: str) -> tuple[ClaimKind, str]:
    """The claim's kind (one of ClaimKind) and an optional note (what the expense was)."""
    try:
        claim_kind = ClaimKind(kind)
    except ValueError:
        raise Refused(_("Choose what the claim is for."), "kind") from None
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise Refused(_("Use at most %(limit)s characters for the note.") % {"limit": NOTE_MAX}, "note")
    return claim_kind, note


def check_approver(approver_id: int | None, *, claimant_id: int | None, entered_by_id: int | None,
                   status: str) -> None:
    """A pending claim is decided by a second person: not the member it pays, not whoever entered it."""
    if status != ClaimStatus.PENDING:
        raise Refused(_("This claim has already been decided."))
    if approver_id is None or approver_id == entered_by_id:
        raise Refused(_("A second person must approve a claim: you entered this one."))
    if approver_id == claimant_id:
        raise Refused(_("Nobody may approve their own claim."))


def cents_text(cents: int) -> str:
    """Cents as a plain decimal amount (``1234`` → ``12.34``) for the payment file."""
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass(frozen=True)
class PaymentLine:
    """One approved claim as the finance office pays it."""

    claim_id: int
    member: str
    reference: str
    session: str
    kind: ClaimKind
    amount_cents: int
    note: str
    approved_on: str


#: The payment file's columns.
PAYMENT_HEADER = ("claim", "member", "reference", "session", "kind", "amount", "note", "approved_on")
