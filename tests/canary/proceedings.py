"""Proceeding runners for the canary test: every proceeding the program has, run to its end.

A runner is an ``async def runner(ctx: CanaryContext) -> None`` that takes one proceeding from
its start to its end through the real actions (or over HTTP, as its people would), typing the
canaries into every free-text field a person would (summaries, statements, questions, reasons).
It may register more canaries with ``ctx.person(...)`` or ``ctx.canaries.append(...)``, and
addresses the crawl must start from (pages nothing public links to, and private pages an anonymous
visitor must be turned away from) with ``ctx.public_urls.append(...)``.

To add a proceeding: write its runner (here, or in its own module beside this one, as the
inquiry, community justice and citizens' panel runners are), append it to ``RUNNERS``; the
canary test then runs it and crawls the public site after it.
Publishing anything the proceeding produces goes through ``actions.publications`` in the
runner, so that what reaches the public site is what a coordinator would publish.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from jurycourt import clock
from jurycourt.actions import publications
from jurycourt.actions.attendance import check_in, check_out
from jurycourt.actions.cases import move_case
from jurycourt.actions.docket import put_on_docket
from jurycourt.actions.hearings import set_hearing_status
from jurycourt.actions.intake import record_intake
from jurycourt.actions.referrals import Referral, add_guardian, refer_case
from jurycourt.actions.rewards import add_reward, decide_request, request_reward
from jurycourt.actions.sanctions import set_sanction_status
from jurycourt.actions.sealing import seal_due_cases
from jurycourt.auth.passwords import make_hasher
from jurycourt.auth.viewer import Viewer
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.domain.seating import SeatRole
from jurycourt.models import (
    Account,
    Case,
    CaseGuardian,
    Deliberation,
    DocketEntry,
    Hearing,
    Membership,
    Person,
    Posting,
    Program,
    Publication,
    Sanction,
    Seat,
)
from tests.canary.citizens_runner import citizens_panel
from tests.canary.inquiry_runner import youth_grand_jury_inquiry
from tests.canary.justice_runner import community_justice_panels
from tests.web.cases_helpers import next_jury_hearing, open_hearing_window
from tests.web.helpers import post_form, sign_in
from tests.web.members import person_id


@dataclass
class CanaryContext:
    """What runners share: the program, two coordinators, an HTTP client, and the canaries."""

    program: Program
    client: httpx.AsyncClient
    coordinator: Viewer | None = None
    coordinator2: Viewer | None = None
    canaries: list[str] = field(default_factory=list)
    public_urls: list[str] = field(default_factory=list)  # where the crawl starts, besides crawler.START

    async def person(self, given: str, family: str, *, born: date | None = None, phone: str = "",
                     email: str = "", address: str = "", role: Role | None = None,
                     login: str = "") -> Person:
        """A person with made-up details, each registered as a canary (with its usual spellings)."""
        person = await Person.create(given_name=given, family_name=family, date_of_birth=born, phone=phone,
                                     email=email, address=address)
        self.canaries += [given, family, f"{given} {family}", *(v for v in (phone, email, address) if v)]
        if phone:
            self.canaries.append("".join(ch for ch in phone if ch.isdigit()))
        if born:
            self.canaries += [born.isoformat(), born.strftime("%m/%d/%Y"), born.strftime("%d %b %Y"),
                              born.strftime("%B %d, %Y").replace(" 0", " ")]
        if role is not None:
            today = clock.today()
            await Membership.create(person=person, program=self.program, role=role,
                                    training_date=today - timedelta(days=60), pledge_date=today - timedelta(days=60),
                                    active_since=datetime.now(UTC) - timedelta(days=60))
        if login:
            await Account.create(person=person, login=login,
                                 password_hash=make_hasher("cheapest").hash(DEMO_PASSWORD))
        return person

    def viewer(self, person: Person, *roles: Role) -> Viewer:
        return Viewer(person_id=person.id, account_id=None, roles={self.program.id: frozenset(roles)})


Runner = Callable[[CanaryContext], Awaitable[None]]


async def coordinators(ctx: CanaryContext) -> None:
    """Two coordinators with canary names: they run everything below and approve publishing."""
    one = await ctx.person("Ignatius", "Wrenfield-Adebayo", phone="202-555-7311",
                           email="ignatius.wa@canary.example", role=Role.COORDINATOR)
    two = await ctx.person("Perpetua", "Ostrowska-Lindqvist", phone="202-555-7312",
                           email="perpetua.ol@canary.example", role=Role.COORDINATOR)
    ctx.coordinator = ctx.viewer(one, Role.COORDINATOR)
    ctx.coordinator2 = ctx.viewer(two, Role.COORDINATOR)


async def peer_jury_case(ctx: CanaryContext) -> None:
    """Referral → intake (consent) → docket → jury room (questions, statements naming the
    respondent, a proposal, votes, the decision) → sanctions done → completed → attendance
    credited when the hearing is held → a reward bought with the credit."""
    young = await ctx.person("Zephyrine", "Quillfeather-Oduya", born=date(2011, 7, 19), phone="202-555-7341",
                             email="zephyrine.qo@canary.example", address="42 Marrowbone Lane")
    parent = await ctx.person("Ottoline", "Quillfeather-Oduya", phone="202-555-7342",
                              email="ottoline.qo@canary.example", address="42 Marrowbone Lane")
    second = await ctx.person("Barnaby", "Kesteven-Achebe", phone="202-555-7343", email="barnaby.ka@canary.example")
    juror = await ctx.person("Leopoldine", "Haverstock-Nwachukwu", born=date(2009, 2, 23), phone="202-555-7344",
                             email="leopoldine.hn@canary.example", role=Role.JUROR, login="canaryjuror")
    actor = ctx.coordinator
    referral = Referral("police", "Officer Thistlewood", clock.today(), "shoplifting",
                        "Zephyrine took a bicycle from outside 42 Marrowbone Lane.")
    case = await refer_case(actor, ctx.program.id, referral, respondent_id=young.id, guardian_id=parent.id)
    await add_guardian(actor, case, second.id, None)
    today = clock.today()
    await record_intake(actor, case, Checklist(True, True, True, 15),
                        Consent(today, today, "Ignatius Wrenfield-Adebayo"), parent.id)
    hearing = await next_jury_hearing(ctx.program)
    await put_on_docket(actor, case, hearing.id)
    await move_case(actor, case, "schedule")
    await open_hearing_window(hearing)
    await Seat.filter(hearing_id=hearing.id).delete()
    jury = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR, "canaryjuror": SeatRole.JUROR}
    for login, role in jury.items():
        await Seat.create(hearing_id=hearing.id, person_id=await person_id(login), role=role,
                          status=SeatStatus.ACCEPTED)
    entry = await DocketEntry.get(case_id=case.id)
    await _deliberate(ctx.client, entry.id, list(jury))
    case = await Case.get(id=case.id)
    assert case.state == CaseState.MONITORING
    for sanction in await Sanction.filter(case_id=case.id):
        await set_sanction_status(actor, case, sanction, SanctionStatus.DONE)
    await move_case(actor, case, "complete", "Zephyrine did everything asked of her")
    await _attend_and_hold(actor, await Hearing.get(id=hearing.id))
    assert await Posting.exists(memo__isnull=False)
    reward = await add_reward(actor, ctx.program.id, "Cinema ticket", 10, 5)
    request = await request_reward(ctx.viewer(juror, Role.JUROR), reward.id)
    await decide_request(actor, request.id, True)


async def _deliberate(client: httpx.AsyncClient, entry_id: int, jury: list[str]) -> None:
    """The jury room over HTTP, as the jurors use it, to a recorded decision."""
    room = f"/room/{entry_id}"

    async def as_(login: str, url: str, data: dict[str, str]) -> None:
        await sign_in(client, login)
        response = await post_form(client, url, data)
        assert response.status_code == 303, (url, response.status_code, response.text[:2000])

    await as_("canaryjuror", f"{room}/questions", {"question": "Zephyrine, what happened at Marrowbone Lane?"})
    await as_("foreperson", f"{room}/lead", {"step": "next", "confirmed": "yes"})  # questioning
    await as_("foreperson", f"{room}/lead", {"step": "next", "confirmed": "yes"})  # deliberation
    await as_("juror", f"{room}/statements", {"body": "Zephyrine Quillfeather-Oduya owned up straight away."})
    await as_("canaryjuror", f"{room}/statements", {"body": "Ottoline came with Zephyrine; call 202-555-7342."})
    await as_("juror", f"{room}/proposals", {"kind_1": "jury_duty", "quantity_1": "",
                                             "kind_2": "essay", "quantity_2": ""})
    await as_("foreperson", f"{room}/lead", {"step": "next", "confirmed": "yes"})  # voting
    proposal = await _current_proposal(entry_id)
    for login in jury:
        await as_(login, f"{room}/vote", {"proposal": str(proposal), "in_favour": "yes",
                                         "reason": "Fair for Zephyrine."})
    await as_("foreperson", f"{room}/lead", {"step": "decide", "confirmed": "yes"})
    client.cookies.clear()


async def _current_proposal(entry_id: int) -> int:
    entry = await DocketEntry.get(id=entry_id)
    deliberation = await Deliberation.get(case_id=entry.case_id)
    return (await deliberation.proposals.all().order_by("-id").first()).id


async def _attend_and_hold(actor: Viewer, hearing: Hearing) -> None:
    """Everyone seated checks in at the start and out now; marking the hearing held credits them."""
    for seat in await Seat.filter(hearing_id=hearing.id):
        await check_in(actor, seat.id, now=hearing.starts_at)
        await check_out(actor, seat.id, now=datetime.now(UTC))
    if hearing.status == HearingStatus.PLANNED:
        await set_hearing_status(actor, hearing, HearingStatus.CONFIRMED)
    await set_hearing_status(actor, hearing, HearingStatus.HELD)


async def sealed_case(ctx: CanaryContext) -> None:
    """A case withdrawn long ago, past its retention period: `jurycourt seal` seals it."""
    young = await ctx.person("Wilhelmina", "Abernethy-Okonkwo", born=date(2010, 11, 3), phone="202-555-7351",
                             email="wilhelmina.ao@canary.example", address="9 Juniper Cut")
    actor = ctx.coordinator
    referral = Referral("school", "Ms Featherstonehaugh", clock.today(), "vandalism",
                        "Wilhelmina painted the wall at 9 Juniper Cut.")
    case = await refer_case(actor, ctx.program.id, referral, respondent_id=young.id, guardian={
        "given_name": "Cornelius", "family_name": "Abernethy-Okonkwo", "phone": "202-555-7352"})
    ctx.canaries += ["Cornelius", "Featherstonehaugh", "202-555-7352"]
    await move_case(actor, case, "withdraw", "Wilhelmina moved away")
    await Case.filter(id=case.id).update(closed_on=clock.today() - timedelta(days=3 * 365))
    assert await seal_due_cases() >= 1
    assert (await Case.get(id=case.id)).sealed_at is not None
    assert not await CaseGuardian.exists(case_id=case.id)


async def publication(ctx: CanaryContext) -> None:
    """A program outcomes report: drafted, refused on submit while it names the respondent, corrected,
    reviewed, approved and published by a second coordinator, then corrected by an erratum."""
    one, two = ctx.coordinator, ctx.coordinator2
    draft = await publications.create_draft(
        one, ctx.program.id, title="Outcomes this season", summary="Cases heard and completed this season.",
        kind="outcomes_report", topics="outcomes, restorative-justice",
        body="## Cases heard\n\nZephyrine's jury chose an essay.\n\n## Hours given\n\nJurors gave 90 minutes.")
    with pytest.raises(publications.RedactionRefused):  # the guard refuses it on submit already
        await publications.submit(one, draft.id)
    await publications.update_draft(
        one, draft.id, title="Outcomes this season", summary="Cases heard and completed this season.",
        kind="outcomes_report", topics="outcomes, restorative-justice",
        body="## Cases heard\n\nOne jury chose an essay, done on time.\n\n## Hours given\n\nJurors gave 90 minutes.")
    await publications.submit(one, draft.id)
    published = await publications.publish(two, draft.id)
    await publications.add_erratum(two, published.id, "Jurors gave 93 minutes, not 90.")
    assert (await Publication.get(id=published.id)).state == "published"


#: Every proceeding, in the order the test runs them. Add new ones here.
RUNNERS: list[Runner] = [coordinators, peer_jury_case, sealed_case, publication, youth_grand_jury_inquiry,
                         community_justice_panels, citizens_panel]
