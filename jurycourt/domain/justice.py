"""The community justice panel (restorative): a matter's lifecycle and its written agreement.

referred → preparing → meeting scheduled → agreed → monitoring → completed | breached; a matter
may be withdrawn before monitoring. Every move is made by a coordinator, checked by the one
table below and kept in the matter's history; anything not in the table is refused.

Practice (Chard and Ilminster, see DOMAIN-FACTS.md): three trained volunteers, one chairing,
with a coordinator who visits both sides beforehand; the agreement is signed by the person
responsible, the person harmed, the chair and the coordinator; an acceptable-behaviour contract
lasts 3-12 months; a breach returns the matter to whoever referred it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, step
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, _l, gettext, ngettext
from jurycourt.i18n.formatting import local_date

DEFAULT_PANEL_AGENCIES = {"police": _l("Police"), "housing": _l("Housing association"), "council": _l("Council")}
DEFAULT_PANEL_OFFENCES = {
    "criminal_damage": _l("Criminal damage or graffiti"), "antisocial": _l("Anti-social behaviour"),
    "neighbour": _l("Neighbour dispute"), "theft": _l("Low-value theft"), "public_order": _l("Public order"),
    "other": _l("Other low-level offence or disorder"),
}


def panel_agencies(rules: dict[str, Any] | None) -> dict[str, str]:
    """Who may refer a matter to the panel, value → label (program rule ``panel_referring_agencies``,
    configured like the cases' ``referring_agencies``)."""
    return dict((rules or {}).get("panel_referring_agencies") or DEFAULT_PANEL_AGENCIES)


def panel_offences(rules: dict[str, Any] | None) -> dict[str, str]:
    """The low-level offences and disorder the panel hears, value → label (``panel_offences``)."""
    return dict((rules or {}).get("panel_offences") or DEFAULT_PANEL_OFFENCES)


def panel_size(rules: dict[str, Any] | None) -> int:
    """How many volunteers sit on a panel (the program rule ``panel_size``, 3 by default)."""
    return int(rules_with_defaults(rules)["panel_size"])


class MatterState(StrEnum):
    REFERRED = "referred"
    PREPARING = "preparing"
    MEETING_SCHEDULED = "meeting_scheduled"
    AGREED = "agreed"
    MONITORING = "monitoring"
    COMPLETED = "completed"
    BREACHED = "breached"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"referred": gettext("Referred"), "preparing": gettext("Preparing"),
                "meeting_scheduled": gettext("Meeting scheduled"), "agreed": gettext("Agreed"),
                "monitoring": gettext("Monitoring"), "completed": gettext("Completed"),
                "breached": gettext("Breached"), "withdrawn": gettext("Withdrawn")}[self.value]

    @property
    def is_end(self) -> bool:
        return self in END_STATES


END_STATES = frozenset({MatterState.COMPLETED, MatterState.BREACHED, MatterState.WITHDRAWN})


class Need(StrEnum):
    """A fact a transition requires, with the refusal shown when it is missing."""

    PANEL = "panel"
    VISITED = "visited"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    SIGNED = "signed"
    SETTLED = "settled"

    @property
    def refusal(self) -> str:
        return NEED_REFUSALS[self]


NEED_REFUSALS = {
    Need.PANEL: _l("Appoint the whole panel, one of them as chair, first."),
    Need.VISITED: _l("Record a preparation visit to the person responsible first."),
    Need.MEETING: _l("Schedule the restorative meeting (a panel session) first."),
    Need.AGREEMENT: _l("Write at least one action into the agreement first."),
    Need.SIGNED: _l("Everyone who signs the agreement must sign it off first."),
    Need.SETTLED: _l("Every action of the agreement must be done, and compensation paid in full, first."),
}


#: The topic of a community justice panel's discussion thread (its topic id is the panel's id).
THREAD_TOPIC = "justice_panel"


