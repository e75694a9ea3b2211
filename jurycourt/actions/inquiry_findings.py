"""Findings of an inquiry: draft one, vote on it (once per member), close the vote by the
threshold, assemble the report into a draft publication, then record the named bodies'
responses and each recommendation's dated public status."""

from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import publications, threads
from jurycourt.actions import recommendation_follow_up as follow_up
from jurycourt.actions.audit import record
from jurycourt.auth.policy import require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import inquiries as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import PublicationKind
from jurycourt.domain.recommendation_follow_up import Source
from jurycourt.i18n import _
from jurycourt.models import (
    EvidenceItem,
    Finding,
    FindingResponse,
    FindingVote,
    Inquiry,
    InquiryMember,
    StatusChange,
    Thread,
)
from jurycourt.queries.inquiries import InquiryAccess, members_in_office

#: The deliberation thread of a finding is (THREAD_TOPIC, finding id).
THREAD_TOPIC = "inquiry_finding"


def _text(value: str, field: str, limit: int, message: str = "") -> str:
    value = value.strip()
    if message and not value:
        raise Refused(message, field)
    if len(value) > limit:
        raise Refused(_("Use at most %(limit)s characters.") % {"limit": limit}, field)
    return value


_guard = follow_up.refuse_identifying


async def draft_finding(actor: Viewer, access: InquiryAccess, *, kind: str, title: str, body_named: str, text: str,
                        due_on: date | None = None, youth_role: str = "",
                        evidence_ids: list[int] | None = None) -> Finding:
    """A member drafts an indictment (body named, what it failed to do, the evidence) or a
    recommendation (to whom, what action, by when, the role of young people)."""
    require(access.is_member or access.coordinator, hide=False)
    inquiry = access.inquiry
    if inquiry.state not in rules.WORKING_STATES:
        raise Refused(_("Findings are drafted while the inquiry investigates or drafts."))
    try:
        parsed = rules.FindingKind(kind)
    except ValueError:
        raise Refused(_("Choose indictment or recommendation."), "kind") from None
    title = _text(" ".join(title.split()), "title", 200, _("Give the finding a short title."))
    whom = (_("Name the body that failed.") if parsed == rules.FindingKind.INDICTMENT
            else _("Say to whom it is addressed."))
    body_named = _text(" ".join(body_named.split()), "body_named", 200, whom)
    what = (_("Say what it failed to do.") if parsed == rules.FindingKind.INDICTMENT
            else _("Say what action is recommended."))
    text = _text(text, "text", 10_000, what)
    youth_role = _text(youth_role, "youth_role", 2000)
    evidence = sorted(set(await EvidenceItem.filter(inquiry_id=inquiry.id, id__in=evidence_ids or [0]).values_list(
        "id", flat=True)))
    if parsed == rules.FindingKind.INDICTMENT and not evidence:
        raise Refused(_("An indictment rests on evidence: choose at least one entry of the log."), "evidence")
    if parsed == rules.FindingKind.RECOMMENDATION and not youth_role:
        raise Refused(_("Say what role young people should play in it."), "youth_role")
    await _guard(inquiry.program_id, "title", title)  # title and body named are shown with the public follow-up
    await _guard(inquiry.program_id, "body_named", body_named)
    position = await Finding.filter(inquiry_id=inquiry.id).count() + 1
    async with in_transaction():
        finding = await Finding.create(inquiry_id=inquiry.id, kind=parsed, position=position, title=title,
                                       body_named=body_named, text=text, due_on=due_on, youth_role=youth_role,
                                       evidence_ids=evidence, created_by_id=actor.person_id)
        await record("inquiry.finding_drafted", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), finding=finding.id, kind=str(parsed))
    return finding


async def _finding(access: InquiryAccess, finding_id: int) -> Finding:
    finding = await Finding.get_or_none(id=finding_id, inquiry_id=access.inquiry.id)
    require(finding is not None)
    return finding


async def vote(actor: Viewer, access: InquiryAccess, finding_id: int, choice: str) -> None:
    """A member in office votes for, against or abstains on a draft finding, once."""
    finding = await _finding(access, finding_id)
    require(access.is_member, hide=False)
    if finding.state != rules.FindingState.DRAFT:
        raise Refused(_("The vote on this finding is closed."))
    try:
        parsed = rules.VoteChoice(choice)
    except ValueError:
        raise Refused(_("Choose for, against or abstain."), "choice") from None
    try:
        async with in_transaction():
            await FindingVote.create(finding_id=finding.id, person_id=actor.person_id, choice=parsed)
            await record("inquiry.vote_cast", actor_id=actor.person_id, program_id=access.inquiry.program_id,
                         subject=("inquiry", access.inquiry.id), finding=finding.id)
    except IntegrityError:
        raise Refused(_("You have already voted on this finding.")) from None


