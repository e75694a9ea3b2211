"""Reading inquiries: only their members and the program's coordinators know an inquiry exists
before publication (everyone else gets 404); the public reads the published report only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from tortoise.expressions import Q

from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import inquiries as rules
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.people import age_on
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import SessionKind
from jurycourt.models import (
    EvidenceItem,
    Finding,
    FindingVote,
    Hearing,
    Inquiry,
    InquiryMember,
    Membership,
    Person,
    Program,
    Publication,
    Seat,
    Witness,
)
from jurycourt.queries.documents import document_infos

EVIDENCE_PAGE = 100


@dataclass(frozen=True)
class InquiryAccess:
    """An inquiry as one viewer may use it: are they its coordinator, a member in office, its foreperson?"""

    inquiry: Inquiry
    coordinator: bool
    member: InquiryMember | None

    @property
    def is_member(self) -> bool:
        return self.member is not None and self.member.left_at is None

    @property
    def leads(self) -> bool:
        """Coordinators and the foreperson run votes and the inquiry's steps."""
        return self.coordinator or (self.is_member and self.member.role == rules.MemberRole.FOREPERSON)

    @property
    def threshold(self) -> Fraction:
        return threshold_of(self.inquiry)


def threshold_of(inquiry: Inquiry) -> Fraction:
    return Fraction(inquiry.threshold_numerator, inquiry.threshold_denominator)


async def inquiry_access(viewer: Viewer, inquiry_id: int) -> InquiryAccess:
    """The inquiry for a coordinator of its program or one of its members (past members too, read
    only); NotFound for everyone else, whatever the inquiry's state."""
    inquiry = await Inquiry.get_or_none(id=inquiry_id)
    if inquiry is None or viewer.person_id is None:
        raise NotFound()
    coordinator = coordinates(viewer, inquiry.program_id)
    member = await InquiryMember.get_or_none(inquiry_id=inquiry.id, person_id=viewer.person_id)
    require(coordinator or member is not None)
    return InquiryAccess(inquiry, coordinator, member)


async def visible_inquiries(viewer: Viewer) -> list[Inquiry]:
    """The inquiries of the viewer's programs (coordinators) and those they sit on, newest first."""
    if viewer.person_id is None:
        raise NotFound()
    mine = InquiryMember.filter(person_id=viewer.person_id).values_list("inquiry_id", flat=True)
    return list(await Inquiry.filter(Q(program_id__in=viewer.coordinated_programs) | Q(id__in=await mine))
                .order_by("-starts_on", "-id").limit(100))


async def members(inquiry_id: int) -> list[InquiryMember]:
    """Members, foreperson first, those in office before those who left."""
    rows = await InquiryMember.filter(inquiry_id=inquiry_id).select_related("person")
    return sorted(rows, key=lambda m: (m.left_at is not None, m.role != rules.MemberRole.FOREPERSON,
                                       m.person.family_name, m.person.given_name))


async def members_in_office(inquiry_id: int) -> int:
    return await InquiryMember.filter(inquiry_id=inquiry_id, left_at__isnull=True).count()


@dataclass(frozen=True)
class Candidate:
    person: Person
    sessions: int
    eligibility: rules.Eligibility


async def jury_sessions_served(program_id: int, person_ids: list[int]) -> Counter[int]:
    """Jury sessions each person attended (checked in, at hearings marked held)."""
    rows = await Seat.filter(person_id__in=person_ids, hearing__program_id=program_id,
                             hearing__kind=SessionKind.JURY_HEARING, hearing__status=HearingStatus.HELD,
                             checked_in_at__not_isnull=True, no_show=False).values_list("person_id", flat=True)
    return Counter(rows)


