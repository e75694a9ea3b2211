"""Who sits where: a session's seat plan and the fair, seeded, auditable seat proposal.

``propose(inputs, seed)`` is pure. ``SeatingInputs`` hold everything it reads, already resolved
from the program's rules, so a stored proposal replays to the same seats whatever the rules say
later. Callers summarise the database into ``Candidate`` rows (age on the session day, overlap
with other holding seats, jury duty owed, past service) before calling.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from itertools import islice
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _l, gettext

FORMAT_VERSION = 1


class SessionKind(StrEnum):
    JURY_HEARING = "jury_hearing"
    PANEL_SESSION = "panel_session"
    INQUIRY_HEARING = "inquiry_hearing"

    @property
    def label(self) -> str:
        """The kind as the page names it, e.g. "Jury hearing"."""
        return {"jury_hearing": gettext("Jury hearing"), "panel_session": gettext("Panel session"),
                "inquiry_hearing": gettext("Inquiry hearing")}[self.value]


class SeatRole(StrEnum):
    FOREPERSON = "foreperson"
    JUROR = "juror"
    BAILIFF = "bailiff"
    CLERK = "clerk"
    CHAIR = "chair"
    MEMBER = "member"
    GRAND_JUROR = "grand_juror"

    @property
    def label(self) -> str:
        """The role as the page names it, e.g. "Grand juror" ("Panel member" for member)."""
        return {"foreperson": gettext("Foreperson"), "juror": gettext("Juror"), "bailiff": gettext("Bailiff"),
                "clerk": gettext("Clerk"), "chair": gettext("Chair"), "member": gettext("Panel member"),
                "grand_juror": gettext("Grand juror")}[self.value]


class PartyRole(StrEnum):
    """How a person is party to a docket case (a panel's person responsible is its respondent)."""

    RESPONDENT = "respondent"
    GUARDIAN = "guardian"
    VICTIM = "victim"


class Reason(StrEnum):
    """Why a person cannot be seated: the page shows the message, the audit keeps the code."""

    INACTIVE = "inactive"
    UNTRAINED = "untrained"
    NO_PLEDGE = "no_pledge"
    AGE = "age"
    INEXPERIENCED = "inexperienced"
    UNAVAILABLE = "unavailable"
    BUSY = "busy"
    PARTY = "party"
    CONFLICT = "conflict"

    @property
    def label(self) -> str:
        """A short heading for the reason, for filters and counts on the proposal page."""
        return REASON_LABELS[self]


RELATION_WORDS = {
    "relative": "is a relative of",
    "knows": "knows",
    "household": "shares a household with",
    "school": "goes to the same school as",
}
REASON_LABELS = {
    Reason.INACTIVE: _l("Inactive"), Reason.UNTRAINED: _l("Not trained"), Reason.NO_PLEDGE: _l("No pledge"),
    Reason.AGE: _l("Age"), Reason.INEXPERIENCED: _l("No jury experience"), Reason.UNAVAILABLE: _l("Unavailable"),
    Reason.BUSY: _l("In an overlapping session"), Reason.PARTY: _l("Party on the docket"),
    Reason.CONFLICT: _l("Conflict with a party"),
}
PARTY_WORDS = {"respondent": "a respondent", "guardian": "a guardian",
               "victim": "the person harmed"}
GROUP_WORDS = {"household": _l("Same household as"), "school": _l("Same school as")}
SIZE_KEYS = {"jury_hearing": "jury_size", "panel_session": "panel_size",
             "inquiry_hearing": "grand_jury_size"}
AGE_PREFIX = {"jury_hearing": "", "panel_session": "panel_", "inquiry_hearing": "grand_jury_"}


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A member who might be seated, as the caller found them for this session.

    ``age``: age_on(date of birth, session day). ``busy``: holds a seat in an overlapping
    session. ``owes_duty``: jury sessions still owed. ``last_served``/``times_served``: past
    seats. ``experienced``: has served on a jury before. ``groups``: school/household keys
    (``group_key``). The eligibility flags have no defaults, so a caller cannot forget one.
    """

    person_id: int
    age: int | None
    active: bool
    trained: bool
    pledged: bool
    available: bool
    busy: bool
    owes_duty: int = 0
    last_served: date | None = None
    times_served: int = 0
    experienced: bool = False
    groups: frozenset[str] = frozenset()


CANDIDATE_FIELDS = tuple(f.name for f in fields(Candidate))


@dataclass(frozen=True)
class DocketParty:
    """A party to a case on the session's docket, with their school/household keys."""

    person_id: int
    role: PartyRole
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PairConflict:
    """A declared conflict between two people, in either order (relative, knows, ...)."""

    person_id: int
    other_id: int
    relation: str


@dataclass(frozen=True)
class Exclusion:
    """One reason a person is not eligible; ``party_id`` is the docket party concerned, if any."""

    code: Reason
    message: str
    party_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class SeatingInputs:
    """Everything a proposal depends on; ``to_dict``/``from_dict`` store and replay it as JSON."""

    kind: SessionKind
    plan: tuple[tuple[SeatRole, int], ...]
    min_age: int | None
    max_age: int | None
    needs_experience: bool
    candidates: tuple[Candidate, ...]
    parties: tuple[DocketParty, ...] = ()
    conflicts: tuple[PairConflict, ...] = ()

    def __post_init__(self) -> None:
        """Refuse a pool that lists a person twice (their seats would be ambiguous)."""
        if len({c.person_id for c in self.candidates}) != len(self.candidates):
            raise ValueError("Each person may appear only once among the candidates.")

    def to_dict(self) -> dict[str, Any]:
        """The inputs as JSON-ready values (dates as ISO strings, sets as sorted lists)."""
        return {
            "version": FORMAT_VERSION, "kind": str(self.kind), "min_age": self.min_age,
            "max_age": self.max_age, "needs_experience": self.needs_experience,
            "plan": [[str(role), count] for role, count in self.plan],
            "candidate_fields": list(CANDIDATE_FIELDS),
            "candidates": [_candidate_row(c) for c in self.candidates],
            "parties": [[p.person_id, str(p.role), sorted(p.groups)] for p in self.parties],
            "conflicts": [[c.person_id, c.other_id, c.relation] for c in self.conflicts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeatingInputs:
        """The inputs back from ``to_dict``'s output, also after a JSON round trip."""
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"Unknown seating inputs version {data.get('version')!r}.")
        return cls(
            kind=SessionKind(data["kind"]), min_age=data["min_age"], max_age=data["max_age"],
            needs_experience=data["needs_experience"],
            plan=tuple((SeatRole(role), count) for role, count in data["plan"]),
            candidates=tuple(_candidate_from(data["candidate_fields"], row)
                             for row in data["candidates"]),
            parties=tuple(DocketParty(p, PartyRole(r), frozenset(g))
                          for p, r, g in data["parties"]),
            conflicts=tuple(PairConflict(a, b, rel) for a, b, rel in data["conflicts"]),
        )


@dataclass(frozen=True)
class Proposal:
    """Seats in plan order; each excluded person's reasons; empty seats per role; the fairness
    order of every eligible person; and the coordinator's swaps since, as (out, in) pairs."""

    seed: int
    seats: tuple[tuple[SeatRole, int], ...]
    excluded: dict[int, tuple[Exclusion, ...]]
    missing: dict[SeatRole, int]
    order: tuple[int, ...]
    swaps: tuple[tuple[int, int], ...] = ()

    @property
    def total_missing(self) -> int:
        """How many seats could not be filled."""
        return sum(self.missing.values())

    def to_dict(self) -> dict[str, Any]:
        """The proposal as JSON-ready values (person ids are string keys in ``excluded``)."""
        return {
            "version": FORMAT_VERSION, "seed": self.seed,
            "seats": [[str(role), pid] for role, pid in self.seats],
            "excluded": {str(pid): [[str(e.code), e.message, e.party_id] for e in reasons]
                         for pid, reasons in self.excluded.items()},
            "missing": {str(role): n for role, n in self.missing.items()},
            "order": list(self.order), "swaps": [list(s) for s in self.swaps],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        """The proposal back from ``to_dict``'s output."""
        return cls(
            seed=data["seed"], seats=tuple((SeatRole(r), pid) for r, pid in data["seats"]),
            excluded={int(pid): tuple(Exclusion(Reason(c), m, p) for c, m, p in reasons)
                      for pid, reasons in data["excluded"].items()},
            missing={SeatRole(r): n for r, n in data["missing"].items()},
            order=tuple(data["order"]), swaps=tuple((a, b) for a, b in data["swaps"]),
        )


class SwapRefused(Refused):
    """A swap broke a seating rule; ``reasons`` are the incoming person's exclusions, if any."""

    def __init__(self, message: str, reasons: tuple[Exclusion, ...] = ()) -> None:
        super().__init__(message, "in_person")
        self.reasons = reasons


def group_key(kind: str, key: str) -> str:
    """The group key of an affiliation, e.g. ``group_key("school", "Eastern High")``."""
    return f"{kind}:{key}"


def new_seed() -> int:
    """A fresh random seed for a proposal (48 bits: exact in JSON and in a BigInt column)."""
    return secrets.randbits(48)


def seat_plan(kind: SessionKind, rules: dict[str, Any] | None) -> tuple[tuple[SeatRole, int], ...]:
    """The seats of a session kind from the program's rules, lead seat first, empty roles left out.

    Jury hearing: ``jury_size`` jurors, one of them foreperson, plus ``jury_bailiffs`` and
    ``jury_clerks``. Panel session: ``panel_size`` members, one of them chair. Inquiry hearing:
    ``grand_jury_size`` grand jurors, one of them foreperson.
    """
    r = rules_with_defaults(rules)
    size = int(r[SIZE_KEYS[kind]])
    if size < 1:
        raise ValueError(f"{SIZE_KEYS[kind]} must be at least 1.")
    plan = {
        SessionKind.JURY_HEARING: [(SeatRole.FOREPERSON, 1), (SeatRole.JUROR, size - 1),
                                   (SeatRole.BAILIFF, int(r["jury_bailiffs"])),
                                   (SeatRole.CLERK, int(r["jury_clerks"]))],
        SessionKind.PANEL_SESSION: [(SeatRole.CHAIR, 1), (SeatRole.MEMBER, size - 1)],
        SessionKind.INQUIRY_HEARING: [(SeatRole.FOREPERSON, 1), (SeatRole.GRAND_JUROR, size - 1)],
    }[kind]
    return tuple((role, n) for role, n in plan if n > 0)


def unfilled_declines(
    plan: Iterable[tuple[SeatRole, int]], holding: Iterable[SeatRole],
    declined: Iterable[tuple[int, SeatRole]],
) -> list[int]:
    """The declined seats (id, role) still waiting for someone: a role's declines count only
    while the seats held in that role (proposed, invited, accepted) are fewer than the plan's.

    The declined seat stays on record after it is offered to someone else, so this is how a
    decline is known to be dealt with (and never filled twice).
    """
    room = dict(plan)
    for role in holding:
        room[role] = room.get(role, 0) - 1
    waiting = []
    for seat_id, role in sorted(declined):
        if room.get(role, 0) > 0:
            waiting.append(seat_id)
            room[role] -= 1
    return waiting


def seating_inputs(
    kind: SessionKind, rules: dict[str, Any] | None, candidates: Iterable[Candidate],
    parties: Iterable[DocketParty] = (), conflicts: Iterable[PairConflict] = (),
) -> SeatingInputs:
    """Inputs for ``propose``, with the plan, age band and experience rule taken from the rules.

    Juries use ``min_age``-``max_age``, panels ``panel_min_age``-``panel_max_age``, inquiries
    ``grand_jury_min_age``-``grand_jury_max_age`` (None: no limit). Inquiries seat only people
    who have served on a jury before while ``grand_jury_needs_experience`` is true.
    """
    r = rules_with_defaults(rules)
    prefix = AGE_PREFIX[kind]
    return SeatingInputs(
        kind=kind, plan=seat_plan(kind, r), min_age=r[f"{prefix}min_age"],
        max_age=r[f"{prefix}max_age"],
        needs_experience=(kind == SessionKind.INQUIRY_HEARING and bool(r["grand_jury_needs_experience"])),
        candidates=tuple(candidates), parties=tuple(parties), conflicts=tuple(conflicts),
    )


def propose(inputs: SeatingInputs, seed: int) -> Proposal:
    """Exclude the ineligible, order the rest fairly, and seat the first ``sum(plan)`` of them.

    The lead seat (foreperson or chair) goes to the first experienced person among those seated
    (else the first); the other roles are filled in plan order, so when people run short the
    last roles of the plan (clerk, then bailiff, then jurors) are the ones left empty.
    """
    excluded = exclusions(inputs)
    eligible = [c for c in inputs.candidates if c.person_id not in excluded]
    order = fairness_order(inputs, eligible, seed)
    chosen = order[: sum(n for _, n in inputs.plan)]
    experienced = {c.person_id for c in eligible if c.experienced}
    lead = [pid for pid in chosen if pid in experienced][:1] or chosen[:1]  # none when none was chosen
    queue = iter(lead + [pid for pid in chosen if pid not in lead])
    seats: list[tuple[SeatRole, int]] = []
    missing: dict[SeatRole, int] = {}
    for role, count in inputs.plan:
        taken = list(islice(queue, count))
        seats.extend((role, pid) for pid in taken)
        missing[role] = count - len(taken)
    return Proposal(seed, tuple(seats), excluded, missing, tuple(order))


def fairness_order(inputs: SeatingInputs, eligible: Iterable[Candidate], seed: int) -> list[int]:
    """Eligible person ids, first served first: at jury hearings people owing jury duty lead;
    then never served, then least recently served, then least often; ties by a seeded draw.

    The draws come from ``random.Random(seed)`` in person-id order over *all* candidates, so
    neither the order of the inputs nor anyone else's eligibility changes a person's draw.
    """
    rng = random.Random(seed)
    draw = {pid: rng.random() for pid in sorted(c.person_id for c in inputs.candidates)}
    duty_counts = inputs.kind == SessionKind.JURY_HEARING

    def key(c: Candidate) -> tuple[Any, ...]:
        owes = 0 if duty_counts and c.owes_duty > 0 else 1
        served = (0, date.min) if c.last_served is None else (1, c.last_served)
        return (owes, served, c.times_served, draw[c.person_id], c.person_id)

    return [c.person_id for c in sorted(eligible, key=key)]


def exclusions(inputs: SeatingInputs) -> dict[int, tuple[Exclusion, ...]]:
    """Person id → every reason they cannot be seated, for each ineligible candidate."""
    index = _PartyIndex(inputs)
    found = ((c.person_id, candidate_exclusions(inputs, c, index)) for c in inputs.candidates)
    return {pid: reasons for pid, reasons in found if reasons}


def candidate_exclusions(
    inputs: SeatingInputs, c: Candidate, index: _PartyIndex | None = None
) -> tuple[Exclusion, ...]:
    """Every reason this candidate cannot take a seat in this session (empty when eligible)."""
    checks = (
        (c.active, Reason.INACTIVE, gettext("Membership is not active.")),
        (c.trained, Reason.UNTRAINED, gettext("Has not completed training.")),
        (c.pledged, Reason.NO_PLEDGE, gettext("Has not signed the confidentiality pledge.")),
        (c.experienced or not inputs.needs_experience, Reason.INEXPERIENCED,
         gettext("Has not served on a jury before; grand jurors must have.")),
        (c.available, Reason.UNAVAILABLE, gettext("Has not said they are available at this time.")),
        (not c.busy, Reason.BUSY, gettext("Already seated in an overlapping session.")),
    )
    out = [Exclusion(code, message) for ok, code, message in checks if not ok]
    age = _age_problem(c.age, inputs.min_age, inputs.max_age)
    if age:
        out.append(Exclusion(Reason.AGE, age))
    out.extend((index or _PartyIndex(inputs)).exclusions(c))
    return tuple(out)


def check_swap(inputs: SeatingInputs, proposal: Proposal, out_id: int, in_id: int) -> Proposal:
    """The proposal with ``in_id`` in ``out_id``'s seat; SwapRefused when a seating rule forbids.

    The incoming person must be a candidate in the same inputs, not already seated, and pass
    every rule ``propose`` applies. The swap is recorded so ``replay`` reproduces the result.
    """
    seated = {pid for _, pid in proposal.seats}
    if out_id not in seated:
        raise SwapRefused(gettext("That person does not hold a seat in this proposal."))
    if in_id in seated:
        raise SwapRefused(gettext("That person already holds a seat in this session."))
    incoming = next((c for c in inputs.candidates if c.person_id == in_id), None)
    if incoming is None:
        raise SwapRefused(gettext("That person was not in the pool for this session; propose again."))
    reasons = candidate_exclusions(inputs, incoming)
    if reasons:
        raise SwapRefused(gettext("Can't seat them: ") + " ".join(r.message for r in reasons), reasons)
    seats = tuple((role, in_id if pid == out_id else pid) for role, pid in proposal.seats)
    return replace(proposal, seats=seats, swaps=(*proposal.swaps, (out_id, in_id)))


def replay(inputs: SeatingInputs, seed: int, swaps: Iterable[tuple[int, int]] = ()) -> Proposal:
    """Reproduce a stored proposal: propose with the same seed, then apply the same swaps."""
    proposal = propose(inputs, seed)
    for out_id, in_id in swaps:
        proposal = check_swap(inputs, proposal, out_id, in_id)
    return proposal


class _PartyIndex:
    """The docket parties, their pair conflicts and school/household keys, indexed once per
    proposal so each candidate is checked with set and dict look-ups."""

    def __init__(self, inputs: SeatingInputs) -> None:
        """Index pair conflicts by the non-party side and groups by their lowest-id party."""
        self.parties = {p.person_id: p for p in inputs.parties}
        self.pairs: dict[int, dict[int, str]] = {}
        for conflict in inputs.conflicts:
            a, b = conflict.person_id, conflict.other_id
            for person, other in ((a, b), (b, a)):
                if other in self.parties and person != other:
                    self.pairs.setdefault(person, {}).setdefault(other, conflict.relation)
        self.groups: dict[str, int] = {}
        for party in sorted(inputs.parties, key=lambda p: p.person_id):
            for group in party.groups:
                self.groups.setdefault(group, party.person_id)

    def exclusions(self, c: Candidate) -> list[Exclusion]:
        """Being a docket party, or in a conflict (pair or school/household) with one."""
        out = []
        if c.person_id in self.parties:
            words = PARTY_WORDS[self.parties[c.person_id].role]
            out.append(Exclusion(Reason.PARTY, gettext("Is %(words)s in a case on this docket.") % {"words": words},
                                 c.person_id))
        for party_id, relation in sorted(self.pairs.get(c.person_id, {}).items()):
            words = RELATION_WORDS.get(relation, f"has a declared conflict ({relation}) with")
            message = gettext("Declared conflict: %(words)s a party on the docket.") % {"words": words}
            out.append(Exclusion(Reason.CONFLICT, message, party_id))
        for group in sorted(c.groups):
            group_party = self.groups.get(group)
            if group_party is not None and group_party != c.person_id:
                words = GROUP_WORDS.get(group.partition(":")[0], gettext("Shares an affiliation with"))
                out.append(Exclusion(Reason.CONFLICT, (gettext("%(words)s a party on the docket.")
                                                       % {"words": words}), group_party))
        return out


def _age_problem(age: int | None, low: int | None, high: int | None) -> str | None:
    """Why an age falls outside the band [low, high]; None when it fits or there is no band."""
    if low is None and high is None:
        return None
    if high is None:
        band = f"{low} or over"
    else:
        band = f"up to {high}" if low is None else f"{low}–{high}"
    if age is None:
        return gettext("Age unknown (no date of birth); this session needs ages %(band)s.") % {"band": band}
    if (low is not None and age < low) or (high is not None and age > high):
        return gettext("Age %(age)s is outside the allowed ages %(band)s.") % {"age": age, "band": band}
    return None


def _candidate_row(c: Candidate) -> list[Any]:
    """A candidate as a JSON-ready row in ``CANDIDATE_FIELDS`` order (rows keep 10,000 small)."""
    values = (getattr(c, name) for name in CANDIDATE_FIELDS)
    return [v.isoformat() if isinstance(v, date) else sorted(v) if isinstance(v, frozenset) else v
            for v in values]


def _candidate_from(names: list[str], row: list[Any]) -> Candidate:
    """A candidate back from a stored row and the field names stored with it."""
    values = dict(zip(names, row, strict=True))
    last = values.get("last_served")
    return Candidate(**{**values, "last_served": date.fromisoformat(last) if last else None,
                        "groups": frozenset(values.get("groups", ()))})
