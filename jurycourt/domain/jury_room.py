"""The jury room's rules: its phases, who moves them, what may be said, and how a vote counts.

A room is preparing (jurors draft private questions) → questioning (the questions are shared)
→ deliberation (statements, proposals, support and objections) → voting (one vote per seated
juror on the proposal under vote) → decided (sealed). Only the foreperson or a coordinator
moves the room on. Results stay hidden until every seated juror has voted or the vote is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.program_rules import VOTING_RULES, rules_with_defaults
from jurycourt.domain.sanctions import SanctionKind, menu
from jurycourt.domain.threads import REASON_MAX, STATEMENT_MAX, Rights, check_text
from jurycourt.i18n import _, _l


class Phase(StrEnum):
    PREPARING = "preparing"
    QUESTIONING = "questioning"
    DELIBERATION = "deliberation"
    VOTING = "voting"
    DECIDED = "decided"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.PREPARING: _l("Preparing questions"), Phase.QUESTIONING: _l("Questioning"),
    Phase.DELIBERATION: _l("Deliberation"), Phase.VOTING: _l("Voting"), Phase.DECIDED: _l("Decided"),
}

ORDER = (Phase.PREPARING, Phase.QUESTIONING, Phase.DELIBERATION, Phase.VOTING, Phase.DECIDED)
#: The phase each "open next phase" button leads to; the decision is recorded, never opened.
NEXT = {Phase.PREPARING: Phase.QUESTIONING, Phase.QUESTIONING: Phase.DELIBERATION,
        Phase.DELIBERATION: Phase.VOTING}

QUESTION_MAX = 300
#: The topic under which a deliberation's thread is filed (the threads component).
THREAD_TOPIC = "deliberation"
#: Phases in which jurors may add to the thread.
SPEAKING_PHASES = frozenset({Phase.QUESTIONING, Phase.DELIBERATION, Phase.VOTING})


@dataclass(frozen=True)
class Member:
    """Who is acting in the room: a seated juror (the foreperson leads) or a coordinator."""

    seated: bool = False
    foreperson: bool = False
    coordinator: bool = False

    @property
    def leads(self) -> bool:
        return self.foreperson or self.coordinator


def check_member(member: Member) -> None:
    """Only seated jurors and coordinators are in the room at all."""
    if not (member.seated or member.coordinator):
        raise Refused(_("Only the jurors seated on this case can take part."))


def check_open_next(phase: Phase, member: Member, proposals: int = 0) -> Phase:
    """The phase the foreperson or a coordinator may open after ``phase``; voting needs a proposal."""
    if not member.leads:
        raise Refused(_("Only the foreperson or a coordinator moves the room on."))
    target = NEXT.get(phase)
    if target is None:
        raise Refused(_("The room can't move on from here."))
    if target == Phase.VOTING and proposals == 0:
        raise Refused(_("Someone must propose a disposition before the vote."), "proposal")
    return target


def check_statement(phase: Phase, member: Member, body: str) -> str:
    """A statement to the thread: by someone in the room, while the room is talking."""
    check_member(member)
    if phase not in SPEAKING_PHASES:
        raise Refused(_("The room is not open for statements now."), "body")
    return check_text(body, STATEMENT_MAX)


def thread_rights(phase: Phase, member: Member) -> Rights:
    """What the room's thread lets this member do: seated jurors and coordinators post while the
    room is talking, coordinators moderate."""
    in_room = member.seated or member.coordinator
    return Rights(post=in_room and phase in SPEAKING_PHASES, moderate=member.coordinator)


def check_question(phase: Phase, member: Member, body: str) -> str:
    """A question for the respondent: drafted before or during questioning."""
    check_member(member)
    if phase not in (Phase.PREPARING, Phase.QUESTIONING):
        raise Refused(_("Questioning is over: questions can no longer be added."), "question")
    return check_text(body, QUESTION_MAX, "question", "question")


def check_proposal(phase: Phase, member: Member, sanctions: list[dict[str, Any]],
                   rules: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A proposed disposition, during deliberation, with at least one sanction: jury duty among
    them whenever the program's menu offers it (every disposition includes jury duty)."""
    check_member(member)
    if phase != Phase.DELIBERATION:
        raise Refused(_("Dispositions are proposed during deliberation."), "kind")
    if not sanctions:
        raise Refused(_("Choose at least one sanction."), "kind")
    if SanctionKind.JURY_DUTY.value in menu(rules) and \
            not any(item["kind"] == SanctionKind.JURY_DUTY for item in sanctions):
        raise Refused(_("Every disposition includes jury duty: give its number of sessions."), "quantity")
    return sanctions


