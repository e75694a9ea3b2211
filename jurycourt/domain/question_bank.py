"""The question bank's rules: what a coordinator may approve into it.

The bank holds, per program and offence category, questions that worked for earlier juries.
A bank question names no one: the redaction guard (domain.redaction) must find nothing in it,
not a protected person's name nor anything shaped like a phone number, email address or date.
Juries see the bank ranked by how many of them marked a question as having worked.
"""

from __future__ import annotations

from jurycourt.domain.errors import Refused
from jurycourt.domain.redaction import Finding
from jurycourt.domain.threads import check_text
from jurycourt.i18n import _

QUESTION_MAX = 300
#: How many suggestions a juror sees while preparing questions.
SUGGESTIONS = 5


def check_bank_question(body: str, category: str, categories: dict[str, str], findings: list[Finding],
                        duplicate: bool) -> str:
    """A question for the bank: an offence category of the program, a short text, nothing personal."""
    if category not in categories:
        raise Refused(_("Choose one of the program's offence categories."), "category")
    text = check_text(body, QUESTION_MAX, "body", "question")
    if findings:
        reasons = sorted({f.reason for f in findings})
        raise Refused(_("The redaction check found ") + ", ".join(reasons) + _(" in this question. The bank holds "
                      "only questions that name no one: rewrite it without them."), "body")
    if duplicate:
        raise Refused(_("This question is in the bank for this offence already."), "body")
    return text


def check_from_bank(bank_category: str | None, case_category: str) -> None:
    """A juror adds a bank question made for the offence of the case they hear."""
    if bank_category is None or bank_category != case_category:
        raise Refused(_("That question is not in the bank for this offence."), "question")
