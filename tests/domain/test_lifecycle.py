"""Every state machine is one ``Lifecycle``: what it offers from a state is exactly what it accepts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain import cases, citizens_panels, hearings, inquiries, justice, publication, sanctions
from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle
from jurycourt.domain.roles import Role

MACHINES: dict[str, Lifecycle[Any]] = {
    "cases": cases.LIFECYCLE, "justice matters": justice.LIFECYCLE, "inquiries": inquiries.LIFECYCLE,
    "publications": publication.LIFECYCLE, "hearings": hearings.LIFECYCLE, "sanctions": sanctions.LIFECYCLE,
    "citizens' panels": citizens_panels.LIFECYCLE,
}
EVERY_ROLE = frozenset(Role)


class EveryFactHolds:
    """Facts meeting every need a step could have."""

    def has(self, need: object) -> bool:
        return True


class NoFactHolds:
    def has(self, need: object) -> bool:
        return False


def _accepts(machine: Lifecycle[Any], state: Any, name: str) -> bool:
    try:
        taken = machine.check(state, name, EveryFactHolds(), "a reason", roles=EVERY_ROLE)
    except Refused as refusal:
        assert refusal.message, "a refusal always says why"
        return False
    assert taken.name == name and state in taken.sources
    return True


@given(st.sampled_from(list(MACHINES)), st.data())
def test_what_a_machine_offers_from_a_state_is_exactly_what_it_accepts(machine_name, data):
    machine = MACHINES[machine_name]
    state = data.draw(st.sampled_from(list(machine.states)))
    name = data.draw(st.sampled_from([*machine.steps, *(str(s) for s in machine.states), "reopen", ""]))
    offered = {s.name for s in machine.available(state)}
    assert _accepts(machine, state, name) == (name in offered)


@pytest.mark.parametrize("machine_name", list(MACHINES))
def test_a_step_the_machine_offers_is_still_refused_when_its_needs_or_reason_are_missing(machine_name):
    machine = MACHINES[machine_name]
    for state in machine.states:
        for offered in machine.available(state):
            if not (offered.needs or offered.reason_required):
                assert machine.check(state, offered.name, NoFactHolds(), roles=EVERY_ROLE) == offered
                continue
            with pytest.raises(Refused) as refusal:
                machine.check(state, offered.name, NoFactHolds(), roles=EVERY_ROLE)
            assert refusal.value.message


@pytest.mark.parametrize("machine_name", list(MACHINES))
def test_every_step_leads_somewhere_new_and_names_its_target_by_the_states_type(machine_name):
    machine = MACHINES[machine_name]
    for taken in machine.steps.values():
        assert isinstance(taken.target, machine.states)
        assert taken.sources and taken.target not in taken.sources


def test_the_old_tables_survive_as_the_lifecycles_moves():
    assert hearings.LIFECYCLE.targets(hearings.HearingStatus.CONFIRMED) == {
        hearings.HearingStatus.HELD, hearings.HearingStatus.CANCELLED, hearings.HearingStatus.PLANNED}
    assert inquiries.LIFECYCLE.moves[(inquiries.InquiryState.DRAFTING, "investigate")] == \
        inquiries.InquiryState.INVESTIGATING
    assert citizens_panels.LIFECYCLE.targets("ended") == frozenset()
