"""What a person's own page shows."""

# The SQL here is built from fixed names and placeholders only, never from input:
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from jurycourt import clock
from jurycourt.auth.viewer import Viewer
from jurycourt.db import Params, fetch_rows
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HOLDING_SEATS, HearingStatus, SeatStatus
from jurycourt.domain.ledger import Decision
from jurycourt.domain.measures import quarter_name
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus
from jurycourt.domain.sanctions import OPEN
from jurycourt.domain.seating import SeatRole, SessionKind, seat_plan, unfilled_declines
from jurycourt.i18n import gettext
from jurycourt.models import Hearing, Seat
from jurycourt.queries.inquiry_report import overdue_response_count
from jurycourt.queries.outcomes import outcomes_todo
from jurycourt.queries.service_sites import overdue_count
from jurycourt.serving.caches import Snapshots

#: A to-do count stops at this many ("100+"): the dashboard's cost stays the same however many
#: members, sanctions or requests a program has, and past a hundred the exact number changes nothing.
TODO_CAP = 100


@dataclass(frozen=True)
class TodoItem:
    """One line of a coordinator's to-do list: what needs doing, how many, and where."""

    text: str
    count: int
    route: str
    query: str = ""

    @property
    def shown(self) -> str:
        """The count as the list shows it: "100+" once it reaches the cap."""
        return f"{TODO_CAP}+" if self.count >= TODO_CAP else str(self.count)


def _upcoming_seats_query(person_id: int, now: datetime):
    return (Seat.filter(
        person_id=person_id, status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED, SeatStatus.DECLINED],
        hearing__ends_at__gte=now, hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
        ).select_related("hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at").limit(20))



async def upcoming_seats(viewer: Viewer) -> list[Seat]:
    """The viewer's seats at hearings still to come (invited, accepted or declined), soonest first."""
    return await _upcoming_seats_query(person_id=viewer.person_id, now=clock.now())


async def waiting_declines(programs: list[int]) -> int:
    """Declined seats at coming hearings of ``programs`` not yet offered to someone else."""
    hearing_ids = set(await Seat.filter(
        status=SeatStatus.DECLINED, hearing__program_id__in=programs, hearing__starts_at__gte=clock.now(),
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).values_list("hearing_id", flat=True))
    if not hearing_ids:
        return 0
    hearings = await Hearing.filter(id__in=list(hearing_ids)).select_related("program")
    seats: dict[int, list[tuple[int, SeatRole, SeatStatus]]] = defaultdict(list)
    for seat_id, hearing_id, role, status in await Seat.filter(hearing_id__in=list(hearing_ids)).values_list(
            "id", "hearing_id", "role", "status"):
        seats[hearing_id].append((seat_id, SeatRole(role), SeatStatus(status)))
    return sum(len(unfilled_declines(
        seat_plan(SessionKind(h.kind), h.program.rules),
        [role for _, role, status in seats[h.id] if status in HOLDING_SEATS],
        [(sid, role) for sid, role, status in seats[h.id] if status == SeatStatus.DECLINED],
    )) for h in hearings)


def _capped(where: str) -> str:
    """A count of the rows ``where`` (a FROM … WHERE clause) selects, counting at most TODO_CAP of them."""
    return f"(SELECT COUNT(*) FROM (SELECT 1 FROM {where} LIMIT {TODO_CAP}) capped)"


def _serving(p: Params, programs: list[int]) -> str:
    """The FROM … WHERE clause of the active serving members of ``programs``."""
    roles = sorted(str(r) for r in SERVING_ROLES)
    return (f"membership m WHERE m.status = {p(str(MembershipStatus.ACTIVE))} AND m.program_id IN ({p.each(programs)})"
            f" AND m.role IN ({p.each(roles)})")


