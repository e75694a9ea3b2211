"""Reading what separation of duties needs: the provenance graph and the program's coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jurycourt import clock, i18n
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import separation as rules
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import AccessLink, Membership, Provenance


async def edges() -> list[rules.Edge]:
    """Every (who had a hand, whose account) pair ever recorded."""
    return [(by, person) for by, person in await Provenance.all().values_list("by_id", "person_id")]


async def coordinators(program_id: int) -> dict[int, datetime | None]:
    """The program's active coordinators and since when each holds the role."""
    return dict(await Membership.filter(program_id=program_id, role=Role.COORDINATOR,
                                        status=MembershipStatus.ACTIVE).values_list("person_id", "active_since"))


async def standing(actor_id: int, program_id: int, first: int, days: int) -> rules.Standing:
    """Whether ``actor_id`` may be the second coordinator of ``first``'s step in the program."""
    return rules.standing(actor_id, first, await edges(), await coordinators(program_id), clock.now(), days)


async def is_coordinator(person_id: int) -> bool:
    """Whether the person holds, or is waiting for, the coordinator role in any program."""
    return await Membership.exists(person_id=person_id, role=Role.COORDINATOR,
                                   status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING])


async def coordinators_among(person_ids: list[int]) -> set[int]:
    """Those of ``person_ids`` who hold, or are waiting for, the coordinator role in any program."""
    if not person_ids:
        return set()
    return set(await Membership.filter(person_id__in=person_ids, role=Role.COORDINATOR,
                                       status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING])
               .values_list("person_id", flat=True))


@dataclass(frozen=True)
class WaitingStep:
    """A step about a person that waits for a second coordinator: a coordinator role asked for,
    or a link for a coordinator. ``standing`` is the viewer's own as that second coordinator."""

    kind: str  # "role" or "link"
    id: int
    program_id: int
    asked_by: int | None
    standing: rules.Standing
    problem: str  # why the viewer can't be the second one, translated ("" when they can)


async def waiting_steps(viewer: Viewer, person_id: int, days: int) -> list[WaitingStep]:
    """What waits for a second coordinator about ``person_id``, in the viewer's programs."""
    programs = viewer.coordinated_programs
    pending = await Membership.filter(person_id=person_id, role=Role.COORDINATOR, status=MembershipStatus.PENDING,
                                      program_id__in=programs)
    links = await AccessLink.filter(person_id=person_id, awaiting_confirmation=True, used_at=None,
                                    expires_at__gt=clock.now())
    member_of = set(await Membership.filter(person_id=person_id, program_id__in=programs).values_list(
        "program_id", flat=True))
    all_edges, now, steps = await edges(), clock.now(), []
    asks = [("role", m.id, m.program_id, m.requested_by_id) for m in pending]
    asks += [("link", link.id, min(member_of), link.created_by_id) for link in links if member_of]
    for kind, step_id, program_id, asked_by in asks:
        firsts = [p for p in (asked_by, person_id if kind == "role" else None) if p is not None]
        found = [rules.standing(viewer.person_id, first, all_edges, await coordinators(program_id), now, days)
                 for first in firsts] or [rules.Standing(None, True)]
        worst = next((s for s in found if not s.may_act and not s.alone), None) \
            or next((s for s in found if s.alone), found[0])
        problem = i18n._(worst.problem).format(days=days) if worst.problem else ""
        steps.append(WaitingStep(kind, step_id, program_id, asked_by, worst, problem))
    return steps
