"""Approving questions into the bank: typed in by a coordinator, or from a question that worked.

Audit events carry ids and the offence category, never the question's text.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.actions.guard import text_findings
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.intake import offence_categories
from jurycourt.domain.question_bank import check_bank_question
from jurycourt.models import BankQuestion, BankWorked, Program, Question


async def approve_question(actor: Viewer, program_id: int, category: str, body: str,
                           source_question_id: int | None = None) -> BankQuestion:
    """A coordinator approves a question into the bank for one offence category. From a juror's
    question that worked, that jury's mark counts at once. Refused when the redaction guard finds
    anything personal, or the question is in the bank already."""
    require(coordinates(actor, program_id) and program_id is not None)
    program = await Program.get_or_none(id=program_id)
    if program is None:
        raise NotFound()
    source = None
    if source_question_id is not None:
        source = await Question.get_or_none(id=source_question_id, worked=True,
                                            case__program_id=program_id).select_related("case")
        if source is None:
            raise NotFound()
        category = source.case.offence_category
    findings = await text_findings(program_id, "body", body)
    duplicate = await BankQuestion.exists(program_id=program_id, offence_category=category, body=body.strip())
    text = check_bank_question(body, category, offence_categories(program.rules), findings, duplicate)
    async with in_transaction():
        question = await BankQuestion.create(program_id=program_id, offence_category=category, body=text,
                                             approved_by_id=actor.person_id, juries_worked=1 if source else 0)
        if source is not None:
            await BankWorked.create(bank_question_id=question.id, case_id=source.case_id)
            await Question.filter(id=source.id).update(bank_question_id=question.id)
        await record("bank.approved", actor_id=actor.person_id, program_id=program_id,
                     subject=("bank_question", question.id), category=category,
                     question=source.id if source else None)
    return question
