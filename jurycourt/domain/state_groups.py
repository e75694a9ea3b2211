"""The named groups of states that pages test, so a rule changed here changes every button.

A template asks ``{% if case.state is sanction_open %}`` rather than re-typing the states: each
name below becomes a Jinja test (``web.state_tests``), and a value of another kind, or a state
name that does not exist, fails at render instead of quietly answering no.
"""

from __future__ import annotations

from enum import StrEnum

from jurycourt.domain import cases, citizens_panels, hearings, inquiries, justice, publication, sanctions

#: name → the states it holds (all of one enum).
GROUPS: dict[str, frozenset[StrEnum]] = {
    # cases
    "intake_open": frozenset(cases.INTAKE_OPEN_STATES),
    "docket_open": frozenset(cases.DOCKET_OPEN_STATES),
    "sanction_open": frozenset(cases.SANCTION_OPEN_STATES),
    "case_closed": frozenset({cases.CaseState.COMPLETED, cases.CaseState.FAILED}),
    "case_disposed": frozenset({cases.CaseState.MONITORING, cases.CaseState.COMPLETED, cases.CaseState.FAILED}),
    # sanctions
    "sanction_pending": frozenset(sanctions.OPEN),
    "sanction_movable": frozenset(s for s in sanctions.SanctionStatus if sanctions.LIFECYCLE.available(s)),
    # community justice matters
    "matter_setup": frozenset(justice.SETUP_STATES),
    "matter_visits": frozenset(justice.VISIT_STATES),
    "matter_drafting": frozenset(justice.DRAFTING_STATES),
    "matter_monitoring": frozenset(justice.MONITORING_STATES),
    "matter_noticed": frozenset(justice.NOTICE_STATES),
    # inquiries
    "inquiry_before_publication": frozenset(set(inquiries.InquiryState) - inquiries.AFTER_PUBLICATION),
    "inquiry_after_publication": frozenset(inquiries.AFTER_PUBLICATION),
    # publications
    "publication_fixed": frozenset(publication.FIXED_STATES),
    # hearings
    "hearing_movable": frozenset({hearings.HearingStatus.PLANNED, hearings.HearingStatus.CONFIRMED}),
    # citizens' panels
    "panel_drawable": frozenset({citizens_panels.CitizensPanelStatus.RECRUITING,
                                 citizens_panels.CitizensPanelStatus.COMMITTED}),
    "panel_drawn": frozenset({citizens_panels.CitizensPanelStatus.DRAWN, citizens_panels.CitizensPanelStatus.ENDED}),
}


def kind_of(group: frozenset[StrEnum]) -> type[StrEnum]:
    """The one enum a group's states belong to."""
    kinds = {type(state) for state in group}
    if len(kinds) != 1:
        raise ValueError(f"a state group holds states of one kind, not {sorted(k.__name__ for k in kinds)}")
    return kinds.pop()