#: The whole lifecycle. Nothing else moves a matter.
LIFECYCLE: Lifecycle[MatterState] = Lifecycle(MatterState, [
    step("prepare", _l("Start preparation"), {MatterState.REFERRED}, MatterState.PREPARING),
    step("schedule", _l("Mark the meeting scheduled"), {MatterState.PREPARING}, MatterState.MEETING_SCHEDULED,
         Need.PANEL, Need.VISITED, Need.MEETING),
    step("unschedule", _l("Back to preparation"), {MatterState.MEETING_SCHEDULED}, MatterState.PREPARING,
         reason=True),
    step("agree", _l("Record the agreement as signed"), {MatterState.MEETING_SCHEDULED}, MatterState.AGREED,
         Need.AGREEMENT, Need.SIGNED),
    step("monitor", _l("Start monitoring"), {MatterState.AGREED}, MatterState.MONITORING),
    step("complete", _l("Complete the matter"), {MatterState.MONITORING}, MatterState.COMPLETED, Need.SETTLED),
    step("breach", _l("Record a breach: return to the referrer"), {MatterState.MONITORING}, MatterState.BREACHED,
         reason=True),
    step("withdraw", _l("Withdraw the matter"),
         {MatterState.REFERRED, MatterState.PREPARING, MatterState.MEETING_SCHEDULED, MatterState.AGREED},
         MatterState.WITHDRAWN, reason=True),
], unknown=lambda: _("There is no such step for a community justice matter."),
    wrong_state=lambda state, found, name: (
        _("A matter that is %(state)s can't be moved this way (%(transition)s).")
        % {"state": state.label.lower(), "transition": str(found.label if found else name).lower()}),
    reason_refusal=lambda: _("Give a reason: it is kept in the matter's history."), reason_max=500)


@dataclass(frozen=True)
class MatterFacts:
    """What is true of a matter now, as far as the transition table cares."""

    panel_complete: bool = False
    visits: int = 0
    meeting: bool = False
    actions: int = 0
    unsigned: int = 1
    unsettled: int = 0

    def has(self, need: Need) -> bool:
        return {
            Need.PANEL: self.panel_complete,
            Need.VISITED: self.visits > 0,
            Need.MEETING: self.meeting,
            Need.AGREEMENT: self.actions > 0,
            Need.SIGNED: self.actions > 0 and self.unsigned == 0,
            Need.SETTLED: self.actions > 0 and self.unsettled == 0,
        }[need]


#: States in which the panel and participants may still change.
SETUP_STATES = frozenset({MatterState.REFERRED, MatterState.PREPARING})
#: States in which preparation visits are recorded.
VISIT_STATES = frozenset({MatterState.REFERRED, MatterState.PREPARING, MatterState.MEETING_SCHEDULED})
#: States in which the agreement is written and signed (at or after the meeting).
DRAFTING_STATES = frozenset({MatterState.MEETING_SCHEDULED})
#: States in which actions are carried out: marked done, payments recorded.
MONITORING_STATES = frozenset({MatterState.AGREED, MatterState.MONITORING})
#: The ends the referrer is told about.
NOTICE_STATES = frozenset({MatterState.COMPLETED, MatterState.BREACHED})


class ParticipantRole(StrEnum):
    RESPONSIBLE = "responsible"
    HARMED = "harmed"
    SUPPORTER = "supporter"

    @property
    def label(self) -> str:
        return {"responsible": _("Person responsible"), "harmed": _("Person harmed"), "supporter": _("Supporter")}[self]


class ContactWish(StrEnum):
    """What the person harmed wants by way of contact with the person responsible."""

    NONE = "none"
    INDIRECT = "indirect"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return {"none": _("No contact"), "indirect": _("Indirect contact (letters, through the coordinator)"),
                "meeting": _("A meeting")}[self]


