"""Demo inquiries for `jurycourt seed-demo`: the Youth Grand Jury's published substance-abuse
inquiry (13 members, six months, its report already among the demo publications) in follow-up,
with the named bodies' responses and statuses, and a second inquiry still investigating whether
the promises were kept, with the demo `foreperson` and `grandjuror` as members.

Past members are stored as they were seated then; the eligibility rule applies to new seats.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions import documents
from jurycourt.domain.inquiries import (
    FindingKind,
    FindingState,
    InquiryState,
    MemberRole,
    RecommendationStatus,
    Stance,
    VoteChoice,
)
from jurycourt.domain.seating import SessionKind
from jurycourt.models import (
    Account,
    EvidenceItem,
    Finding,
    FindingResponse,
    FindingVote,
    Hearing,
    Inquiry,
    InquiryMember,
    Person,
    Program,
    Publication,
    StatusChange,
    Witness,
    WitnessQuestion,
)

MAYOR, AGENCY, CITY, PARKS = ("The office of the mayor", "The drug agency", "The city government",
                              "The department of parks and recreation")

#: (kind, title, body named, text, youth role, votes for of 13)
PUBLISHED_FINDINGS = [
    (FindingKind.INDICTMENT, "No plan for prevention", MAYOR,
     "Has no plan for prevention among teenagers, and no one in the office could say who is responsible for it.",
     "", 12),
    (FindingKind.INDICTMENT, "Treatment for adults only", AGENCY,
     "Funds treatment for adults only: a teenager who asks for help is put on an adult waiting list or sent away.",
     "", 13),
    (FindingKind.INDICTMENT, "Nothing spent on prevention or treatment for youth", CITY,
     "Spends nothing on prevention or treatment for youth.", "", 11),
    (FindingKind.RECOMMENDATION, "Certified teen peer counsellors", AGENCY,
     "Train and certify teenagers as peer drug counsellors, working alongside adult counsellors in schools and "
     "recreation centres.", "Teenagers are trained, certified and paid in time credits as peer counsellors.", 12),
    (FindingKind.RECOMMENDATION, "A drug-free club", PARKS,
     "Open a drug-free club run by its members, with rewards for membership.",
     "Members run the club and pay its dues in time credits earned by service.", 10),
    (FindingKind.RECOMMENDATION, "Ask us", CITY,
     "Put teenagers on the panel that chooses every youth program the city funds.",
     "Teenagers sit on every panel that chooses youth programs.", 9),
]


def _at(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


async def seed_inquiries(program: Program, accounts: dict[str, Account], others: list[Person], today: date) -> None:
    """The published inquiry in follow-up and the one still investigating."""
    coordinator = accounts["coordinator"].person_id
    report = await Publication.get(slug="speaking-truth-to-power")
    jurors = [p.id for n, p in enumerate(others) if n % 5]  # the others who are jurors, not respondents
    await _published(program, report, jurors[:13], coordinator, today)
    await _investigating(program, accounts, jurors[13:18], coordinator, today)


async def _published(program: Program, report: Publication, member_ids: list[int], coordinator: int,
                     today: date) -> None:
    published_on = report.published_at.date()
    inquiry = await Inquiry.create(
        program=program, title="Speaking truth to power",
        question="What does the city do for teenagers who use drugs or alcohol, and for those at risk of starting?",
        scope="Prevention and treatment for people aged 12 to 19: budgets, programs and who is responsible.",
        starts_on=published_on - timedelta(days=210), ends_on=published_on - timedelta(days=27),
        state=InquiryState.FOLLOW_UP, introduction="Thirteen of us who had served as peer jurors spent six months "
        "asking one question.", publication=report, created_by_id=coordinator)
    for n, person_id in enumerate(member_ids):
        await InquiryMember.create(inquiry=inquiry, person_id=person_id,
                                   role=MemberRole.FOREPERSON if n == 0 else MemberRole.MEMBER)
    decided = _at(published_on - timedelta(days=35))
    findings = []
    for position, (kind, title, body, text, youth_role, votes_for) in enumerate(PUBLISHED_FINDINGS, start=1):
        finding = await Finding.create(
            inquiry=inquiry, kind=kind, position=position, title=title, body_named=body, text=text,
            youth_role=youth_role, state=FindingState.ADOPTED, votes_for=votes_for, votes_against=13 - votes_for - 1
            if votes_for < 13 else 0, votes_abstain=1 if votes_for < 13 else 0, members_in_office=13, votes_needed=9,
            decided_at=decided, created_by_id=member_ids[0],
            due_on=published_on + timedelta(days=365) if kind == FindingKind.RECOMMENDATION else None)
        findings.append(finding)
    mayor, agency, _city, counsellors, club, ask_us = findings
    responses = [
        (mayor, Stance.PARTLY, "The office agrees it needs a named lead for prevention and will appoint one. "
         "It does not agree that no planning takes place.", 80),
        (agency, Stance.DISAGREES, "The agency's adult programs accept referrals of people aged 18 and over "
         "by law. Teenagers are referred to partners.", 85),
        (counsellors, Stance.AGREES, "The agency will fund a pilot training and certification course for "
         "twenty teenage peer counsellors.", 60),
        (ask_us, Stance.DISAGREES, "Youth program panels already include community members.", 88),
    ]
    for finding, stance, words, days in responses:
        await FindingResponse.create(finding=finding, stance=stance, text=words,
                                     responded_on=published_on + timedelta(days=days), recorded_by_id=coordinator)
    statuses = [
        (counsellors, RecommendationStatus.ACCEPTED, "", 60),
        (counsellors, RecommendationStatus.IN_PROGRESS, "The first twelve counsellors started training.", 100),
        (ask_us, RecommendationStatus.REJECTED, "The city says its panels already include community members.", 88),
    ]
    for finding, status, reason, days in statuses:
        if published_on + timedelta(days=days) <= today:
            await StatusChange.create(finding=finding, status=status, reason=reason,
                                      changed_on=published_on + timedelta(days=days), recorded_by_id=coordinator)
    del club  # no response from the department: overdue on the public page and the coordinator's to-do


async def _investigating(program: Program, accounts: dict[str, Account], juror_ids: list[int], coordinator: int,
                         today: date) -> None:
    foreperson, grandjuror = accounts["foreperson"].person_id, accounts["grandjuror"].person_id
    inquiry = await Inquiry.create(
        program=program, title="Were the promises kept?",
        question="Since Speaking truth to power, what has the city done about substance abuse among teenagers?",
        scope="The responses to the first report, the peer counsellor pilot and this year's budgets.",
        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=40) + timedelta(days=182),
        state=InquiryState.INVESTIGATING, created_by_id=coordinator)
    await InquiryMember.create(inquiry=inquiry, person_id=foreperson, role=MemberRole.FOREPERSON)
    await InquiryMember.create(inquiry=inquiry, person_id=grandjuror, role=MemberRole.MEMBER)
    for person_id in juror_ids:
        await InquiryMember.create(inquiry=inquiry, person_id=person_id, role=MemberRole.MEMBER)
    budget = await EvidenceItem.create(
        inquiry=inquiry, kind="data", title="Youth prevention budget lines, last three years",
        body="Prevention for youth: 0, 0 and 120,000 dollars. Treatment for youth: 0 in each year.",
        tags=",budget,prevention,", added_by_id=grandjuror, added_at=_at(today - timedelta(days=30)))
    await EvidenceItem.create(
        inquiry=inquiry, kind="note", title="Visit to the peer counsellor pilot",
        body="Twelve counsellors trained, none certified yet: the certification exam has not been scheduled.",
        tags=",treatment,peer-counsellors,", added_by_id=foreperson, added_at=_at(today - timedelta(days=20)))
    await EvidenceItem.create(
        inquiry=inquiry, kind="source", title="Speaking truth to power (the first report)",
        source_url="https://example.org/findings/speaking-truth-to-power", tags=",first-report,",
        added_by_id=foreperson, added_at=_at(today - timedelta(days=38)))
    table = await EvidenceItem.create(inquiry=inquiry, kind="document", title="Waiting list counts by age",
                                      tags=",treatment,", added_by_id=grandjuror)
    document = await documents.store(grandjuror, program.id, "inquiry", inquiry.id, "waiting-list.csv",
                                     b"age band,waiting\n12-14,31\n15-17,58\n18-19,44\n")
    await EvidenceItem.filter(id=table.id).update(document_id=document.id)
    hearing = await Hearing.filter(program=program, kind=SessionKind.INQUIRY_HEARING).order_by("starts_at").first()
    witness = await Witness.create(inquiry=inquiry, hearing=hearing, name="The deputy director",
                                   body=AGENCY, invited_by_id=coordinator)
    for person_id, text in ((foreperson, "Why has the certification exam not been scheduled?"),
                            (grandjuror, "How many teenagers asked for treatment last year?")):
        await WitnessQuestion.create(witness=witness, text=text, asked_by_id=person_id)
    finding = await Finding.create(
        inquiry=inquiry, kind=FindingKind.INDICTMENT, position=1, title="Still nothing for treatment",
        body_named=CITY, text="Has still funded no treatment for youth since the first report asked it to.",
        evidence_ids=[budget.id], created_by_id=grandjuror)
    await FindingVote.create(finding=finding, person_id=juror_ids[0], choice=VoteChoice.FOR)
