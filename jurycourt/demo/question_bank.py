"""Demo question bank: approved questions for two offences, ranked by the juries they worked for.

The questions name no one (the redaction guard would refuse them for the bank).
"""

from __future__ import annotations

from jurycourt.models import Account, BankQuestion, Program

QUESTIONS = {
    "shoplifting": [
        ("What did the shop lose because of what happened?", 5),
        ("Who else was affected, and how?", 4),
        ("What would you say to the shop owner if they were here?", 2),
        ("What will you do differently the next time friends dare you?", 1),
    ],
    "vandalism": [
        ("Who has to clean it up, and how long does that take them?", 3),
        ("Where could you paint or draw without harming anyone?", 1),
    ],
}


async def seed_question_bank(program: Program, accounts: dict[str, Account]) -> None:
    approver = accounts["coordinator"].person_id
    for category, questions in QUESTIONS.items():
        for body, worked in questions:
            await BankQuestion.create(program=program, offence_category=category, body=body,
                                      approved_by_id=approver, juries_worked=worked)