def check_participant(role: ParticipantRole, wish: str, roles_present: Iterable[ParticipantRole]) -> ContactWish | None:
    """A matter has one person responsible and at most one person harmed, whose wishes about
    contact must be recorded. Other roles record no wish."""
    present = list(roles_present)
    if role in (ParticipantRole.RESPONSIBLE, ParticipantRole.HARMED) and role in present:
        raise Refused(_("This matter already has a %(role)s.") % {"role": role.label.lower()}, "role")
    if role != ParticipantRole.HARMED:
        return None
    try:
        return ContactWish(wish)
    except ValueError:
        raise Refused(_("Record the person harmed's wishes about contact."), "contact_wish") from None


def signs_agreement(role: ParticipantRole, wish: str | None) -> bool:
    """Who among the participants signs the agreement: the person responsible, and the person
    harmed unless they asked for no contact (they are told of it through the coordinator).
    The chair and the coordinator sign too (see ``required_signers``)."""
    return role == ParticipantRole.RESPONSIBLE or (role == ParticipantRole.HARMED and wish != ContactWish.NONE)


def required_signers(participants: Iterable[tuple[int, ParticipantRole, str | None]], chair_id: int | None,
                     coordinator_id: int | None) -> set[int]:
    """The people who must sign the agreement off before it counts as agreed."""
    people = {pid for pid, role, wish in participants if signs_agreement(role, wish)}
    return people | {p for p in (chair_id, coordinator_id) if p is not None}


class ActionKind(StrEnum):
    APOLOGY = "apology"
    REPARATION = "reparation"
    COMPENSATION = "compensation"
    COURSE = "course"
    CONTRACT = "contract"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    ActionKind.APOLOGY: _l("Apology"),
    ActionKind.REPARATION: _l("Reparation (e.g. cleaning graffiti)"),
    ActionKind.COMPENSATION: _l("Compensation"),
    ActionKind.COURSE: _l("Attending a course"),
    ActionKind.CONTRACT: _l("Acceptable-behaviour contract"),
    ActionKind.OTHER: _l("Other"),
}


class ActionStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"pending": gettext("Pending"), "done": gettext("Done")}[self.value]


CONTRACT_MIN_MONTHS = 3
CONTRACT_MAX_MONTHS = 12
MAX_COMPENSATION_CENTS = 10_000_00


@dataclass(frozen=True)
class ActionTerms:
    """An action of the agreement as written."""

    kind: ActionKind
    detail: str
    due_on: date | None
    amount_cents: int | None = None
    months: int | None = None


def check_action(terms: ActionTerms, today: date) -> ActionTerms:
    """Refuse an action without a due date (or one already past), compensation without a
    positive amount, and an acceptable-behaviour contract outside 3-12 months."""
    if terms.due_on is None:
        raise Refused(_("Give the date the action is due."), "due_on")
    if terms.due_on < today:
        raise Refused(_("The due date has passed already."), "due_on")
    if len(terms.detail) > 200:
        raise Refused(_("Use at most 200 characters."), "detail")
    if terms.kind == ActionKind.COMPENSATION:
        if not terms.amount_cents or terms.amount_cents <= 0:
            raise Refused(_("Give the amount of compensation, for example 40.00."), "amount")
        if terms.amount_cents > MAX_COMPENSATION_CENTS:
            raise Refused(_("Compensation before a community panel is at most $10,000.00."), "amount")
    elif terms.amount_cents:
        raise Refused(_("Only compensation has an amount."), "amount")
    if terms.kind == ActionKind.CONTRACT:
        if terms.months is None or not CONTRACT_MIN_MONTHS <= terms.months <= CONTRACT_MAX_MONTHS:
            raise Refused((_("An acceptable-behaviour contract lasts %(contract_min_months)s to "
                             "%(contract_max_months)s months.")
                           % {"contract_min_months": CONTRACT_MIN_MONTHS,
                              "contract_max_months": CONTRACT_MAX_MONTHS}), "months")
    elif terms.months:
        raise Refused(_("Only an acceptable-behaviour contract has a length in months."), "months")
    if terms.kind == ActionKind.OTHER and not terms.detail.strip():
        raise Refused(_("Say what the action is."), "detail")
    return terms


