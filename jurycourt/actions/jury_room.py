"""Writing in the jury room: statements, questions, proposals, support, votes and the decision.

Every write bumps the deliberation's version in the same transaction (statements and hiding go
through the threads component, which bumps the thread's version), so live pages on any server
process see the change at their next poll. Audit details carry ids only, never room text.
"""

from __future__ import annotations

from dataclasses import replace

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import threads
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event, apply_transition, case_facts
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import jury_room as rules
from jurycourt.domain.cases import LIFECYCLE, CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import Phase, Tally
from jurycourt.domain.question_bank import check_from_bank
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import KIND_LABELS, SanctionKind, SanctionTerms, check_terms, proposed_in_room
from jurycourt.i18n import _
from jurycourt.models import (
    BankQuestion,
    BankWorked,
    Deliberation,
    PastVote,
    Proposal,
    Question,
    Sanction,
    Statement,
    Support,
    Vote,
)
from jurycourt.queries.jury_room import RoomView, seated_count
from jurycourt.queries.threads import ThreadReader


async def _deliberation(room: RoomView) -> Deliberation:
    """The room's deliberation, made on first use (the unique key settles a race)."""
    if room.deliberation is None:
        try:
            async with in_transaction():
                room.deliberation = await Deliberation.create(hearing_id=room.hearing.id, case_id=room.case.id)
        except IntegrityError:
            room.deliberation = await Deliberation.get(hearing_id=room.hearing.id, case_id=room.case.id)
    return room.deliberation


async def _thread_seat(room: RoomView) -> ThreadReader:
    """The room's thread, opened (and linked to the deliberation) on first use."""
    d = await _deliberation(room)
    if room.thread is None:
        thread = await threads.open_thread(room.program.id, rules.THREAD_TOPIC, d.id)
        await Deliberation.filter(id=d.id, thread_id=None).update(thread_id=thread.id)
        d.thread = thread
    return room.thread_seat


async def _bump(d: Deliberation, **changes) -> None:
    await Deliberation.filter(id=d.id).update(version=F("version") + 1, **changes)


async def _audit(room: RoomView, action: str, subject: tuple[str, int], **detail) -> None:
    await record(action, actor_id=room.person_id, program_id=room.program.id, subject=subject, **detail)


async def post_statement(room: RoomView, body: str) -> Statement:
    """Add a statement to the thread while the room is talking."""
    text = rules.check_statement(room.phase, room.member, body)
    seat = await _thread_seat(room)
    return await threads.post_statement(seat.thread, room.person_id, seat.rights, text)


async def draft_question(room: RoomView, body: str, bank_question_id: int | None = None) -> Question:
    """Draft a question: private to its author until questioning opens, shared after."""
    text = rules.check_question(room.phase, room.member, body)
    d = await _deliberation(room)
    async with in_transaction():
        count = await Question.filter(case_id=room.case.id).count()
        question = await Question.create(case_id=room.case.id, author_id=room.person_id, body=text,
                                         position=count + 1, shared=room.phase == Phase.QUESTIONING,
                                         bank_question_id=bank_question_id)
        await _bump(d)
        await _audit(room, "room.question", ("deliberation", d.id), question=question.id)
    return question


async def draft_from_bank(room: RoomView, bank_question_id: int) -> Question:
    """Add a suggested question from the bank (for the case's offence) to the juror's draft."""
    suggested = await BankQuestion.get_or_none(id=bank_question_id, program_id=room.program.id)
    check_from_bank(suggested.offence_category if suggested else None, room.case.offence_category)
    return await draft_question(room, suggested.body, suggested.id)


async def move_question(room: RoomView, question_id: int, up: bool) -> None:
    """The foreperson moves a shared question one place up or down. The room's row is locked first
    (one lock, so two moves never deadlock) and the questions renumbered 1..n in that transaction,
    so concurrent moves never lose or repeat a place."""
    rules.check_reorder(room.phase, room.member)
    d = await _deliberation(room)
    async with in_transaction():
        await Deliberation.filter(id=d.id).select_for_update().first()
        questions = await Question.filter(case_id=room.case.id, shared=True).order_by("position", "id")
        order = rules.moved([q.id for q in questions], question_id, up)
        positions = {q.id: q.position for q in questions}
        for place, qid in enumerate(order, 1):
            if positions[qid] != place:
                await Question.filter(id=qid).update(position=place)
        await _bump(d)
        await _audit(room, "room.question_moved", ("deliberation", d.id), question=question_id, up=up)


