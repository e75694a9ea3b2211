"""Domain states reach templates as Jinja tests: no template re-types a state, and a wrong name fails loudly."""

from __future__ import annotations

import re

import jinja2
import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.state_groups import GROUPS
from jurycourt.settings import Settings
from jurycourt.web.templating import TEMPLATES, make_environment

#: A state or status compared with a literal: ``x.state == "heard"``, ``x.status.value in ("a", "b")``,
#: or picked by one: ``selectattr("status", "equalto", "proposed")``.
LITERAL_STATE = re.compile(
    r"""(?:state|status)(?:\.value)?\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*["'(\[]"""
    r"""|(?:select|reject)attr\(\s*["'](?:state|status)["']\s*,\s*["']equalto["']""")


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return make_environment(Settings())


def _render(env: jinja2.Environment, source: str, **values: object) -> str:
    return env.from_string(source).render(**values).strip()


def test_no_template_compares_a_state_with_a_literal():
    found = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if LITERAL_STATE.search(line)]
    assert found == [], "use `is state(...)` or a named group from domain.state_groups:\n" + "\n".join(found)


def test_the_scan_catches_the_shapes_it_is_meant_to_catch():
    for line in ['{% if case.state == "heard" %}', "{% if s.status.value in ('a', 'b') %}",
                 '{% if p.state != "draft" %}', '{% set x = seats|selectattr("status", "equalto", "held") %}',
                 '{% if hearing.status not in ["held"] %}']:
        assert LITERAL_STATE.search(line), line
    assert not LITERAL_STATE.search('{% if case.state is state("heard") %}')


def test_state_answers_for_the_values_own_kind(env):
    source = '{{ "yes" if value is state("heard", "monitoring") else "no" }}'
    assert _render(env, source, value=CaseState.HEARD) == "yes"
    assert _render(env, source, value=CaseState.REFERRED) == "no"
    assert _render(env, '{{ "yes" if value is not state("held") else "no" }}', value=HearingStatus.PLANNED) == "yes"


def test_a_state_name_that_does_not_exist_fails_at_render_instead_of_answering_no(env):
    with pytest.raises(ValueError, match="CaseState has no such state"):
        _render(env, '{{ value is state("sealed") }}', value=CaseState.HEARD)


def test_a_plain_string_is_not_a_state(env):
    with pytest.raises(TypeError, match="domain state"):
        _render(env, '{{ value is state("heard") }}', value="heard")


def test_the_named_groups_follow_the_domain_rules(env):
    source = '{{ "open" if value is sanction_open else "shut" }}'
    assert _render(env, source, value=CaseState.MONITORING) == "open"
    assert _render(env, source, value=CaseState.INTAKE) == "shut"
    assert _render(env, source, value="heard") == "open"  # a stored string is read as the group's kind
    with pytest.raises(TypeError, match="CaseState"):
        _render(env, source, value=HearingStatus.HELD)
    with pytest.raises(ValueError):
        _render(env, source, value="sealed")


def test_every_group_is_a_jinja_test_and_each_holds_states_of_one_kind(env):
    for name, group in GROUPS.items():
        assert name in env.tests and group
        assert len({type(state) for state in group}) == 1, name
