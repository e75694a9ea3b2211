"""Survey answers summed for a program and period: per questionnaire and phase, small groups hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.disclosure import is_sensitive
from jurycourt.domain.measures import Period, last_closed_quarter
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.surveys import AFTER, BEFORE, QUESTIONNAIRES, QuestionSummary, Summary, summarise
from jurycourt.models import Program, SurveyResponse


@dataclass(frozen=True)
class SurveyFigures:
    summaries: list[Summary]
    pairs: int | None  # before/after pairs linked by a kept code; None when 1 to 4 (hidden)


async def survey_figures(viewer: Viewer, program: Program, period: Period) -> SurveyFigures:
    """Every questionnaire answered in the months of ``period``, summarised."""
    require(coordinates(viewer, program.id), hide=True)
    return await _figures(program, period)


async def _figures(program: Program, period: Period) -> SurveyFigures:
    rows = await SurveyResponse.filter(program_id=program.id, month__gte=period.start.replace(day=1),
                                       month__lte=period.end).values_list("questionnaire", "phase", "answers",
                                                                          "pair_hash")
    grouped: dict[tuple[str, str], list[dict]] = {}
    befores, afters = set(), set()
    for key, phase, answers, pair in rows:
        grouped.setdefault((key, phase), []).append(answers)
        if pair:
            (befores if phase == BEFORE else afters if phase == AFTER else set()).add(pair)
    summaries = [summarise(QUESTIONNAIRES[key], phase, answers) for (key, phase), answers in sorted(grouped.items())
                 if key in QUESTIONNAIRES]
    pairs = len(befores & afters)
    return SurveyFigures(summaries, None if is_sensitive(pairs) else pairs)


@dataclass(frozen=True)
class PublicSurveys:
    """The survey results on the public impact page, as plain values (the page's snapshot is
    fingerprinted by its repr): a closed quarter's answers, each questionnaire and question
    suppressed as on the coordinators' report. Quarters never overlap and a closed quarter's
    answers never change (an answer is dated by the month it is given), so no two published
    figures can be subtracted to reveal a hidden one."""

    start: str
    end: str
    summaries: tuple[tuple[str, str, int, tuple[tuple[str, int, int], ...]], ...]  # key, phase, responses, lines
    pairs: int | None

    def figures(self) -> SurveyFigures:
        """The same results as the report's templates read them (labels in the reader's language)."""
        summaries = []
        for key, phase, responses, lines in self.summaries:
            asked = QUESTIONNAIRES[key]
            questions = {q.key: q for q in asked.questions}
            summaries.append(Summary(asked, phase, responses, tuple(
                QuestionSummary(questions[q], answered, agree) for q, answered, agree in lines)))
        return SurveyFigures(summaries, self.pairs)


async def public_surveys(program: Program, today: date) -> PublicSurveys | None:
    """The last closed quarter's survey results for everyone, where the program chose to publish
    them (its rule ``surveys_on_impact``); None otherwise. Only aggregates: surveys hold no free text."""
    if not rules_with_defaults(program.rules)["surveys_on_impact"]:
        return None
    period = last_closed_quarter(today)
    found = await _figures(program, period)
    return PublicSurveys(period.start.isoformat(), period.end.isoformat(), tuple(
        (s.questionnaire.key, s.phase, s.responses, tuple((line.question.key, line.answered, line.agree)
                                                           for line in s.lines))
        for s in found.summaries), found.pairs)
