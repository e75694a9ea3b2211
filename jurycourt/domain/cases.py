"""The peer jury case lifecycle: one transition table, and the facts each transition needs.

referred → intake → scheduled → heard → monitoring → completed | failed; declined (ineligible
or refused consent) and withdrawn are ends too. Every move is made by a coordinator with a
reason kept in the case history; anything not in the table is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jurycourt.domain.lifecycle import Lifecycle, step
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


COORDINATOR = Role.COORDINATOR


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


#: The whole lifecycle. Nothing else moves a case; every step is a coordinator's.
LIFECYCLE: Lifecycle[CaseState] = Lifecycle(CaseState, [
    step("start_intake", _l("Start intake"), {CaseState.REFERRED}, CaseState.INTAKE, by=COORDINATOR),
    step("schedule", _l("Mark scheduled"), {CaseState.INTAKE}, CaseState.SCHEDULED,
         Need.ELIGIBLE, Need.CONSENTED, Need.ON_DOCKET, by=COORDINATOR),
    step("unschedule", _l("Take off the docket"), {CaseState.SCHEDULED}, CaseState.INTAKE,
         reason=True, by=COORDINATOR),
    step("hear", _l("Mark heard"), {CaseState.SCHEDULED}, CaseState.HEARD,
         Need.ON_DOCKET, Need.HEARING_DAY, by=COORDINATOR),
    step("dispose", _l("Record the disposition"), {CaseState.HEARD}, CaseState.MONITORING,
         Need.SANCTIONS, by=COORDINATOR),
    step("complete", _l("Complete the case"), {CaseState.MONITORING}, CaseState.COMPLETED,
         Need.SANCTIONS_SETTLED, by=COORDINATOR),
    step("fail", _l("Return to the referring agency"), {CaseState.MONITORING}, CaseState.FAILED,
         reason=True, by=COORDINATOR),
    step("decline", _l("Decline the case"), {CaseState.REFERRED, CaseState.INTAKE}, CaseState.DECLINED,
         reason=True, by=COORDINATOR),
    step("withdraw", _l("Withdraw the case"), {CaseState.REFERRED, CaseState.INTAKE, CaseState.SCHEDULED},
         CaseState.WITHDRAWN, reason=True, by=COORDINATOR),
], unknown=lambda: _("There is no such step for a case."),
    wrong_state=lambda state, found, name: (
        _("A %(state)s case can't be moved this way (%(transition)s).")
        % {"state": state.label.lower(), "transition": str(found.label if found else name).lower()}),
    reason_refusal=lambda: _("Give a reason: it is kept in the case history."), reason_max=500)


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


#: States in which a docketed case's respondent and guardians are parties at its hearing.
ON_DOCKET_STATES = frozenset({CaseState.INTAKE, CaseState.SCHEDULED, CaseState.HEARD})
#: States in which the docket may still change.
DOCKET_OPEN_STATES = frozenset({CaseState.INTAKE, CaseState.SCHEDULED})
#: States in which the intake checklist and consent may still be recorded.
INTAKE_OPEN_STATES = frozenset({CaseState.REFERRED, CaseState.INTAKE})
#: States in which sanctions may be entered (disposition) or updated (monitoring).
SANCTION_OPEN_STATES = frozenset({CaseState.HEARD, CaseState.MONITORING})