async def mark_worked(room: RoomView, question_id: int) -> None:
    """A juror marks a shared question as having worked; a bank question counts once per jury."""
    rules.check_mark_worked(room.phase, room.member)
    d = await _deliberation(room)
    question = await Question.get_or_none(id=question_id, case_id=room.case.id, shared=True)
    if question is None:
        raise Refused(_("That question is not in this room's list: look again."), "question")
    try:
        async with in_transaction():
            await Question.filter(id=question.id).update(worked=True)
            bank_id = question.bank_question_id
            if bank_id and not await BankWorked.exists(bank_question_id=bank_id, case_id=room.case.id):
                await BankWorked.create(bank_question_id=bank_id, case_id=room.case.id)
                await BankQuestion.filter(id=bank_id).update(juries_worked=F("juries_worked") + 1)
            await _bump(d)
            await _audit(room, "room.question_worked", ("deliberation", d.id), question=question.id)
    except IntegrityError:
        # Another juror of this jury counted the same bank question at the same moment: the bank
        # counts this jury once already, so only the mark itself is left to keep.
        async with in_transaction():
            await Question.filter(id=question.id).update(worked=True)
            await _bump(d)


async def open_next_phase(room: RoomView) -> Phase:
    """Move the room on one phase; opening the vote puts the latest proposal under vote."""
    d = await _deliberation(room)
    latest = await Proposal.filter(deliberation_id=d.id, round=d.round).order_by("-id").first()
    target = rules.check_open_next(d.phase, room.member, 1 if latest else 0)
    changes: dict[str, object] = {"phase": target, "phase_at": clock.now(), "asking_id": None}
    if target == Phase.VOTING:
        changes["under_vote_id"] = latest.id
    async with in_transaction():
        if not await Deliberation.filter(id=d.id, phase=d.phase).update(version=F("version") + 1, **changes):
            raise Refused(_("The room moved on just now: look again."))
        if target == Phase.QUESTIONING:
            await Question.filter(case_id=room.case.id).update(shared=True)
        await _audit(room, "room.phase", ("deliberation", d.id), phase=str(target))
    d.phase = target
    return target


async def propose(room: RoomView, rows: list[tuple[SanctionKind, int | None]]) -> Proposal:
    """Propose a disposition during deliberation (``rows``: each sanction's kind and size, as typed);
    it supersedes the author's earlier proposal."""
    sanctions = proposed_in_room(rows, room.program.rules)
    items = rules.check_proposal(room.phase, room.member, sanctions, room.program.rules)
    d = await _deliberation(room)
    async with in_transaction():
        proposal = await Proposal.create(deliberation_id=d.id, author_id=room.person_id, sanctions=items,
                                         round=d.round)
        await _bump(d)
        await _audit(room, "room.proposal", ("deliberation", d.id), proposal=proposal.id)
    return proposal


async def _current_proposal(room: RoomView, proposal_id: int) -> Proposal | None:
    """The proposal if it is in this room's current round and not superseded by a later one from its
    author."""
    proposal = await Proposal.get_or_none(id=proposal_id, deliberation_id=room.deliberation.id,
                                          round=room.deliberation.round) if room.deliberation else None
    if proposal is None:
        return None
    if await Proposal.exists(deliberation_id=proposal.deliberation_id, author_id=proposal.author_id,
                             id__gt=proposal.id):
        return None
    return proposal


async def support(room: RoomView, proposal_id: int, supports: bool, reason: str) -> Support:
    """Support or object to a current proposal, with a reason: one view per juror per proposal."""
    rules.check_member(room.member)
    proposal = await _current_proposal(room, proposal_id)
    text = rules.check_support(room.phase, room.member, proposal is not None, reason)
    try:
        async with in_transaction():
            row = await Support.create(proposal_id=proposal.id, person_id=room.person_id, supports=supports,
                                       reason=text)
            await _bump(room.deliberation)
            await _audit(room, "room.support", ("proposal", proposal.id), supports=supports)
    except IntegrityError:
        raise Refused(_("You have given your view on this proposal already."), "proposal") from None
    return row


async def vote(room: RoomView, proposal_id: int, in_favour: bool, reason: str) -> Vote:
    """Cast one vote on the proposal under vote."""
    d = room.deliberation
    voted = d is not None and await Vote.exists(deliberation_id=d.id, person_id=room.person_id)
    text = rules.check_vote(room.phase, room.member, already_voted=voted, closed=bool(d and d.vote_closed),
                            proposal_current=d is not None and d.under_vote_id == proposal_id, reason=reason)
    try:
        async with in_transaction():
            row = await Vote.create(deliberation_id=d.id, proposal_id=proposal_id, person_id=room.person_id,
                                    in_favour=in_favour, reason=text)
            await _bump(d)
            await _audit(room, "room.vote", ("deliberation", d.id))
    except IntegrityError:
        raise Refused(_("You have voted already: each juror votes once."), "in_favour") from None
    return row


async def tally(room: RoomView) -> Tally:
    d = room.deliberation
    votes = await Vote.filter(deliberation_id=d.id).values_list("in_favour", flat=True)
    return Tally(await seated_count(room), sum(1 for v in votes if v), sum(1 for v in votes if not v),
                 d.vote_closed)


