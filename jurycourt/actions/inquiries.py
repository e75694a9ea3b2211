"""Inquiries: charter one, seat its members, move it through its states, keep its evidence log,
and invite and hear its witnesses. Findings, votes and follow-up are in ``inquiry_findings``."""

from __future__ import annotations

from datetime import date

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import documents, guard
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import inquiries as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.people import age_on
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.publication import PublicationState, parse_topics, store_topics
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import SessionKind
from jurycourt.i18n import _
from jurycourt.models import (
    EvidenceItem,
    Hearing,
    Inquiry,
    InquiryMember,
    Membership,
    Person,
    Program,
    Publication,
    Witness,
    WitnessQuestion,
)
from jurycourt.queries.inquiries import InquiryAccess, jury_sessions_served

EVIDENCE_KINDS = {"document": "Document", "note": "Note", "data": "Data", "source": "Source"}


def _text(value: str, field: str, limit: int, message: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise Refused(message, field)
    if len(value) > limit:
        raise Refused(_("Use at most %(limit)s characters.") % {"limit": limit}, field)
    return value


async def charter(actor: Viewer, program_id: int, *, title: str, question: str, scope: str, starts_on: date | None,
                  ends_on: date | None, threshold: str) -> Inquiry:
    """A coordinator charters an inquiry on a question, with a term and a vote threshold (default 2/3)."""
    require(coordinates(actor, program_id), hide=False)
    title = _text(" ".join(title.split()), "title", 200, _("Give the inquiry a title."))
    question = _text(question, "question", 2000, _("Write the question the inquiry will answer."))
    scope = _text(scope, "scope", 4000, "", required=False)
    if starts_on is None:
        raise Refused(_("Enter the first day of the term."), "starts_on")
    if ends_on is None or ends_on <= starts_on:
        raise Refused(_("The term ends after it starts."), "ends_on")
    fraction = rules.parse_threshold(threshold or "2/3")
    program = await Program.get(id=program_id)
    async with in_transaction():
        inquiry = await Inquiry.create(
            program_id=program_id, title=title, question=question, scope=scope, starts_on=starts_on,
            ends_on=ends_on, threshold_numerator=fraction.numerator, threshold_denominator=fraction.denominator,
            response_days=int(rules_with_defaults(program.rules)["inquiry_response_days"]),
            created_by_id=actor.person_id)
        await record("inquiry.chartered", actor_id=actor.person_id, program_id=program_id,
                     subject=("inquiry", inquiry.id), threshold=str(fraction))
    return inquiry


async def add_member(actor: Viewer, access: InquiryAccess, person_id: int, role: str,
                     today: date | None = None) -> InquiryMember:
    """Seat an eligible grand juror (the program's rule: enough jury sessions, the age band).
    An inquiry has one foreperson."""
    require(access.coordinator, hide=False)
    inquiry = access.inquiry
    if inquiry.state in rules.AFTER_PUBLICATION:
        raise Refused(_("Members are seated before the report is published."))
    try:
        member_role = rules.MemberRole(role)
    except ValueError:
        raise Refused(_("Choose foreperson or member."), "role") from None
    if not await Membership.exists(program_id=inquiry.program_id, person_id=person_id, role=Role.GRAND_JUROR,
                                   status=MembershipStatus.ACTIVE):
        raise Refused(_("Choose an active grand juror of this program."), "person")
    person = await Person.get(id=person_id)
    program = await Program.get(id=inquiry.program_id)
    served = (await jury_sessions_served(program.id, [person_id]))[person_id]
    verdict = rules.eligibility(served, age_on(person.date_of_birth, today or clock.today()),
                                rules_with_defaults(program.rules))
    if not verdict.eligible:
        raise Refused(_("Not eligible: %(reason)s") % {"reason": verdict.reason}, "person")
    if member_role == rules.MemberRole.FOREPERSON and await InquiryMember.exists(
            inquiry_id=inquiry.id, role=rules.MemberRole.FOREPERSON, left_at__isnull=True):
        raise Refused(_("This inquiry already has a foreperson."), "role")
    if await InquiryMember.exists(inquiry_id=inquiry.id, person_id=person_id):
        raise Refused(_("Already a member of this inquiry."), "person")
    async with in_transaction():
        member = await InquiryMember.create(inquiry_id=inquiry.id, person_id=person_id, role=member_role)
        await record("inquiry.member_added", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), member=member.id, role=str(member_role))
    await guard.withhold_failing(inquiry.program_id)  # newly protected: named in a publication?
    return member


async def end_membership(actor: Viewer, access: InquiryAccess, member_id: int) -> None:
    """A member leaves office (the record stays): from now on the threshold counts the members
    still in office. Votes already closed keep their tally."""
    require(access.coordinator, hide=False)
    inquiry = access.inquiry
    if inquiry.state in rules.AFTER_PUBLICATION:
        raise Refused(_("The inquiry's membership is fixed once the report is published."))
    async with in_transaction():
        if not await InquiryMember.filter(id=member_id, inquiry_id=inquiry.id, left_at=None).update(
                left_at=clock.now()):
            raise Refused(_("This member has already left office."))
        await record("inquiry.member_left", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), member=member_id)


