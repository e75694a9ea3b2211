"""Separation of duties: the steps one coordinator may not take alone, and who counts as a second.

A second coordinator must be *independent* of the person the step is for: neither of them had a
hand in the other's account (created the person, issued the invitation or reset link they
redeemed, granted them the coordinator role), directly or through accounts they had a hand in in
turn. Otherwise one coordinator could make a second account and approve their own steps with it.
The second coordinator must also have held the role for a while (``coordinator_seniority_days``),
so an account made today can't approve anything today.

Where no coordinator of the program qualifies, one may act alone with a written reason; such
steps are flagged on the audit page and listed by ``jurycourt check --deploy``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from jurycourt.i18n import N_


class ProvenanceKind(StrEnum):
    """How one person had a hand in another's account."""

    CREATED = "created"
    INVITED = "invited"
    RESET = "reset"
    ELEVATED = "elevated"


class Beneficiary(StrEnum):
    """Whose time credit (or reward) an action raises."""

    NAMED_PERSON = "the person the coordinator names"
    CLAIMANT = "the member who proposed the service"
    REQUESTER = "the member who asked for the reward"
    SEATED_PERSON = "the person who held the seat"
    ACTOR = "the actor, by a request a coordinator decides later"
    NOBODY = "nobody: it raises no one's credit"


#: Every action that writes postings, service claims or rewards, declared once with the person it
#: benefits. tests/domain/test_separation.py finds every such action in jurycourt/actions and fails
#: when one is missing here. Where the beneficiary is a coordinator, the actor must be a second,
#: independent coordinator (``second_problem``).
BENEFICIARIES: dict[str, Beneficiary] = {
    "corrections.adjust": Beneficiary.NAMED_PERSON,
    "corrections.reverse_posting": Beneficiary.NAMED_PERSON,
    "service_credits.log_service": Beneficiary.NAMED_PERSON,
    "service_credits.decide_claim": Beneficiary.CLAIMANT,
    "service_credits.propose_service": Beneficiary.ACTOR,
    "service_credits.correct_attendance": Beneficiary.SEATED_PERSON,
    "service_credits.post_service_credit": Beneficiary.SEATED_PERSON,
    "service_credits.credit_attended_seats": Beneficiary.SEATED_PERSON,
    "hearings.set_hearing_status": Beneficiary.SEATED_PERSON,
    "rewards.request_reward": Beneficiary.ACTOR,
    "rewards.decide_request": Beneficiary.REQUESTER,
    "rewards.withdraw_request": Beneficiary.NOBODY,
    "rewards.add_reward": Beneficiary.NOBODY,
}

#: The audit action of a step a coordinator took alone, with a written reason.
ACTED_ALONE = "duties.acted_alone"

#: The longest written reason for a step taken alone.
MAX_REASON = 500

Edge = tuple[int | None, int]  # (who had a hand, whose account)


def _reachable(start: int, edges: Iterable[Edge], *, down: bool) -> set[int]:
    step: dict[int, set[int]] = {}
    for by, person in edges:
        if by is None or by == person:
            continue
        source, target = (by, person) if down else (person, by)
        step.setdefault(source, set()).add(target)
    seen: set[int] = set()
    frontier = [start]
    while frontier:
        for nxt in step.get(frontier.pop(), ()):
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def had_a_hand_in(person: int, edges: Iterable[Edge]) -> set[int]:
    """Everyone whose account ``person`` had a hand in, directly or through those accounts."""
    return _reachable(person, edges, down=True)


def independent(second: int, first: int, edges: Iterable[Edge]) -> bool:
    """Whether ``second`` may stand as the second coordinator for a step of or for ``first``:
    another person, and neither had a hand in the other's account, however indirectly."""
    edges = list(edges)
    return second != first and second not in had_a_hand_in(first, edges) \
        and first not in had_a_hand_in(second, edges)


def senior(active_since: datetime | None, now: datetime, days: int) -> bool:
    """Whether a coordinator role active since ``active_since`` has been held ``days`` days."""
    return active_since is not None and now - active_since >= timedelta(days=days)


def second_problem(second: int, first: int, edges: Iterable[Edge], active_since: datetime | None,
                   now: datetime, days: int) -> str | None:
    """Why ``second`` can't be the second coordinator for ``first``'s step, or None: a message
    marked for translation, with ``{days}`` still to fill in."""
    if second == first:
        return N_("Another coordinator must do this: it is your own step or for your own benefit.")
    if not independent(second, first, edges):
        return N_("Another coordinator must do this: you and they had a hand in each other's accounts "
                  "(one created, invited, reset or made the other a coordinator).")
    if not senior(active_since, now, days):
        return N_("Only a coordinator who has held the role for {days} days can be the second coordinator.")
    return None


@dataclass(frozen=True)
class Standing:
    """Whether a coordinator may be the second for a step, and whether anyone else could."""

    #: Why they can't (a message marked for translation, ``{days}`` to fill in), None when they can.
    problem: str | None
    #: Another coordinator of the program could be the second.
    others: bool

    @property
    def may_act(self) -> bool:
        return self.problem is None

    @property
    def alone(self) -> bool:
        """No one qualifies: the coordinator may act alone, with a written reason."""
        return self.problem is not None and not self.others


def standing(actor: int, first: int, edges: Iterable[Edge], coordinators: dict[int, datetime | None],
             now: datetime, days: int) -> Standing:
    """``actor``'s standing as the second coordinator for ``first``'s step, among the program's
    active ``coordinators`` (person -> since when they hold the role)."""
    edges = list(edges)
    problem = second_problem(actor, first, edges, coordinators.get(actor), now, days)
    others = problem is not None and any(
        second_problem(other, first, edges, since, now, days) is None for other, since in coordinators.items())
    return Standing(problem, others)


def lone_reason(reason: str) -> str:
    """A step taken alone needs a written reason; the reason, tidied, or ValueError."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("empty")
    return reason[:MAX_REASON]