async def candidates(access: InquiryAccess, today: date) -> list[Candidate]:
    """Active grand jurors of the program not yet members, each with their eligibility and why
    (coordinators only: it reads people's service records)."""
    require(access.coordinator)
    inquiry = access.inquiry
    program = await Program.get(id=inquiry.program_id)
    program_rules = rules_with_defaults(program.rules)
    seated = await InquiryMember.filter(inquiry_id=inquiry.id).values_list("person_id", flat=True)
    person_ids = await Membership.filter(program_id=program.id, role=Role.GRAND_JUROR,
                                         status=MembershipStatus.ACTIVE).exclude(
        person_id__in=list(seated)).values_list("person_id", flat=True)
    people = await Person.filter(id__in=list(person_ids)).order_by("family_name", "given_name")
    served = await jury_sessions_served(program.id, [p.id for p in people])
    return [Candidate(p, served[p.id], rules.eligibility(served[p.id], age_on(p.date_of_birth, today),
                                                         program_rules)) for p in people]


def tag_list(raw: str) -> list[str]:
    return [t for t in raw.strip(",").split(",") if t]


async def evidence(access: InquiryAccess, q: str = "", tag: str = "") -> list[EvidenceItem]:
    """The inquiry's evidence log, newest first, filtered by words (title, text, source) and a tag."""
    query = EvidenceItem.filter(inquiry_id=access.inquiry.id)
    for word in q.split()[:8]:
        query = query.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(source_url__icontains=word)
                             | Q(tags__icontains=word))
    if tag:
        query = query.filter(tags__contains=f",{tag},")
    items = list(await query.select_related("added_by").order_by("-added_at", "-id").limit(EVIDENCE_PAGE))
    # What the list shows of each attached file, without reading the files themselves.
    files = await document_infos([i.document_id for i in items if i.document_id])
    for item in items:
        item.file = files.get(item.document_id)
    return items


async def evidence_titles(inquiry_id: int) -> dict[int, str]:
    return dict(await EvidenceItem.filter(inquiry_id=inquiry_id).values_list("id", "title"))


async def witnesses(access: InquiryAccess) -> list[Witness]:
    return list(await Witness.filter(inquiry_id=access.inquiry.id).select_related("hearing")
                .prefetch_related("questions", "questions__asked_by").order_by("invited_at", "id"))


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    votes: dict[str, int]
    my_vote: str | None

    @property
    def cast(self) -> int:
        return sum(self.votes.values())


async def findings(access: InquiryAccess) -> list[FindingView]:
    """Findings in report order with the running vote count and the viewer's own vote."""
    rows = list(await Finding.filter(inquiry_id=access.inquiry.id).order_by("position", "id"))
    votes = await FindingVote.filter(finding_id__in=[f.id for f in rows]).values_list(
        "finding_id", "person_id", "choice")
    me = access.member.person_id if access.member else None
    counts: dict[int, Counter[str]] = {f.id: Counter() for f in rows}
    mine: dict[int, str] = {}
    for finding_id, person_id, choice in votes:
        counts[finding_id][str(choice)] += 1
        if person_id == me:
            mine[finding_id] = str(choice)
    return [FindingView(f, dict(counts[f.id]), mine.get(f.id)) for f in rows]


async def inquiry_hearings(access: InquiryAccess, limit: int = 50) -> list[Hearing]:
    """The program's inquiry hearings, soonest first: where a witness may be heard."""
    return await Hearing.filter(program_id=access.inquiry.program_id, kind=SessionKind.INQUIRY_HEARING
                                ).order_by("starts_at").limit(limit)


async def finding_of(access: InquiryAccess, finding_id: int) -> Finding:
    """One of the inquiry's findings; NotFound otherwise."""
    found = await Finding.get_or_none(id=finding_id, inquiry_id=access.inquiry.id)
    if found is None:
        raise NotFound()
    return found


async def report_of(access: InquiryAccess, *, published_only: bool = False) -> Publication | None:
    """The inquiry's report (its publication), if it has one (only once published, if asked)."""
    if not access.inquiry.publication_id:
        return None
    found = Publication.filter(id=access.inquiry.publication_id)
    if published_only:
        found = found.filter(state=PublicationState.PUBLISHED)
    return await found.first()
