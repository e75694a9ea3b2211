"""The canary runner of a Youth Grand Jury inquiry, from its charter to its closing.

Three grand jurors with canary names (teenagers, so the redaction guard protects them) serve on
it: they log evidence and a document naming one of them, prepare questions for a witness whose
testimony summary names one, discuss a finding in its thread naming one, vote, and the report
is assembled and published by two coordinators. After publication the named bodies' responses
and the recommendations' statuses are public text: one naming a canary is refused.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from jurycourt import clock
from jurycourt.actions import inquiries, inquiry_findings, publications
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.inquiries import InquiryState, RecommendationStatus
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Hearing, Inquiry, Person, Program, Seat, StatusChange
from jurycourt.queries.inquiries import InquiryAccess, inquiry_access
from tests.web.helpers import post_form, sign_in

if TYPE_CHECKING:
    from tests.canary.proceedings import CanaryContext

#: (given, family, born, phone, email, login) of the grand jurors; the first is the foreperson.
GRAND_JURORS = [
    ("Evangelina", "Throckmorton-Mbeki", date(2009, 4, 11), "202-555-7361", "evangelina.tm@canary.example",
     "canarygj1"),
    ("Bartholomew", "Quarrington-Osei", date(2010, 1, 27), "202-555-7362", "bartholomew.qo@canary.example",
     "canarygj2"),
    ("Araminta", "Featherby-Nakamura", date(2010, 9, 5), "202-555-7363", "araminta.fn@canary.example",
     "canarygj3"),
]
WITNESS = ("Ambrose Pettigrew-Vasquez", "The parks department")


async def _served_three_jury_sessions(program: Program, people: list[Person]) -> None:
    """The grand jury rule: three held jury hearings each of them attended (rows as seating leaves them)."""
    for weeks in (10, 9, 8):
        starts = datetime.now(UTC).replace(microsecond=0) - timedelta(weeks=weeks)
        hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title="Jury hearing",
                                       starts_at=starts, ends_at=starts + timedelta(hours=2),
                                       status=HearingStatus.HELD)
        for person in people:
            await Seat.create(hearing=hearing, person=person, role=SeatRole.JUROR, status=SeatStatus.ACCEPTED,
                              checked_in_at=starts, checked_out_at=starts + timedelta(hours=2))


async def youth_grand_jury_inquiry(ctx: CanaryContext) -> None:
    """Charter → members → evidence, witness, questions, testimony → findings discussed and voted
    → report assembled and published → responses and statuses (one naming a canary refused) →
    follow-up → closed."""
    one, two = ctx.coordinator, ctx.coordinator2
    people = [await ctx.person(g, f, born=b, phone=p, email=e, role=Role.GRAND_JUROR, login=login)
              for g, f, b, p, e, login in GRAND_JURORS]
    ctx.canaries += [WITNESS[0], *WITNESS[0].split()]
    await _served_three_jury_sessions(ctx.program, people)
    jurors = [ctx.viewer(p, Role.GRAND_JUROR) for p in people]
    today = clock.today()
    inquiry = await inquiries.charter(
        one, ctx.program.id, title="Safe parks after dark", question="Are the parks safe for teenagers after dark?",
        scope="Lighting, patrols and what young people say.", starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150), threshold="2/3")

    async def access(viewer: Viewer) -> InquiryAccess:
        return await inquiry_access(viewer, inquiry.id)

    for n, person in enumerate(people):
        await inquiries.add_member(one, await access(one), person.id, "foreperson" if n == 0 else "member")
    await inquiries.move(jurors[0], await access(jurors[0]), "investigate")
    note = await inquiries.add_evidence(
        jurors[1], await access(jurors[1]), kind="note", title="Walk through the east park",
        body="Bartholomew Quarrington-Osei and Araminta walked it at 9 pm: four lamps out. Call 202-555-7362.",
        source_url="", tags="lighting, east park")
    document = await inquiries.add_evidence(
        jurors[2], await access(jurors[2]), kind="document", title="Lamp survey", body="", source_url="",
        tags="lighting", filename="lamps.csv",
        data=b"lamp,working,checked by\n1,no,Araminta Featherby-Nakamura\n2,yes,Evangelina Throckmorton-Mbeki\n")
    witness = await inquiries.invite_witness(jurors[0], await access(jurors[0]), name=WITNESS[0], body=WITNESS[1],
                                             hearing_id=None)
    await inquiries.prepare_question(jurors[2], await access(jurors[2]), witness.id,
                                     "Araminta asks: why were the lamps on Throckmorton path never fixed?")
    await inquiries.record_testimony(
        one, await access(one), witness.id,
        "Mr Pettigrew-Vasquez told Evangelina Throckmorton-Mbeki the repairs are booked for spring.",
        [note.id, document.id])
    await inquiries.move(jurors[0], await access(jurors[0]), "draft")
    lamps = await inquiry_findings.draft_finding(
        jurors[0], await access(jurors[0]), kind="recommendation", title="Light the paths",
        body_named=WITNESS[1], text="Repair every lamp on the park paths and check them monthly.",
        due_on=today + timedelta(days=200), youth_role="Teenagers walk the paths with the inspectors.")
    patrols = await inquiry_findings.draft_finding(
        jurors[1], await access(jurors[1]), kind="indictment", title="Lamps left broken",
        body_named=WITNESS[1], text="Left half the lamps of the east park broken for a year.",
        evidence_ids=[note.id, document.id])
    await _discuss(ctx, inquiry.id, lamps.id)
    for finding in (lamps, patrols):
        for juror in jurors:
            await inquiry_findings.vote(juror, await access(juror), finding.id, "for")
        assert (await inquiry_findings.close_vote(jurors[0], await access(jurors[0]), finding.id)).adopted
    report = await inquiry_findings.assemble_report(
        one, await access(one), "Three of us who served as peer jurors walked the parks after dark for a month.")
    await publications.submit(one, report)
    await publications.publish(two, report)
    await inquiries.move(one, await access(one), "publish")
    with pytest.raises(Refused):  # the response is public: it may not name a grand juror
        await inquiry_findings.record_response(
            one, await access(one), lamps.id, stance="agrees", responded_on=today,
            text="We thank Evangelina Throckmorton-Mbeki and will fix the lamps.")
    with pytest.raises(Refused):
        await inquiry_findings.change_status(one, await access(one), lamps.id, status="accepted",
                                             reason="Bartholomew Quarrington-Osei asked for it.", changed_on=today)
    await inquiry_findings.record_response(one, await access(one), lamps.id, stance="agrees", responded_on=today,
                                           text="The department will repair every lamp before spring.")
    await inquiry_findings.record_response(one, await access(one), patrols.id, stance="partly", responded_on=today,
                                           text="Repairs were delayed by the budget, not neglect.")
    await inquiry_findings.change_status(one, await access(one), lamps.id, status="accepted", reason="",
                                         changed_on=today)
    await inquiry_findings.change_status(one, await access(one), lamps.id, status="in_progress",
                                         reason="Twelve lamps repaired so far.", changed_on=today)
    await inquiries.move(one, await access(one), "follow_up")
    await inquiries.move(one, await access(one), "close")
    assert (await Inquiry.get(id=inquiry.id)).state == InquiryState.CLOSED
    assert (await StatusChange.filter(finding_id=lamps.id).order_by("-id").first()).status == \
        RecommendationStatus.IN_PROGRESS


async def _discuss(ctx: CanaryContext, inquiry_id: int, finding_id: int) -> None:
    """The members discuss the finding in its shared thread, over HTTP, as they would."""
    url = f"/inquiries/{inquiry_id}/findings/{finding_id}/discussion/statements"
    for login, body in (("canarygj2", "Evangelina saw the dark path herself: 202-555-7361."),
                        ("canarygj3", "Bartholomew Quarrington-Osei counted four lamps out.")):
        ctx.client.cookies.clear()
        await sign_in(ctx.client, login)
        response = await post_form(ctx.client, url, {"body": body})
        assert response.status_code == 303, (url, response.status_code, response.text[:2000])
    ctx.client.cookies.clear()
