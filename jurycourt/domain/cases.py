"""The peer jury case lifecycle: one transition table, and the facts each transition needs.

referred → intake → scheduled → heard → monitoring → completed | failed; declined (ineligible
or refused consent) and withdrawn are ends too. Every move is made by a coordinator with a
reason kept in the case history; anything not in the table is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.i18n import _, _l, gettext


class CaseState(StrEnum):
    REFERRED = "referred"
    INTAKE = "intake"
    SCHEDULED = "scheduled"
    HEARD = "heard"
    MONITORING = "monitoring"
    COMPLETED = "completed"
    FAILED = "failed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"referred": gettext("Referred"), "intake": gettext("Intake"), "scheduled": gettext("Scheduled"),
                "heard": gettext("Heard"), "monitoring": gettext("Monitoring"), "completed": gettext("Completed"),
                "failed": gettext("Failed"), "declined": gettext("Declined"),
                "withdrawn": gettext("Withdrawn")}[self.value]

    @property
    def is_end(self) -> bool:
        return self in END_STATES


END_STATES = frozenset({CaseState.COMPLETED, CaseState.FAILED, CaseState.DECLINED, CaseState.WITHDRAWN})
#: The usual path of a case, first to last: the stepper on the case page.
MAIN_PATH = (CaseState.REFERRED, CaseState.INTAKE, CaseState.SCHEDULED, CaseState.HEARD, CaseState.MONITORING,
             CaseState.COMPLETED)
#: The ends that close a case off its usual path (their buttons stand apart from the next steps).
CLOSING_STATES = END_STATES - {CaseState.COMPLETED}


def path_shown(state: CaseState) -> list[tuple[CaseState, str]]:
    """The stepper for a case in ``state``: each step with "done", "current" or "todo". A case closed
    off the path (declined, withdrawn, failed) shows where it stopped, its end as the last step."""
    if state in MAIN_PATH:
        at = MAIN_PATH.index(state)
        return [(s, "done" if i < at else "current" if i == at else "todo") for i, s in enumerate(MAIN_PATH)]
    reached = MAIN_PATH.index(CaseState.MONITORING) + 1 if state == CaseState.FAILED else 1
    return [(s, "done") for s in MAIN_PATH[:reached]] + [(state, "current")]


class Need(StrEnum):
    """A fact a transition requires, with the refusal shown when it is missing."""

    ELIGIBLE = "eligible"
    CONSENTED = "consented"
    ON_DOCKET = "on_docket"
    HEARING_DAY = "hearing_day"
    SANCTIONS = "sanctions"
    SANCTIONS_SETTLED = "sanctions_settled"

    @property
    def refusal(self) -> str:
        return NEED_REFUSALS[self]


NEED_REFUSALS = {
    Need.ELIGIBLE: _l("The intake checklist must show the respondent eligible first."),
    Need.CONSENTED: _l("Record the consent of the respondent and a guardian first."),
    Need.ON_DOCKET: _l("Put the case on a jury hearing's docket first."),
    Need.HEARING_DAY: _l("The case can be marked heard only from its hearing's day."),
    Need.SANCTIONS: _l("Enter the disposition (at least one sanction) first."),
    Need.SANCTIONS_SETTLED: _l("Every sanction must be done or waived before the case is completed."),
}


@dataclass(frozen=True)
class Transition:
    """One allowed move: its name, where from, where to, who may make it and what it needs."""

    name: str
    label: str
    sources: frozenset[CaseState]
    target: CaseState
    needs: tuple[Need, ...] = ()
    reason_required: bool = False
    by: Role = Role.COORDINATOR


def _t(name: str, label: str, sources: set[CaseState], target: CaseState, *needs: Need,
       reason: bool = False) -> Transition:
    return Transition(name, label, frozenset(sources), target, tuple(needs), reason)


S = CaseState
#: The whole lifecycle. Nothing else moves a case.
TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    _t("start_intake", _l("Start intake"), {S.REFERRED}, S.INTAKE),
    _t("schedule", _l("Mark scheduled"), {S.INTAKE}, S.SCHEDULED, Need.ELIGIBLE, Need.CONSENTED, Need.ON_DOCKET),
    _t("unschedule", _l("Take off the docket"), {S.SCHEDULED}, S.INTAKE, reason=True),
    _t("hear", _l("Mark heard"), {S.SCHEDULED}, S.HEARD, Need.ON_DOCKET, Need.HEARING_DAY),
    _t("dispose", _l("Record the disposition"), {S.HEARD}, S.MONITORING, Need.SANCTIONS),
    _t("complete", _l("Complete the case"), {S.MONITORING}, S.COMPLETED, Need.SANCTIONS_SETTLED),
    _t("fail", _l("Return to the referring agency"), {S.MONITORING}, S.FAILED, reason=True),
    _t("decline", _l("Decline the case"), {S.REFERRED, S.INTAKE}, S.DECLINED, reason=True),
    _t("withdraw", _l("Withdraw the case"), {S.REFERRED, S.INTAKE, S.SCHEDULED}, S.WITHDRAWN, reason=True),
)}


@dataclass(frozen=True)
class CaseFacts:
    """What is true of a case now, as far as the transition table cares."""

    eligible: bool = False
    consented: bool = False
    on_docket: bool = False
    hearing_day_reached: bool = False
    sanctions: int = 0
    unsettled_sanctions: int = 0

    def has(self, need: Need) -> bool:
        return {
            Need.ELIGIBLE: self.eligible,
            Need.CONSENTED: self.consented,
            Need.ON_DOCKET: self.on_docket,
            Need.HEARING_DAY: self.on_docket and self.hearing_day_reached,
            Need.SANCTIONS: self.sanctions > 0,
            Need.SANCTIONS_SETTLED: self.sanctions > 0 and self.unsettled_sanctions == 0,
        }[need]


REASON_MAX = 500


def check_transition(state: CaseState, name: str, facts: CaseFacts, reason: str = "",
                     *, roles: frozenset[Role] = frozenset({Role.COORDINATOR})) -> Transition:
    """The transition ``name`` from ``state``, or Refused with a message saying why not."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Refused(_("There is no such step for a case."))
    if transition.by not in roles:
        raise Refused(_("Only a %(by)s can do this.") % {"by": transition.by.label.lower()})
    if state not in transition.sources:
        raise Refused(_("A %(state)s case can't be moved this way (%(transition)s).")
                       % {"state": state.label.lower(), "transition": transition.label.lower()})
    for need in transition.needs:
        if not facts.has(need):
            raise Refused(need.refusal)
    if transition.reason_required and not reason.strip():
        raise Refused(_("Give a reason: it is kept in the case history."), "reason")
    if len(reason) > REASON_MAX:
        raise Refused(_("Use at most %(reason_max)s characters.") % {"reason_max": REASON_MAX}, "reason")
    return transition


def available(state: CaseState) -> list[Transition]:
    """The transitions the table offers from ``state`` (shown as buttons on the case page)."""
    return [t for t in TRANSITIONS.values() if state in t.sources]


def reachable(start: CaseState = CaseState.REFERRED) -> frozenset[CaseState]:
    """Every state some sequence of allowed transitions reaches from ``start``."""
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for t in available(state):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return frozenset(seen)


#: States in which a docketed case's respondent and guardians are parties at its hearing.
ON_DOCKET_STATES = frozenset({CaseState.INTAKE, CaseState.SCHEDULED, CaseState.HEARD})
#: States in which the docket may still change.
DOCKET_OPEN_STATES = frozenset({CaseState.INTAKE, CaseState.SCHEDULED})
#: States in which the intake checklist and consent may still be recorded.
INTAKE_OPEN_STATES = frozenset({CaseState.REFERRED, CaseState.INTAKE})
#: States in which sanctions may be entered (disposition) or updated (monitoring).
SANCTION_OPEN_STATES = frozenset({CaseState.HEARD, CaseState.MONITORING})