async def close_vote(actor: Viewer, access: InquiryAccess, finding_id: int) -> rules.Tally:
    """The foreperson or coordinator closes the vote: the tally is kept, and the finding is
    adopted only when the votes for reach ⌈threshold × members in office⌉ (abstentions and
    members who did not vote count against)."""
    require(access.leads, hide=False)
    finding = await _finding(access, finding_id)
    if finding.state != rules.FindingState.DRAFT:
        raise Refused(_("The vote on this finding is already closed."))
    async with in_transaction():
        in_office = await members_in_office(access.inquiry.id)
        choices = [str(c) for c in await FindingVote.filter(
            finding_id=finding.id, person_id__in=await _office_ids(access.inquiry.id)).values_list("choice", flat=True)]
        result = rules.tally(choices, in_office, access.threshold)
        state = rules.FindingState.ADOPTED if result.adopted else rules.FindingState.NOT_ADOPTED
        if not await Finding.filter(id=finding.id, state=rules.FindingState.DRAFT).update(
                state=state, votes_for=result.votes_for, votes_against=result.against,
                votes_abstain=result.abstain, members_in_office=in_office, votes_needed=result.needed,
                decided_at=clock.now()):
            raise Refused(_("Someone closed this vote just now."))
        thread = await Thread.get_or_none(topic=THREAD_TOPIC, topic_id=finding.id)
        if thread is not None:  # the discussion ends with the vote
            await threads.seal(thread, actor.person_id)
        await record("inquiry.vote_closed", actor_id=actor.person_id, program_id=access.inquiry.program_id,
                     subject=("inquiry", access.inquiry.id), finding=finding.id, adopted=result.adopted,
                     votes_for=result.votes_for, needed=result.needed)
    return result


async def _office_ids(inquiry_id: int) -> list[int]:
    return list(await InquiryMember.filter(inquiry_id=inquiry_id, left_at__isnull=True).values_list(
        "person_id", flat=True))


def report_markdown(introduction: str, adopted: list[Finding]) -> str:
    """The report: the narrative introduction, then the adopted indictments and recommendations in order."""
    parts = ["# Introduction", "", introduction.strip(), ""]
    for kind, heading in ((rules.FindingKind.INDICTMENT, "Indictments"),
                          (rules.FindingKind.RECOMMENDATION, "Recommendations")):
        chosen = [f for f in adopted if f.kind == kind]
        if not chosen:
            continue
        parts += [f"# {heading}", ""]
        for f in chosen:
            parts += [f"## {f.title}", "", f"**{'Body named' if kind == rules.FindingKind.INDICTMENT else 'To'}:** "
                      f"{f.body_named}", "", f.text.strip(), ""]
            if f.due_on:
                parts += [f"**By:** {f.due_on:%B %Y}", ""]  # month and year: the guard refuses full dates
            if f.youth_role:
                parts += [f"**Role of youth:** {f.youth_role.strip()}", ""]
            parts += [f"*Adopted by {f.votes_for} of {f.members_in_office} members.*", ""]
    return "\n".join(parts)


async def assemble_report(actor: Viewer, access: InquiryAccess, introduction: str) -> int:
    """The coordinator assembles the report from the adopted findings, in order, with a narrative
    introduction, as a draft inquiry report in the publication workflow (linked to the inquiry)."""
    require(access.coordinator, hide=False)
    inquiry = access.inquiry
    if inquiry.state != rules.InquiryState.DRAFTING:
        raise Refused(_("The report is assembled while the inquiry is drafting."))
    if inquiry.publication_id:
        raise Refused(_("The report has already been assembled: edit it in Publications."))
    introduction = _text(introduction, "introduction", 20_000, _("Write the narrative introduction."))
    adopted = list(await Finding.filter(inquiry_id=inquiry.id, state=rules.FindingState.ADOPTED)
                   .order_by("position", "id"))
    if not adopted:
        raise Refused(_("No finding has been adopted yet."), "introduction")
    async with in_transaction():
        publication = await publications.create_draft(
            actor, inquiry.program_id, title=inquiry.title, summary=inquiry.question[:1000],
            kind=PublicationKind.INQUIRY_REPORT.value, topics="inquiry", body=report_markdown(introduction, adopted))
        if not await Inquiry.filter(id=inquiry.id, publication_id=None).update(
                publication_id=publication.id, introduction=introduction, updated_at=clock.now()):
            raise Refused(_("The report has just been assembled by someone else."))
        await record("inquiry.report_assembled", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), publication=publication.id, findings=len(adopted))
    return publication.id


async def _published_finding(access: InquiryAccess, finding_id: int) -> Finding:
    require(access.coordinator, hide=False)
    finding = await _finding(access, finding_id)
    if access.inquiry.state not in rules.AFTER_PUBLICATION or finding.state != rules.FindingState.ADOPTED:
        raise Refused(_("Responses and statuses are recorded for adopted findings once the report is published."))
    return finding


def _target(access: InquiryAccess, finding: Finding) -> follow_up.Target:
    return follow_up.Target(Source.INQUIRY, finding.id, access.inquiry.program_id, ("inquiry", access.inquiry.id),
                            has_status=finding.kind == rules.FindingKind.RECOMMENDATION)


async def record_response(actor: Viewer, access: InquiryAccess, finding_id: int, *, stance: str, text: str,
                          responded_on: date | None, today: date | None = None) -> FindingResponse:
    """The coordinator records a named body's response to a published finding, in its own words
    (the one follow-up of every recommendation: ``actions.recommendation_follow_up``)."""
    finding = await _published_finding(access, finding_id)
    return await follow_up.record_answer(actor, _target(access, finding), stance=stance, text=text,
                                         responded_on=responded_on, today=today)


async def change_status(actor: Viewer, access: InquiryAccess, finding_id: int, *, status: str, reason: str,
                        changed_on: date | None, milestone: str = "", progress: str = "",
                        today: date | None = None) -> StatusChange:
    """A recommendation's public status changes, dated (a rejection says why), or a milestone is
    reached while it is in progress. Never edited: a later change is a new entry of the timeline."""
    finding = await _published_finding(access, finding_id)
    return await follow_up.record_step(actor, _target(access, finding), status=status, reason=reason,
                                       changed_on=changed_on, milestone=milestone, progress=progress, today=today)