def check_support(phase: Phase, member: Member, proposal_phase_ok: bool, reason: str) -> str:
    """Support or an objection to a proposal, during deliberation, always with a reason."""
    check_member(member)
    if phase != Phase.DELIBERATION:
        raise Refused(_("Support and objections are given during deliberation."), "reason")
    if not proposal_phase_ok:
        raise Refused(_("That proposal is no longer open: choose a current one."), "proposal")
    return check_text(reason, REASON_MAX, "reason", "reason")


def check_vote(phase: Phase, member: Member, *, already_voted: bool, closed: bool, proposal_current: bool,
               reason: str) -> str:
    """One vote per seated juror, only while voting is open, on the proposal under vote."""
    if not member.seated:
        raise Refused(_("Only seated jurors vote."), "in_favour")
    if phase != Phase.VOTING or closed:
        raise Refused(_("Votes are cast only while the vote is open."), "in_favour")
    if already_voted:
        raise Refused(_("You have voted already: each juror votes once."), "in_favour")
    if not proposal_current:
        raise Refused(_("That proposal is not the one being voted on: look again."), "proposal")
    return check_text(reason, REASON_MAX, "reason", "reason")


@dataclass(frozen=True)
class Tally:
    """The votes on the proposal under vote, and whether the result may be shown."""

    seated: int
    in_favour: int
    against: int
    closed: bool = False

    @property
    def cast(self) -> int:
        return self.in_favour + self.against

    @property
    def visible(self) -> bool:
        """Results are hidden until every seated juror has voted or the vote is closed."""
        return self.closed or (self.seated > 0 and self.cast >= self.seated)


VOTING_RULE_WORDS = {"majority": _l("a majority of the votes cast"),
                     "consensus": _l("every vote cast in favour (consensus)")}


def voting_rule_words(rule: str) -> str:
    """The voting rule in plain words."""
    return str(VOTING_RULE_WORDS.get(rule, rule))


def carried(tally: Tally, rule: str) -> bool:
    """Whether the proposal carries: a majority of votes cast, or (consensus) every vote cast,
    with no vote against."""
    if rule not in VOTING_RULES:
        raise ValueError(f"unknown voting rule {rule!r}")
    if tally.cast == 0:
        return False
    if rule == "consensus":
        return tally.against == 0
    return tally.in_favour * 2 > tally.cast


