"""Feedback surveys: short questionnaires with fixed wording, anonymous by design.

Each invitation carries a single-use random code; only its hash is stored, in a table of unused
codes that says nothing of whom it was given to, and the row goes when the code is used. A
response keeps no code, no person and no time finer than its month, so no response can be joined
to anyone. Where a questionnaire is asked before and after, the "before" answer gives the
respondent a second code to keep; typed into the "after" survey, its hash links the pair, and
nothing else does. A questionnaire's answers are shown only when at least 5 people gave them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jurycourt.domain.disclosure import THRESHOLD
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _, _l

ONCE, BEFORE, AFTER = "once", "before", "after"
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {1: _l("Strongly disagree"), 2: _l("Disagree"), 3: _l("Neither agree nor disagree"),
                4: _l("Agree"), 5: _l("Strongly agree")}


@dataclass(frozen=True)
class Question:
    key: str
    text: object  # lazy translated: the fixed wording


@dataclass(frozen=True)
class Questionnaire:
    key: str
    label: object
    phases: tuple[str, ...]
    questions: tuple[Question, ...]


QUESTIONNAIRES: dict[str, Questionnaire] = {q.key: q for q in (
    Questionnaire("respondent", _l("Young people whose case was heard"), (BEFORE, AFTER), (
        Question("understand", _l("I understand how the youth court works.")),
        Question("make_right", _l("I feel able to make things right.")),
        Question("respect", _l("The adults and teens here treat me with respect.")),
    )),
    Questionnaire("guardian", _l("Parents and guardians"), (ONCE,), (
        Question("explained", _l("The process was explained clearly to me.")),
        Question("fair", _l("My child was treated fairly.")),
        Question("recommend", _l("I would recommend the youth court to another family.")),
    )),
    Questionnaire("harmed", _l("People harmed"), (ONCE,), (
        Question("informed", _l("I was kept informed about the case.")),
        Question("heard", _l("I had a chance to say how I was affected.")),
        Question("safe", _l("I felt safe taking part.")),
        Question("satisfied", _l("I am satisfied with the outcome.")),
    )),
    Questionnaire("volunteer", _l("Jurors and volunteers"), (ONCE,), (
        Question("prepared", _l("My training prepared me for my role.")),
        Question("well_used", _l("My time was well used.")),
        Question("again", _l("I would serve again.")),
    )),
    Questionnaire("panel", _l("Community justice panel members"), (ONCE,), (
        Question("informed", _l("The panel had the information it needed.")),
        Question("voice", _l("Everyone at the meeting could speak.")),
        Question("fair", _l("The agreement was fair to everyone.")),
    )),
    Questionnaire("assembly", _l("Citizens' assembly members"), (BEFORE, AFTER), (
        Question("informed", _l("I had enough information to form a view.")),
        Question("free", _l("I could express my views freely.")),
        Question("trust", _l("I trust the process to be fair.")),
    )),
)}


#: The youth's own short survey sent with each follow-up check (the "after" of the young people's questionnaire).
FOLLOW_UP_SURVEY = "respondent"


def survey_link(base_url: str, code: str) -> str:
    """The address of a survey invitation (the ``survey`` route) on the site at ``base_url``."""
    return f"{base_url.rstrip('/')}/survey/{code}"


def questionnaire(key: str, phase: str) -> Questionnaire:
    """The questionnaire ``key`` asked at ``phase``, or a refusal."""
    found = QUESTIONNAIRES.get(key)
    if found is None or phase not in found.phases:
        raise Refused(_("Choose a questionnaire and when it is asked."), "questionnaire")
    return found


def code_hash(code: str) -> str:
    """What is stored of a code: its SHA-256 (the code is 128 random bits, so a hash is enough)."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


def check_answers(asked: Questionnaire, raw: Mapping[str, str]) -> dict[str, int]:
    """The answers given (1 to 5; a question left blank is not answered); refused when none is."""
    answers = {}
    for question in asked.questions:
        value = (raw.get(question.key) or "").strip()
        if value in {str(n) for n in SCALE}:
            answers[question.key] = int(value)
    if not answers:
        raise Refused(_("Answer at least one question."), asked.questions[0].key)
    return answers


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    answered: int
    agree: int  # answered 4 or 5

    @property
    def agree_share(self) -> float | None:
        return self.agree / self.answered if self.answered else None


@dataclass(frozen=True)
class Summary:
    """A questionnaire's answers in a phase: hidden (``lines`` empty) below 5 responses."""

    questionnaire: Questionnaire
    phase: str
    responses: int
    lines: tuple[QuestionSummary, ...]

    @property
    def hidden(self) -> bool:
        return 0 < self.responses < THRESHOLD


def summarise(asked: Questionnaire, phase: str, answers: Iterable[Mapping[str, int]]) -> Summary:
    """How many responded and, per question, how many answered and agreed; nothing per question
    when fewer than 5 responded (each question's own count of 1 to 4 is hidden too)."""
    given = list(answers)
    if 0 < len(given) < THRESHOLD:
        return Summary(asked, phase, len(given), ())
    lines = []
    for question in asked.questions:
        values = [a[question.key] for a in given if question.key in a]
        if 0 < len(values) < THRESHOLD:
            lines.append(QuestionSummary(question, 0, 0))
            continue
        lines.append(QuestionSummary(question, len(values), sum(1 for v in values if v >= 4)))
    return Summary(asked, phase, len(given), tuple(lines))
