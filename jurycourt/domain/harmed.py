"""The person harmed, on a youth court case or a community justice matter.

Restorative practice (FIELD-NOTES.md, "Restorative practice"): the person harmed is asked before
being contacted, and nothing reaches them (no message, letter or outbox row) until their consent is
recorded, with the day and how it was given. Their wishes (attend, send a statement, receive an
apology, be told the outcome, or nothing) decide what is offered. Before any meeting they attend, a
risk assessment and safety plan in a fixed form is written and, where the program's rule
``safety_plan_second_review`` asks it, reviewed by a second coordinator who is not its author. Their
impact statement reaches the jury or panel only while it deliberates, and is never published.
Everyone who does not need their name (jurors, panelists) reads "the person harmed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import Phase
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, _l


class ConsentHow(StrEnum):
    """How the person harmed gave (or refused) consent to be contacted."""

    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return str({"phone": _l("By phone"), "letter": _l("By letter"), "in_person": _l("In person"),
                    "email": _l("By email")}[self.value])


class Wish(StrEnum):
    """What the person harmed wants; several may be chosen, or "nothing" alone."""

    ATTEND = "attend"
    STATEMENT = "statement"
    APOLOGY = "apology"
    OUTCOME = "outcome"
    NOTHING = "nothing"

    @property
    def label(self) -> str:
        return str({"attend": _l("To attend the hearing or meeting"), "statement": _l("To send a statement"),
                    "apology": _l("To receive an apology"), "outcome": _l("To be told the outcome"),
                    "nothing": _l("Nothing more")}[self.value])


@dataclass(frozen=True)
class SafetyQuestion:
    key: str
    text: object  # lazy translated: the fixed wording


#: The risk assessment and safety plan, in the fixed form of practice standards: every question
#: is answered before anyone meets (the Restorative Justice Council's victim safeguarding).
SAFETY_QUESTIONS: tuple[SafetyQuestion, ...] = (
    SafetyQuestion("risk", _l("What risk of harm is there to the person harmed or anyone else, and how is it "
                              "reduced?")),
    SafetyQuestion("power", _l("Is there an imbalance of power (age, relationship, fear) and how is it "
                               "addressed?")),
    SafetyQuestion("support", _l("Who supports the person harmed, and should each supporter attend?")),
    SafetyQuestion("arrival", _l("How are separate arrival and waiting arranged?")),
    SafetyQuestion("call", _l("Whom does the person harmed call if they feel unsafe, before, during or after?")),
    SafetyQuestion("ground_rules", _l("Which ground rules were agreed with them?")),
)
ANSWER_MAX = 500

#: The jury room's phases in which the jury reads the impact statement: while it deliberates
#: and votes, never before the hearing's questioning is over, and not after the decision.
IMPACT_PHASES = frozenset({Phase.DELIBERATION, Phase.VOTING})


def check_consent(given: str, on: date | None, how: str, today: date) -> tuple[bool, date, ConsentHow]:
    """Consent (``given`` "yes" or "no") as recorded: with the day, not in the future, and how."""
    if given not in ("yes", "no"):
        raise Refused(_("Say whether they agreed to be contacted."), "given")
    if on is None:
        raise Refused(_("Give the day they said so."), "consent_on")
    if on > today:
        raise Refused(_("That day has not come yet."), "consent_on")
    try:
        way = ConsentHow(how)
    except ValueError:
        raise Refused(_("Say how they told you: by phone, by letter, in person or by email."), "how") from None
    return given == "yes", on, way


def check_wishes(chosen: Iterable[str]) -> tuple[Wish, ...]:
    """The wishes chosen, in the form's order: at least one, and "nothing" only on its own."""
    picked = set(chosen)
    try:
        wishes = tuple(w for w in Wish if w.value in picked)
        if picked - {w.value for w in Wish}:
            raise ValueError
    except ValueError:
        raise Refused(_("Choose among the wishes listed."), "wishes") from None
    if not wishes:
        raise Refused(_("Choose at least one wish, or \u201cNothing more\u201d."), "wishes")
    if Wish.NOTHING in wishes and len(wishes) > 1:
        raise Refused(_("\u201cNothing more\u201d can't be chosen with other wishes."), "wishes")
    return wishes


def wishes_of(stored: str) -> tuple[Wish, ...]:
    """The wishes as stored (comma-separated values)."""
    values = {v for v in stored.split(",") if v}
    return tuple(w for w in Wish if w.value in values)


def check_contact(consent: bool | None) -> None:
    """Nothing reaches the person harmed (message, letter, outbox) without their recorded consent."""
    if consent is not True:
        raise Refused(_("The person harmed has not agreed to be contacted: record their consent first."))


def check_wish(consent: bool | None, wishes: Iterable[Wish], wish: Wish) -> None:
    """Offer something only to someone who agreed to contact and asked for it."""
    check_contact(consent)
    if wish not in set(wishes):
        raise Refused(_("The person harmed did not ask for this: their wishes say what they want."))


def check_safety_answers(raw: Mapping[str, str]) -> dict[str, str]:
    """Every fixed question answered, each in at most 500 characters."""
    answers = {}
    for question in SAFETY_QUESTIONS:
        text = (raw.get(question.key) or "").strip()
        if not text:
            raise Refused(_("Answer every question of the safety plan."), question.key)
        if len(text) > ANSWER_MAX:
            raise Refused(_("Use at most 500 characters."), question.key)
        answers[question.key] = text
    return answers


def second_review_required(rules: dict[str, Any] | None) -> bool:
    """Whether the program asks a second coordinator to review each safety plan (its rule)."""
    return bool(rules_with_defaults(rules)["safety_plan_second_review"])


def check_review(author_id: int | None, reviewer_id: int, written: bool, reviewed: bool) -> None:
    """A written, unreviewed plan is reviewed by a coordinator who did not write it."""
    if not written:
        raise Refused(_("Write the safety plan first."))
    if reviewed:
        raise Refused(_("This safety plan is reviewed already."))
    if author_id == reviewer_id:
        raise Refused(_("A second coordinator reviews the safety plan: not the one who wrote it."))


def plan_ready(written: bool, reviewed: bool, rules: dict[str, Any] | None) -> bool:
    """Whether the safety plan allows a meeting: written, and reviewed where the program requires it."""
    return written and (reviewed or not second_review_required(rules))


def check_meeting(attends: bool, written: bool, reviewed: bool, rules: dict[str, Any] | None) -> None:
    """No hearing or meeting the person harmed attends is scheduled or held before its safety plan
    is ready."""
    if attends and not plan_ready(written, reviewed, rules):
        if written:
            raise Refused(_("The person harmed will attend: a second coordinator must review the safety plan "
                            "first."))
        raise Refused(_("The person harmed will attend: write the risk assessment and safety plan first."))


def check_statement(consent: bool | None, text: str) -> str:
    """An impact statement is taken only with consent, and is not empty or over 5,000 characters."""
    check_contact(consent)
    text = text.strip()
    if not text:
        raise Refused(_("Write down the statement."), "statement")
    if len(text) > 5000:
        raise Refused(_("Use at most 5,000 characters."), "statement")
    return text


def impact_shown(phase: Phase, coordinator: bool) -> bool:
    """Whether a jury room viewer reads the impact statement now: coordinators at any time, the
    seated jury only while it deliberates and votes."""
    return coordinator or phase in IMPACT_PHASES