async def close_vote(room: RoomView, reason: str) -> None:
    """Close the vote early, once the program's quorum has voted, with a reason kept on the
    deliberation: the results show from now on."""
    d = room.deliberation
    if d is None or room.phase != Phase.VOTING:
        raise Refused(_("There is no open vote to close."))
    text = rules.check_close_vote(room.phase, room.member, await tally(room), reason, room.program.rules)
    async with in_transaction():
        if not await Deliberation.filter(id=d.id, vote_closed=False).update(
                vote_closed=True, close_reason=text, version=F("version") + 1):
            raise Refused(_("The vote was closed just now."))
        await _audit(room, "room.vote_closed", ("deliberation", d.id))
    d.vote_closed, d.close_reason = True, text


async def deliberate_again(room: RoomView) -> None:
    """After a vote that did not carry, the room goes back to deliberation for a new round: this
    round's votes are kept as past votes (with the reason the vote was closed early, if it was), the
    proposals made so far stay on the record but only the new round's can be supported and voted
    on, and every seated juror may vote again at the next vote."""
    d = room.deliberation
    if d is None:
        raise Refused(_("The room goes back to deliberation only after a vote."))
    rules.check_deliberate_again(d.phase, room.member, await tally(room), room.voting_rule)
    async with in_transaction():
        if not await Deliberation.filter(id=d.id, phase=Phase.VOTING, round=d.round).update(
                phase=Phase.DELIBERATION, phase_at=clock.now(), round=d.round + 1, vote_closed=False,
                close_reason="", under_vote_id=None, version=F("version") + 1):
            raise Refused(_("The room moved on just now: look again."))
        for cast in await Vote.filter(deliberation_id=d.id):
            await PastVote.create(deliberation_id=d.id, round=d.round, proposal_id=cast.proposal_id,
                                  person_id=cast.person_id, in_favour=cast.in_favour, reason=cast.reason,
                                  close_reason=d.close_reason, cast_at=cast.created_at)
        await Vote.filter(deliberation_id=d.id).delete()
        await _audit(room, "room.deliberate_again", ("deliberation", d.id), round=d.round + 1)
    d.phase, d.round, d.vote_closed, d.close_reason, d.under_vote_id = \
        Phase.DELIBERATION, d.round + 1, False, "", None


async def ask_question(room: RoomView, question_id: int | None) -> None:
    """The foreperson shows which shared question is being asked now (the hearing screen follows),
    or none."""
    rules.check_asking(room.phase, room.member)
    d = await _deliberation(room)
    if question_id is not None and not await Question.exists(id=question_id, case_id=room.case.id, shared=True):
        raise Refused(_("That question is not in this room's list: look again."), "question")
    async with in_transaction():
        await _bump(d, asking_id=question_id)
        await _audit(room, "room.asking", ("deliberation", d.id), question=question_id)
    d.asking_id = question_id


async def record_decision(room: RoomView) -> None:
    """In one transaction: the carried proposal's sanctions become the case's disposition, the
    case moves on (heard, then monitoring) as the transition table allows, and the room is sealed."""
    d = room.deliberation
    if d is None:
        raise Refused(_("The decision is recorded after the vote."))
    rules.check_decision(d.phase, room.member, await tally(room), room.voting_rule)
    proposal = await Proposal.get(id=d.under_vote_id)
    case, program = room.case, room.program
    today = clock.today(program.time_zone)
    facts = await case_facts(case, program, today)
    actor = Viewer(person_id=room.person_id)
    # The jury decides: the room's rules authorised the foreperson, the table still checks the case.
    roles = frozenset({Role.COORDINATOR})
    steps = (["hear"] if case.state == CaseState.SCHEDULED else []) + ["dispose"]
    async with in_transaction():
        if not await Deliberation.filter(id=d.id, phase=Phase.VOTING).update(
                phase=Phase.DECIDED, sealed_at=clock.now(), phase_at=clock.now(), asking_id=None,
                version=F("version") + 1):
            raise Refused(_("The decision was recorded just now."))
        for item in proposal.sanctions:
            terms = check_terms(SanctionTerms(SanctionKind(item["kind"]), item.get("quantity")), program.rules)
            await Sanction.create(case_id=case.id, kind=terms.kind, quantity=terms.quantity,
                                  detail=KIND_LABELS[terms.kind] if terms.kind == SanctionKind.OTHER else "")
            await add_event(case, actor, "sanction.added", KIND_LABELS[terms.kind])
        facts = replace(facts, sanctions=len(proposal.sanctions))
        for step in steps:
            transition = LIFECYCLE.check(case.state, step, facts, roles=roles)
            await apply_transition(actor, case, transition, _("Decided by the jury."), today)
        if room.thread is not None:
            await threads.seal(room.thread, room.person_id)
        await _audit(room, "room.decided", ("deliberation", d.id), proposal=proposal.id)
    d.phase = Phase.DECIDED


async def hide_statement(room: RoomView, statement_id: int, reason: str) -> None:
    """A coordinator hides an abusive statement from jurors, with a reason; the text is kept."""
    seat = room.thread_seat
    if seat is None:
        if not room.member.coordinator:
            raise Refused(_("Only a coordinator hides a statement."), "reason")
        raise Refused(_("There is no such statement in this thread."), "reason")
    await threads.hide_statement(seat.thread, room.person_id, seat.rights, statement_id, reason)
