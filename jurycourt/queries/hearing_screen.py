"""The hearing screen: what the courtroom's projector shows of a hearing, opened by its display link.

No names at all: not the jurors', not the respondent's, not the family's. Cases are numbered by their
place on the docket, and a question on screen is masked by the publication guard's one rule
(jurycourt.domain.redaction) against the hearing's people and everyone the guard protects. The
link works on the hearing's day only (in the program's time zone) until the coordinator stops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from jurycourt.auth.policy import NotFound
from jurycourt.auth.tokens import digest
from jurycourt.db import as_utc
from jurycourt.domain import redaction
from jurycourt.domain.hearings import SHEET_SEATS, HearingStatus
from jurycourt.domain.jury_room import Phase
from jurycourt.models import CaseGuardian, Deliberation, DocketEntry, Hearing, HearingDisplay, Person, Question, Seat
from jurycourt.queries.publication_guard import identifiers

#: What stands in for a name on the screen.
MASK = "…"


@dataclass(frozen=True)
class ScreenCase:
    """One case of the docket as the screen shows it: its place, its room's phase, since when."""

    number: int
    phase: Phase
    since: datetime | None
    asking: int | None = None  # the question's place in the shared list
    questions: int = 0
    question: str = ""  # its text, names masked


@dataclass(frozen=True)
class Screen:
    hearing: Hearing
    cases: list[ScreenCase]

    @property
    def current(self) -> ScreenCase | None:
        """The case the room is on now: the one whose phase moved last, of those not decided yet;
        else the last decided one."""
        active = [c for c in self.cases if c.phase != Phase.DECIDED and c.since is not None]
        if active:
            return max(active, key=lambda c: c.since)
        if (waiting := [c for c in self.cases if c.phase != Phase.DECIDED]):
            return waiting[0]
        return self.cases[-1] if self.cases else None

    def etag(self) -> str:
        parts = [f"{c.number}.{c.phase}.{c.since.timestamp() if c.since else 0}.{c.asking}" for c in self.cases]
        return '"screen-' + digest("|".join(parts))[:20] + '"'


async def _known(hearing: Hearing, case_ids: list[int]) -> redaction.Identifiers:
    """What the screen must not show, by the guard's rule: every identifier of the hearing's
    respondents, their guardians and the seated people (adult jurors included, whom publications may
    name but the projector may not)."""
    from jurycourt.models import Case

    people = set(await Seat.filter(hearing_id=hearing.id, status__in=list(SHEET_SEATS)).values_list(
        "person_id", flat=True))
    people |= set(await CaseGuardian.filter(case_id__in=case_ids).values_list("person_id", flat=True))
    people |= {p for p in await Case.filter(id__in=case_ids).values_list("respondent_id", flat=True) if p}
    return redaction.Identifiers.of(
        redaction.ProtectedPerson(p.given_name, p.family_name, p.preferred_name, p.address, p.phone, p.email,
                                  p.date_of_birth) for p in await Person.filter(id__in=list(people)))


def masked(text: str, hearing_people: redaction.Identifiers, protected: redaction.Identifiers) -> str:
    """``text`` as the screen may show it: masked by the publication guard's one rule against the
    hearing's people and against everyone the guard protects."""
    return redaction.masked(redaction.masked(text, hearing_people, MASK), protected, MASK)


async def screen_for(token: str, now: datetime) -> Screen:
    """The screen of the hearing whose display link ``token`` is, on its day; NotFound otherwise
    (unknown, stopped, another day, a cancelled hearing)."""
    display = await HearingDisplay.get_or_none(token_hash=digest(token), revoked_at=None)
    if display is None:
        raise NotFound()
    hearing = await Hearing.filter(id=display.hearing_id).select_related("program", "room").first()
    zone = ZoneInfo(hearing.program.time_zone)
    if as_utc(hearing.starts_at).astimezone(zone).date() != now.astimezone(zone).date() \
            or hearing.status == HearingStatus.CANCELLED:
        raise NotFound()
    entries = await DocketEntry.filter(hearing_id=hearing.id).order_by("position", "id")
    case_ids = [e.case_id for e in entries]
    rooms = {d.case_id: d for d in await Deliberation.filter(hearing_id=hearing.id, case_id__in=case_ids)}
    known: tuple[redaction.Identifiers, redaction.Identifiers] | None = None
    cases = []
    for number, entry in enumerate(entries, 1):
        d = rooms.get(entry.case_id)
        if d is None:
            cases.append(ScreenCase(number, Phase.PREPARING, None))
            continue
        since = as_utc(d.phase_at) if d.phase_at else None
        shared = list(await Question.filter(case_id=entry.case_id, shared=True).order_by("position", "id")
                      .values_list("id", "body"))
        asking, text = None, ""
        for place, (question_id, body) in enumerate(shared, 1):
            if question_id == d.asking_id:
                known = known or (await _known(hearing, case_ids), await identifiers())
                asking, text = place, masked(body, *known)
        cases.append(ScreenCase(number, Phase(d.phase), since, asking, len(shared), text))
    return Screen(hearing, cases)


async def active_display(hearing_id: int) -> HearingDisplay | None:
    return await HearingDisplay.get_or_none(hearing_id=hearing_id, revoked_at=None)