async def move(actor: Viewer, access: InquiryAccess, action: str) -> rules.InquiryState:
    """Take the inquiry to its next state by the transition table. The foreperson may start
    investigating and drafting; publishing and what follows are the coordinator's. The report is
    marked published only once its publication is."""
    inquiry = access.inquiry
    to = rules.LIFECYCLE.next(inquiry.state, action)
    require(access.coordinator or (access.leads and action in {"investigate", "draft"}), hide=False)
    if action == "investigate" and not await InquiryMember.exists(inquiry_id=inquiry.id, left_at__isnull=True):
        raise Refused(_("Seat the members before the investigation starts."))
    if action == "publish" and not await Publication.exists(id=inquiry.publication_id or 0,
                                                            state=PublicationState.PUBLISHED):
        raise Refused(_("Publish the report first (Publications), then mark it published here."))
    async with in_transaction():
        if not await Inquiry.filter(id=inquiry.id, state=inquiry.state).update(state=to, updated_at=clock.now()):
            raise Refused(_("Someone else changed this inquiry just now. Look again."))
        await record(f"inquiry.{action}", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), to=str(to))
    return to


def _check_working(access: InquiryAccess) -> None:
    require(access.is_member or access.coordinator, hide=False)
    if access.inquiry.state not in rules.WORKING_STATES:
        raise Refused(_("Evidence and witnesses are added while the inquiry investigates or drafts."))


async def add_evidence(actor: Viewer, access: InquiryAccess, *, kind: str, title: str, body: str, source_url: str,
                       tags: str, filename: str = "", data: bytes = b"") -> EvidenceItem:
    """A member or coordinator logs a document (uploaded), note, data or source, with tags."""
    _check_working(access)
    if kind not in EVIDENCE_KINDS:
        raise Refused(_("Choose what kind of evidence this is."), "kind")
    title = _text(" ".join(title.split()), "title", 200, _("Give the evidence a title."))
    body = _text(body, "body", 20_000, "", required=False)
    source_url = _text(source_url, "source_url", 500, "", required=False)
    if source_url and not source_url.startswith(("https://", "http://")):
        raise Refused(_("A source link starts with https:// or http://."), "source_url")
    if kind == "document" and not data:
        raise Refused(_("Choose a file to upload."), "file")
    if kind == "source" and not source_url:
        raise Refused(_("Give the link or reference of the source."), "source_url")
    stored_tags = store_topics(parse_topics(tags))
    inquiry = access.inquiry
    async with in_transaction():
        item = await EvidenceItem.create(inquiry_id=inquiry.id, kind=kind, title=title, body=body,
                                         source_url=source_url, tags=stored_tags, added_by_id=actor.person_id)
        if data:
            document = await documents.store(actor.person_id, inquiry.program_id, "inquiry", inquiry.id, filename,
                                             data)
            item.document_id = document.id
            await item.save(update_fields=["document_id"])
        await record("inquiry.evidence_added", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), evidence=item.id, kind=kind)
    return item


async def invite_witness(actor: Viewer, access: InquiryAccess, *, name: str, body: str,
                         hearing_id: int | None) -> Witness:
    """The coordinator or foreperson invites an official or agency to one of the program's inquiry hearings."""
    _check_working(access)
    require(access.leads, hide=False)
    name = _text(" ".join(name.split()), "name", 120, _("Name the official invited."))
    body = _text(" ".join(body.split()), "body", 200, _("Name the agency or office they speak for."))
    inquiry = access.inquiry
    if hearing_id is not None and not await Hearing.exists(id=hearing_id, program_id=inquiry.program_id,
                                                           kind=SessionKind.INQUIRY_HEARING):
        raise Refused(_("Choose one of the program's inquiry hearings."), "hearing")
    async with in_transaction():
        witness = await Witness.create(inquiry_id=inquiry.id, hearing_id=hearing_id, name=name, body=body,
                                       invited_by_id=actor.person_id)
        await record("inquiry.witness_invited", actor_id=actor.person_id, program_id=inquiry.program_id,
                     subject=("inquiry", inquiry.id), witness=witness.id, hearing=hearing_id)
    return witness


async def _witness(access: InquiryAccess, witness_id: int) -> Witness:
    witness = await Witness.get_or_none(id=witness_id, inquiry_id=access.inquiry.id)
    require(witness is not None)
    return witness


async def prepare_question(actor: Viewer, access: InquiryAccess, witness_id: int, text: str) -> WitnessQuestion:
    """A member prepares a question for a witness before the hearing."""
    _check_working(access)
    witness = await _witness(access, witness_id)
    if witness.testimony_at is not None:
        raise Refused(_("This witness has been heard: questions are prepared in advance."), "question")
    text = _text(text, "question", 1000, _("Write the question."))
    async with in_transaction():
        question = await WitnessQuestion.create(witness_id=witness.id, text=text, asked_by_id=actor.person_id)
        await record("inquiry.question_prepared", actor_id=actor.person_id, program_id=access.inquiry.program_id,
                     subject=("inquiry", access.inquiry.id), witness=witness.id)
    return question


async def record_testimony(actor: Viewer, access: InquiryAccess, witness_id: int, summary: str,
                           evidence_ids: list[int]) -> None:
    """After the hearing, the foreperson or coordinator records a summary of the testimony,
    linked to entries of the evidence log."""
    _check_working(access)
    require(access.leads, hide=False)
    witness = await _witness(access, witness_id)
    summary = _text(summary, "testimony", 20_000, _("Write a summary of the testimony."))
    known = set(await EvidenceItem.filter(inquiry_id=access.inquiry.id, id__in=evidence_ids or [0]).values_list(
        "id", flat=True))
    async with in_transaction():
        await Witness.filter(id=witness.id).update(testimony=summary, testimony_evidence=sorted(known),
                                                   testimony_at=clock.now())
        await record("inquiry.testimony_recorded", actor_id=actor.person_id, program_id=access.inquiry.program_id,
                     subject=("inquiry", access.inquiry.id), witness=witness.id)
