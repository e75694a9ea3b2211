"""Survey answers summed for a program and period: per questionnaire and phase, small groups hidden."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.disclosure import is_sensitive
from jurycourt.domain.measures import Period
from jurycourt.domain.surveys import AFTER, BEFORE, QUESTIONNAIRES, Summary, summarise
from jurycourt.models import Program, SurveyResponse


@dataclass(frozen=True)
class SurveyFigures:
    summaries: list[Summary]
    pairs: int | None  # before/after pairs linked by a kept code; None when 1 to 4 (hidden)


async def survey_figures(viewer: Viewer, program: Program, period: Period) -> SurveyFigures:
    """Every questionnaire answered in the months of ``period``, summarised."""
    require(coordinates(viewer, program.id), hide=True)
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