async def _program_counts(programs: list[int], today: date) -> tuple[int, int, int, int]:
    """In one query, for ``programs``, each capped at TODO_CAP: active serving members without an
    account, without a pledge, without training; open sanctions of monitored cases past their due
    date. Finding them can mean looking at every member or open sanction (tens of milliseconds at
    10,000 members and 100,000 cases), so the to-do list takes them from the program-wide
    snapshots (serving/caches.py), refreshed in the background."""
    def sql(p: Params) -> str:
        serving = _serving(p, programs)  # its values numbered once, used three times
        return "SELECT " + ", ".join([
            _capped(f"{serving} AND NOT EXISTS"  # i18n: internal
                    " (SELECT 1 FROM account a WHERE a.person_id = m.person_id)"),  # i18n: internal
            _capped(f"{serving} AND m.pledge_date IS NULL"),  # i18n: internal
            _capped(f"{serving} AND m.training_date IS NULL"),  # i18n: internal
            _capped(f"sanction s WHERE s.case_id IN (SELECT id FROM case_file WHERE program_id IN ({p.each(programs)})"
                    f" AND state = {p(str(CaseState.MONITORING))})"
                    f" AND s.status IN ({p.each(sorted(str(s) for s in OPEN))}) AND s.due_on < {p(today)}"),
        ])

    rows = await fetch_rows(sql)
    no_account, no_pledge, untrained, overdue = (int(v) for v in rows[0])
    return no_account, no_pledge, untrained, overdue


async def _decisions_waiting(programs: list[int]) -> int:
    """Reward requests and service claims of ``programs`` waiting for a decision (capped): read on
    every visit, since deciding them is what the coordinator does next."""
    def sql(p: Params) -> str:
        among, pending = p.each(programs), p(str(Decision.PENDING))
        return "SELECT " + ", ".join([
            _capped(f"reward_request r WHERE r.program_id IN ({among}) AND r.status = {pending}"),
            _capped(f"service_claim c WHERE c.program_id IN ({among}) AND c.status = {pending}"),
        ])

    rows = await fetch_rows(sql)
    return min(sum(int(v) for v in rows[0]), TODO_CAP)


async def coordinator_todo(viewer: Viewer, snapshots: Snapshots) -> list[TodoItem]:
    """Work waiting for a coordinator. Later areas (seats, sanctions, rewards…) add rows."""
    programs = viewer.coordinated_programs
    today = clock.today()
    local_today = clock.today()
    no_account, no_pledge, untrained, overdue = (await snapshots.get(
        ("todo", tuple(programs), local_today), lambda: _program_counts(programs, local_today))).value
    items = [
        TodoItem(
            gettext("Declined seats at coming hearings (offer them to the next eligible person)"),
            await waiting_declines(programs),
            "calendar",
        ),
        TodoItem(
            gettext("Active members who have no account yet (give them an invitation)"),
            no_account,
            "people",
        ),
        TodoItem(
            gettext("Serving members without a confidentiality pledge on record"),
            no_pledge,
            "people",
        ),
        TodoItem(
            gettext("Serving members without a training date on record"),
            untrained,
            "people",
        ),
        TodoItem(
            gettext("Reward requests and service claims waiting for a decision"),
            await _decisions_waiting(programs),
            "program_credits",
        ),
        TodoItem(
            gettext("Sanctions past their due date (follow up, waive or record the failure)"),
            overdue,
            "cases",
        ),
        TodoItem(
            gettext("Community service past its deadline without the hours (extend, new site or return)"),
            await overdue_count(programs, today),
            "service_sites",
        ),
        TodoItem(
            gettext("Inquiry findings whose named body has not responded by the deadline"),
            await overdue_response_count(programs, today),
            "inquiries",
        ),
    ]
    outcomes = await outcomes_todo(programs, today)
    items.append(TodoItem(gettext("Follow-ups due after completed cases (new referral, school)"),
                          outcomes.checks_due, "follow_ups"))
    if outcomes.reports_waiting:
        quarter = outcomes.quarter
        items.append(TodoItem(
            gettext("Quarterly outcomes report ready to download (%(quarter)s)") % {"quarter": quarter_name(quarter)},
            len(outcomes.reports_waiting), "outcomes",
            f"program={outcomes.reports_waiting[0]}&from={quarter.start}&to={quarter.end}"))
    return [item for item in items if item.count]