def early_close_needed(seated: int, rules: dict[str, Any] | None) -> int:
    """How many votes must be cast before the vote may be closed early: the program's
    ``early_close_share`` of the seated jurors (two thirds by default), rounded up."""
    numerator, denominator = rules_with_defaults(rules)["early_close_share"]
    return -(-seated * int(numerator) // int(denominator))


def may_close_early(tally: Tally, rules: dict[str, Any] | None) -> bool:
    """Whether the lead may close the vote now: it is open, not everyone has voted (the result then
    shows by itself) and the quorum for closing early is met."""
    return not tally.visible and tally.cast >= early_close_needed(tally.seated, rules)


def check_close_vote(phase: Phase, member: Member, tally: Tally, reason: str,
                     rules: dict[str, Any] | None = None) -> str:
    """A coordinator (not the foreperson, who votes) closes the vote early (results then show),
    only once the quorum has voted and always with a reason, which is recorded."""
    if not member.coordinator:
        raise Refused(_("Only a coordinator closes the vote early."))
    if phase != Phase.VOTING or tally.closed:
        raise Refused(_("There is no open vote to close."))
    if tally.visible:
        raise Refused(_("Every juror has voted: the result shows already."))
    needed = early_close_needed(tally.seated, rules)
    if tally.cast < needed:
        raise Refused(_("%(cast)s of %(seated)s jurors have voted: the vote can be closed early only once "
                        "%(needed)s have. Until then it stays open, or a coordinator adjourns the hearing "
                        "to a new date.") % {"cast": tally.cast, "seated": tally.seated, "needed": needed},
                      "reason")
    return check_text(reason, REASON_MAX, "reason", "reason")


def can_decide(tally: Tally | None, rule: str) -> bool:
    """Whether "Record the decision" can work now: the result shows and the proposal carried."""
    return tally is not None and tally.visible and carried(tally, rule)


def _check_counted(phase: Phase, member: Member, tally: Tally, not_lead: str, not_voting: str) -> None:
    """What the steps after a vote share: the lead takes them, in the voting phase, once the result shows."""
    if not member.leads:
        raise Refused(not_lead)
    if phase != Phase.VOTING:
        raise Refused(not_voting)
    if not tally.visible:
        raise Refused(_("Wait until every juror has voted, or close the vote first."))


def check_decision(phase: Phase, member: Member, tally: Tally, rule: str) -> None:
    """The decision is recorded once the result shows and the proposal carried."""
    _check_counted(phase, member, tally, _("Only the foreperson or a coordinator records the decision."),
                   _("The decision is recorded after the vote."))
    if not carried(tally, rule):
        raise Refused(_("The proposal did not carry: deliberate again or propose another disposition."))


def check_deliberate_again(phase: Phase, member: Member, tally: Tally, rule: str) -> Phase:
    """A vote whose result shows and did not carry sends the room back to deliberation, for a new
    round: jurors talk again, propose again, and the next vote counts only the new round's votes."""
    _check_counted(phase, member, tally, _("Only the foreperson or a coordinator sends the room back to deliberation."),
                   _("The room goes back to deliberation only after a vote."))
    if carried(tally, rule):
        raise Refused(_("The proposal carried: record the decision."))
    return Phase.DELIBERATION


#: Shared questions are reordered while they are being asked, and until the vote.
REORDER_PHASES = frozenset({Phase.QUESTIONING, Phase.DELIBERATION})
#: Questions are marked as having worked once they were asked, before the room is sealed.
WORKED_PHASES = frozenset({Phase.DELIBERATION, Phase.VOTING})


def check_reorder(phase: Phase, member: Member) -> None:
    """The foreperson (who leads the questioning) or a coordinator reorders the shared questions."""
    if not member.leads:
        raise Refused(_("Only the foreperson or a coordinator reorders the questions."), "question")
    if phase not in REORDER_PHASES:
        raise Refused(_("Questions are reordered once questioning opens, until the vote."), "question")


def moved(order: list[int], question_id: int, up: bool) -> list[int]:
    """``order`` (question ids, first asked first) with one question moved one place up or down;
    unchanged at either end. Refused when the question is not among them."""
    if question_id not in order:
        raise Refused(_("That question is not in this room's list: look again."), "question")
    i = order.index(question_id)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(order):
        return list(order)
    result = list(order)
    result[i], result[j] = result[j], result[i]
    return result


#: The foreperson shows the question being asked while the respondent is questioned.
ASKING_PHASES = frozenset({Phase.QUESTIONING})


def check_asking(phase: Phase, member: Member) -> None:
    """The foreperson (or a coordinator) moves through the shared questions during questioning."""
    if not member.leads:
        raise Refused(_("Only the foreperson or a coordinator moves through the questions."), "question")
    if phase not in ASKING_PHASES:
        raise Refused(_("Questions are asked while the room is questioning."), "question")


def check_mark_worked(phase: Phase, member: Member) -> None:
    """Jurors mark the questions that worked after asking them, before the room is sealed."""
    check_member(member)
    if phase not in WORKED_PHASES:
        raise Refused(_("Mark the questions that worked after the questioning, before the decision."), "question")


def decided_view_closes(sealed_at: datetime, rules: dict[str, Any] | None) -> datetime:
    """When the decided room closes to its seated jurors: the program's ``decided_room_hours``
    after the decision was recorded (coordinators keep it)."""
    return sealed_at + timedelta(hours=int(rules_with_defaults(rules)["decided_room_hours"]))


def decided_view_open(sealed_at: datetime, now: datetime, rules: dict[str, Any] | None) -> bool:
    """Whether seated jurors still see the decided room (read-only) at ``now``."""
    return now < decided_view_closes(sealed_at, rules)
