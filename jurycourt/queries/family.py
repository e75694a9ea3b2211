"""A parent's or guardian's own page: each child in the program by name, what is coming up for
them, how far they are with what they agreed to do, and whom to call.

Only the children of cases the viewer is recorded as guardian of (case_guardian), never a sealed
case: the guardian's access is the case's, as on the case page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jurycourt import clock
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus, Role
from jurycourt.models import Case, CaseGuardian, DocketEntry, Membership, Person, Seat
from jurycourt.queries.case_page import sanctions_of

#: How many coming sessions a child's card lists.
SESSIONS_SHOWN = 5


@dataclass
class ChildCard:
    """One child as their guardian sees them."""

    person: Person
    cases: list[Case] = field(default_factory=list)  # each with .sanction_rows and .next_hearing
    sessions: list[Seat] = field(default_factory=list)  # seats they serve at, soonest first
    coordinators: list[Person] = field(default_factory=list)


async def _coordinators(program_ids: set[int]) -> dict[int, list[Person]]:
    """program id → its active coordinators (the people a family calls), by name."""
    rows = await Membership.filter(program_id__in=list(program_ids), role=Role.COORDINATOR,
                                   status=MembershipStatus.ACTIVE).select_related("person")
    found: dict[int, list[Person]] = {}
    for row in sorted(rows, key=lambda m: (m.person.family_name, m.person.given_name, m.person_id)):
        found.setdefault(row.program_id, []).append(row.person)
    return found


async def my_children(viewer: Viewer) -> list[ChildCard]:
    """The viewer's children with an open (unsealed) case, by name; empty for everyone else."""
    if not viewer.holds(Role.GUARDIAN):
        return []
    guarded = await CaseGuardian.filter(person_id=viewer.person_id).values_list("case_id", flat=True)
    if not guarded:
        return []
    cases = await Case.filter(id__in=list(guarded), sealed_at__isnull=True,
                              respondent_id__isnull=False).select_related("respondent", "program").order_by("-id")
    now = clock.now()
    upcoming = await DocketEntry.filter(case_id__in=[c.id for c in cases], hearing__starts_at__gte=now,
                                        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED]
                                        ).select_related("hearing", "hearing__room").order_by("hearing__starts_at")
    coordinators = await _coordinators({c.program_id for c in cases})
    cards: dict[int, ChildCard] = {}
    for case in cases:
        card = cards.setdefault(case.respondent_id, ChildCard(case.respondent))
        case.sanction_rows = await sanctions_of(case.id)
        case.next_hearing = next((e.hearing for e in upcoming if e.case_id == case.id), None)
        card.cases.append(case)
        card.coordinators += [p for p in coordinators.get(case.program_id, []) if p not in card.coordinators]
    for card in cards.values():
        card.sessions = await Seat.filter(
            person_id=card.person.id, status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED],
            hearing__ends_at__gte=now, hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
        ).select_related("hearing", "hearing__room").order_by("hearing__starts_at").limit(SESSIONS_SHOWN)
    return sorted(cards.values(), key=lambda c: (c.person.given_name, c.person.family_name, c.person.id))


def has_credits(memberships: list[Membership]) -> bool:
    """Whether the viewer earns time credits (they serve, or were a respondent): a parent does not."""
    return any(m.role in SERVING_ROLES or m.role == Role.RESPONDENT for m in memberships
               if m.status == MembershipStatus.ACTIVE)


def has_duties(memberships: list[Membership], seats: list[Seat]) -> bool:
    """Whether the viewer's page lists their duties (seats they serve in): a parent and a coordinator
    who serves on no jury have none."""
    return bool(seats) or any(
        m.role in SERVING_ROLES for m in memberships if m.status == MembershipStatus.ACTIVE)
