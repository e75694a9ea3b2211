"""Sanctions: the program's menu, their statuses, and jury duty owed under a disposition."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, moves
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, _l, gettext, ngettext


class SanctionKind(StrEnum):
    JURY_DUTY = "jury_duty"
    COMMUNITY_SERVICE = "community_service"
    APOLOGY_LETTER = "apology_letter"
    ESSAY = "essay"
    WORKSHOP = "workshop"
    RESTITUTION = "restitution"
    TUTORING = "tutoring"
    OTHER = "other"


KIND_LABELS = {
    SanctionKind.JURY_DUTY: _l("Jury duty"), SanctionKind.COMMUNITY_SERVICE: _l("Community service"),
    SanctionKind.APOLOGY_LETTER: _l("Apology letter"), SanctionKind.ESSAY: _l("Essay"),
    SanctionKind.WORKSHOP: _l("Workshop"), SanctionKind.RESTITUTION: _l("Restitution"),
    SanctionKind.TUTORING: _l("Tutoring"), SanctionKind.OTHER: _l("Other"),
}


class SanctionStatus(StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WAIVED = "waived"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"assigned": gettext("Assigned"), "in_progress": gettext("In progress"), "done": gettext("Done"),
                "waived": gettext("Waived"), "failed": gettext("Failed")}[self.value]


SETTLED = frozenset({SanctionStatus.DONE, SanctionStatus.WAIVED})
OPEN = frozenset({SanctionStatus.ASSIGNED, SanctionStatus.IN_PROGRESS})

#: status → the statuses a coordinator may move a sanction to; a waiver needs a reason.
LIFECYCLE: Lifecycle[SanctionStatus] = Lifecycle(SanctionStatus, moves({
    SanctionStatus.ASSIGNED: {SanctionStatus.IN_PROGRESS, SanctionStatus.DONE, SanctionStatus.WAIVED,
                              SanctionStatus.FAILED},
    SanctionStatus.IN_PROGRESS: {SanctionStatus.DONE, SanctionStatus.WAIVED, SanctionStatus.FAILED},
    SanctionStatus.DONE: set(),
    SanctionStatus.WAIVED: set(),
    SanctionStatus.FAILED: {SanctionStatus.IN_PROGRESS},
}, reasons={SanctionStatus.WAIVED}), field="status",
    wrong_state=lambda state, found, name: (
        _("A sanction that is %(current)s can't become %(target)s.")
        % {"current": state.label, "target": found.target.label if found else name}),
    reason_refusal=lambda: _("Say why the sanction is waived."))


def menu(rules: dict[str, Any] | None) -> dict[str, str]:
    """The program's sanction menu, value → label (``sanction_menu`` lists the kinds offered)."""
    offered = (rules or {}).get("sanction_menu") or [k.value for k in SanctionKind]
    return {k: KIND_LABELS.get(SanctionKind(k), k) for k in offered if k in SanctionKind._value2member_map_}


@dataclass(frozen=True)
class SanctionTerms:
    """A sanction as the coordinator enters it: kind, and its size where it has one."""

    kind: SanctionKind
    quantity: int | None = None
    amount_cents: int | None = None
    detail: str = ""


def check_terms(terms: SanctionTerms, rules: dict[str, Any] | None) -> SanctionTerms:
    """Fill defaults (jury duty sessions from the rules) and refuse sizes that make no sense."""
    if terms.kind.value not in menu(rules):
        raise Refused(_("That sanction is not on the program's menu."), "kind")
    if terms.kind == SanctionKind.JURY_DUTY:
        sessions = terms.quantity or rules_with_defaults(rules)["jury_duty_sessions"]
        if not 1 <= sessions <= 50:
            raise Refused(_("Jury duty is 1 to 50 sessions."), "quantity")
        return SanctionTerms(terms.kind, sessions, None, terms.detail)
    if terms.kind == SanctionKind.COMMUNITY_SERVICE and not (terms.quantity and 1 <= terms.quantity <= 500):
        raise Refused(_("Enter the hours of community service (1 to 500)."), "quantity")
    if terms.kind == SanctionKind.RESTITUTION and not (terms.amount_cents and 0 < terms.amount_cents <= 10_000_00):
        raise Refused(_("Enter the restitution amount (up to 10,000.00)."), "amount")
    if terms.kind == SanctionKind.OTHER and not terms.detail.strip():
        raise Refused(_("Describe the sanction."), "detail")
    keeps_quantity = terms.kind == SanctionKind.COMMUNITY_SERVICE
    keeps_amount = terms.kind == SanctionKind.RESTITUTION
    return SanctionTerms(terms.kind, terms.quantity if keeps_quantity else None,
                         terms.amount_cents if keeps_amount else None, terms.detail)


def proposed_in_room(rows: list[tuple[SanctionKind, int | None]],
                     rules: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The sanctions a juror proposes in the jury room, as stored (``[{kind, quantity}]``): each
    checked against the program's menu and sizes; restitution is the coordinator's to set, never
    proposed in the room."""
    items = []
    for kind, quantity in rows:
        detail = str(KIND_LABELS[kind]) if kind == SanctionKind.OTHER else ""
        terms = check_terms(SanctionTerms(kind, quantity, None, detail), rules)
        if kind == SanctionKind.RESTITUTION:
            raise Refused(_("Restitution is set by the coordinator, not proposed in the room."), "kind")
        items.append({"kind": str(terms.kind), "quantity": terms.quantity})
    return items


def kind_label(kind: str) -> str:
    """A kind of sanction in words (an unknown kind as stored)."""
    return str(KIND_LABELS[SanctionKind(kind)]) if kind in SanctionKind._value2member_map_ else kind


def in_words(kind: str, quantity: int | None) -> str:
    """A sanction in plain words with its unit ("Jury duty: 7 sessions", "Community service: 10
    hours", "Essay"): jury duty counts sessions, community service hours, the rest has no size."""
    known = SanctionKind(kind) if kind in {k.value for k in SanctionKind} else None
    label = str(KIND_LABELS[known]) if known else kind
    if not quantity:
        return label
    if known == SanctionKind.JURY_DUTY:
        size = ngettext("%(num)s session", "%(num)s sessions", quantity) % {"num": quantity}
    elif known == SanctionKind.COMMUNITY_SERVICE:
        size = ngettext("%(num)s hour", "%(num)s hours", quantity) % {"num": quantity}
    else:
        size = str(quantity)
    return f"{label}: {size}"


def sessions_left(owed: int, attended: int) -> int:
    """Jury sessions still owed: each jury seat attended after the disposition counts once."""
    return max(0, owed - attended)
