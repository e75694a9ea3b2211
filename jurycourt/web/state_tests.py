"""Domain states as Jinja tests: ``x.state is state("heard")`` and ``x.state is sanction_open``.

Templates never re-type a state as a bare string: ``state(...)`` checks each name against the
value's own enum, and the named groups come from ``domain.state_groups``, so a renamed or removed
state, or a value that is not a domain state, raises at render instead of hiding a button.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum

import jinja2

from jurycourt.domain.state_groups import GROUPS, kind_of


def is_state(value: object, *names: str) -> bool:
    """``value`` is one of the states ``names``, each a state of ``value``'s own kind."""
    if not isinstance(value, Enum):
        raise TypeError(f"'is state(...)' tests a domain state, not {value!r}: pass the enum from domain/")
    if not names:
        raise TypeError("'is state(...)' names at least one state")
    kind = type(value)
    try:
        return value in {kind(name) for name in names}
    except ValueError as unknown:
        raise ValueError(f"{kind.__name__} has no such state: {unknown}") from None


def _group_test(name: str, group: frozenset[StrEnum]) -> Callable[[object], bool]:
    kind = kind_of(group)

    def test(value: object) -> bool:
        if isinstance(value, Enum) and not isinstance(value, kind):
            raise TypeError(f"'is {name}' tests a {kind.__name__}, not a {type(value).__name__}")
        return kind(value) in group  # a string that is no state of the kind raises

    return test


def install(env: jinja2.Environment) -> None:
    """Register ``state`` and one test per named group on ``env``."""
    clashes = set(GROUPS) & set(env.tests)
    if clashes:
        raise ValueError(f"state groups may not shadow Jinja's own tests: {sorted(clashes)}")
    env.tests["state"] = is_state
    env.tests.update({name: _group_test(name, group) for name, group in GROUPS.items()})
