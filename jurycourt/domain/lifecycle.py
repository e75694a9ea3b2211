"""The one way a state machine is declared and checked: a table of named steps.

Cases, community justice matters, inquiries, publications, hearings, sanctions and citizens'
panels each declare a ``Lifecycle`` of ``Step``s (where from, where to, who may take it, which
facts it needs, whether it needs a reason). ``check`` answers a step with the ``Step`` taken or a
``Refused`` saying why not; ``available`` lists the steps the table offers from a state, which is
what the pages show as buttons. Machines whose moves are named by the state they lead to
(hearings, sanctions, citizens' panels) name each step by its target's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.i18n import _

S = TypeVar("S", bound=StrEnum)

COORDINATOR_ONLY = frozenset({Role.COORDINATOR})


class Need(Protocol):
    """A fact a step requires; ``refusal`` says what to do when it is missing."""

    @property
    def refusal(self) -> str: ...


class Facts(Protocol):
    """What is true now, as far as a table's needs care."""

    def has(self, need: Any) -> bool: ...


@dataclass(frozen=True)
class Step(Generic[S]):
    """One allowed move: its name, where from, where to, who may take it and what it needs."""

    name: str
    label: str
    sources: frozenset[S]
    target: S
    needs: tuple[Any, ...] = ()
    reason_required: bool = False
    by: Role | None = None


def step(name: str, label: Any, sources: Iterable[S], target: S, *needs: Any, reason: bool = False,
         by: Role | None = None) -> Step[S]:
    """A ``Step`` written the short way (``label`` may be a lazy translation)."""
    return Step(name, label, frozenset(sources), target, tuple(needs), reason, by)


def moves(table: dict[S, Iterable[S]], *, labels: Callable[[S], Any] | None = None,
          reasons: Iterable[S] = ()) -> list[Step[S]]:
    """Steps from a ``{state: states it may become}`` table, each named by its target's value."""
    targets: dict[S, set[S]] = {}
    for source, reached in table.items():
        for target in reached:
            targets.setdefault(target, set()).add(source)
    needing = set(reasons)
    return [step(str(target), labels(target) if labels else str(target), sources, target,
                 reason=target in needing) for target, sources in targets.items()]


class Lifecycle(Generic[S]):
    """A state machine: its states' type, its steps, and the words of its refusals.

    ``wrong_state(state, step, name)`` words the refusal of a step the table has but not from
    ``state`` (``step`` is None for a name the table does not have, unless ``unknown`` words that).
    """

    def __init__(self, states: type[S], steps: Iterable[Step[S]], *,
                 wrong_state: Callable[[S, Step[S] | None, str], str],
                 unknown: Callable[[], str] | None = None, field: str | None = None,
                 reason_refusal: Callable[[], str] | None = None, reason_max: int | None = None) -> None:
        self.states = states
        self.steps: dict[str, Step[S]] = {s.name: s for s in steps}
        self._wrong_state = wrong_state
        self._unknown = unknown
        self._field = field
        self._reason_refusal = reason_refusal
        self.reason_max = reason_max
        if reason_refusal is None and any(s.reason_required for s in self.steps.values()):
            raise ValueError("a table with steps that need a reason words the refusal of a missing one")

    def check(self, state: S | str, name: str, facts: Facts | None = None, reason: str = "", *,
              roles: frozenset[Role] = COORDINATOR_ONLY) -> Step[S]:
        """The step ``name`` from ``state``, or Refused with a message saying why not."""
        current = self.states(state)
        found = self.steps.get(str(name))
        if found is None and self._unknown is not None:
            raise Refused(self._unknown())
        if found is not None and found.by is not None and found.by not in roles:
            raise Refused(_("Only a %(by)s can do this.") % {"by": found.by.label.lower()})
        if found is None or current not in found.sources:
            raise Refused(self._wrong_state(current, found, str(name)), self._field)
        for need in found.needs:
            if facts is None or not facts.has(need):
                raise Refused(need.refusal)
        if found.reason_required and not reason.strip() and self._reason_refusal is not None:
            raise Refused(self._reason_refusal(), "reason")
        if self.reason_max is not None and len(reason) > self.reason_max:
            raise Refused(_("Use at most %(reason_max)s characters.") % {"reason_max": self.reason_max}, "reason")
        return found

    def next(self, state: S | str, name: str, facts: Facts | None = None, reason: str = "", *,
             roles: frozenset[Role] = COORDINATOR_ONLY) -> S:
        """The state ``name`` leads to from ``state`` (``check``'s refusals apply)."""
        return self.check(state, name, facts, reason, roles=roles).target

    def available(self, state: S | str) -> list[Step[S]]:
        """The steps the table offers from ``state``, in table order."""
        current = self.states(state)
        return [s for s in self.steps.values() if current in s.sources]

    def targets(self, state: S | str) -> frozenset[S]:
        """The states one step from ``state`` leads to."""
        return frozenset(s.target for s in self.available(state))

    @property
    def moves(self) -> dict[tuple[S, str], S]:
        """The table as ``{(from, step): to}``."""
        return {(source, s.name): s.target for s in self.steps.values() for source in s.sources}

    def reachable(self, start: S) -> frozenset[S]:
        """Every state some sequence of allowed steps reaches from ``start``."""
        seen, todo = {start}, [start]
        while todo:
            for s in self.available(todo.pop()):
                if s.target not in seen:
                    seen.add(s.target)
                    todo.append(s.target)
        return frozenset(seen)
