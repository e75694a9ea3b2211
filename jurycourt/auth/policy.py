"""The one place that answers "may this viewer do this to this thing?".

Every view and query asks here. Targets a viewer may not know exist are reported as
not found (404) by the callers, never as forbidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role


class NotFound(Exception):
    """The record does not exist, or the viewer may not know that it does."""


class Forbidden(Exception):
    """The viewer may see the thing but may not do this to it."""


def coordinates(viewer: Viewer, program_id: int | None = None) -> bool:
    """Whether ``viewer`` coordinates the program ``program_id`` (any program, when None):
    coordinators manage the people, cases and pages of the programs they coordinate."""
    if program_id is None:
        return viewer.is_coordinator
    return viewer.has_role(program_id, Role.COORDINATOR)


def needs_second_step(roles: dict[int, frozenset[Role]], coordinators_too: bool) -> bool:
    """Whether an account with ``roles`` must have two-step sign-in on before anything else: an agency
    contact always (they see referrals of minors from outside the program), a coordinator where the
    site asks it."""
    return any(Role.REFERRER in r or coordinators_too and Role.COORDINATOR in r for r in roles.values())


def may_manage_person(viewer: Viewer, person_program_ids: Iterable[int], person_id: int) -> bool:
    """A coordinator manages a person who belongs to one of their programs (themselves too)."""
    return viewer.person_id == person_id and viewer.is_coordinator or any(
        viewer.has_role(p, Role.COORDINATOR) for p in person_program_ids
    )


def require(allowed: bool, *, hide: bool = True) -> None:
    """Raise NotFound (the default, for records) or Forbidden when not allowed."""
    if not allowed:
        raise NotFound() if hide else Forbidden()