def balance(amount_cents: int, paid: Iterable[int]) -> int:
    """What is still owed of a compensation, in cents."""
    return amount_cents - sum(paid)


def check_payment(amount_cents: int, paid: Iterable[int], payment_cents: int | None) -> int:
    """A payment is positive and never more than the balance still owed."""
    if payment_cents is None or payment_cents <= 0:
        raise Refused(_("Enter the amount paid, for example 20.00."), "amount")
    owed = balance(amount_cents, paid)
    if payment_cents > owed:
        raise Refused(_("That is more than the %(owed)s still owed.") % {"owed": format(owed / 100, ',.2f')}, "amount")
    return payment_cents


def check_done(kind: ActionKind, status: ActionStatus, owed_cents: int) -> None:
    """An action is marked done once, and compensation only once it is paid in full."""
    if status == ActionStatus.DONE:
        raise Refused(_("This action is done already."))
    if kind == ActionKind.COMPENSATION and owed_cents > 0:
        raise Refused(_("Compensation is done once it is paid in full: record the payments."))


@dataclass(frozen=True)
class Volunteer:
    """A panelist who could sit on a panel, with the people and groups they're tied to."""

    person_id: int
    trained: bool
    conflicts: frozenset[int] = frozenset()
    groups: frozenset[str] = frozenset()


def check_panel(chair_id: int | None, member_ids: Iterable[int], volunteers: dict[int, Volunteer],
                participants: Iterable[int], participant_groups: Iterable[str], size: int) -> list[int]:
    """The panel as appointed, chair first: exactly ``size`` different trained panelists, none
    of them a participant, in declared conflict with one, or sharing a school or household."""
    members = [m for m in member_ids if m != chair_id]
    if chair_id is None:
        raise Refused(_("Choose the chair."), "chair")
    panel = [chair_id, *dict.fromkeys(members)]
    if len(panel) != size:
        raise Refused((_("A panel has %(size)s volunteers: the chair and %(size2)s more.")
                       % {"size": size, "size2": size - 1}), "members")
    people, groups = set(participants), set(participant_groups)
    for pid in panel:
        volunteer = volunteers.get(pid)
        if volunteer is None or not volunteer.trained:
            raise Refused(_("Choose trained panel members of this program."), "members")
        if pid in people or volunteer.conflicts & people or volunteer.groups & groups:
            raise Refused(_("A volunteer chosen has a conflict of interest with someone in this matter."),
                          "members")
    return panel


def summary_markdown(offence: str, agency: str, action_kinds: Iterable[ActionKind], closed_on: date,
                     visits: int) -> str:
    """The anonymised public summary of a completed matter, in Markdown. It is built only from
    the program's own labels and counts: no name, no date of birth, no place, and nothing any
    person typed (summaries, details and notes stay confidential)."""
    kinds = sorted({ActionKind(k).label.split(" (")[0] for k in action_kinds})
    lines = [
        "## " + _("What was referred"), "",
        (_("%(agency)s referred a matter of this kind to the community justice panel: %(offence)s.")
         % {"agency": agency, "offence": offence.lower()}), "",
        "## " + _("How the panel worked"), "",
        ngettext("The coordinator made %(num)s preparation visit before a restorative meeting with a panel "
                 "of trained volunteers, one of them chairing.",
                 "The coordinator made %(num)s preparation visits before a restorative meeting with a panel "
                 "of trained volunteers, one of them chairing.", visits) % {"num": visits}, "",
        "## " + _("What was agreed"), "",
        *(f"- {k}" for k in kinds), "",
        (_("Every action was carried out, and the matter was completed in %(closed_on)s.")
         % {"closed_on": local_date(closed_on, "month")}), "",
    ]
    return "\n".join(lines)
