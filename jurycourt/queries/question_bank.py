"""Reading the question bank: suggestions for a jury, and the coordinators' bank page.

Only approved questions exist in the bank (approval is what creates a BankQuestion), so nothing
a coordinator did not approve can be suggested. Suggestions are ranked by how many juries marked
a question as having worked, then oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.intake import offence_categories
from jurycourt.domain.question_bank import SUGGESTIONS
from jurycourt.models import BankQuestion, Program, Question

#: The most bank questions and candidates the coordinators' page lists.
PAGE_LIMIT = 200


async def suggestions(program_id: int, offence_category: str, leave_out: set[int]) -> list[BankQuestion]:
    """The best-ranked bank questions for an offence, without those in ``leave_out`` (already drafted)."""
    ranked = await BankQuestion.filter(program_id=program_id, offence_category=offence_category) \
        .order_by("-juries_worked", "id").limit(SUGGESTIONS + len(leave_out))
    return [q for q in ranked if q.id not in leave_out][:SUGGESTIONS]


@dataclass
class BankPage:
    program: Program
    categories: dict[str, str]
    questions: list[BankQuestion]
    #: Jurors' questions marked as having worked that are not in the bank yet.
    candidates: list[Question]


async def bank_page(viewer: Viewer, program_id: int | None) -> BankPage:
    """The bank of one program the viewer coordinates (their first one by default)."""
    programs = viewer.coordinated_programs
    require(bool(programs))
    program_id = program_id if program_id is not None else programs[0]
    require(coordinates(viewer, program_id))
    program = await Program.get_or_none(id=program_id)
    if program is None:
        raise NotFound()
    questions = await BankQuestion.filter(program_id=program_id) \
        .order_by("offence_category", "-juries_worked", "id").limit(PAGE_LIMIT)
    candidates = await Question.filter(case__program_id=program_id, worked=True, bank_question_id=None) \
        .select_related("case").order_by("-id").limit(PAGE_LIMIT)
    return BankPage(program, offence_categories(program.rules), list(questions), list(candidates))
