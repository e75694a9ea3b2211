"""The family's words: every state, status and role a teen or parent can see has plain words."""

from __future__ import annotations

from jurycourt.domain import plain_words
from jurycourt.domain.cases import CaseState
from jurycourt.domain.justice import MatterState
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.i18n import use_language

COURT_WORDS = ("sanction", "respondent", "monitoring", "disposition", "breach")


def every_plain_word() -> list[str]:
    return ([plain_words.case_state(s) for s in CaseState] + [plain_words.matter_state(s) for s in MatterState]
            + [plain_words.obligation_status(s) for s in SanctionStatus]
            + [plain_words.role_for_self(r) for r in Role] + [plain_words.plain(w) for w in plain_words.GLOSSARY])


def test_every_state_status_and_role_has_plain_words_free_of_court_words():
    words = every_plain_word()
    assert all(words)
    assert not [w for w in words if any(court in w.casefold() for court in COURT_WORDS)]


def test_a_teen_reads_what_they_agreed_to_do_and_checking_in():
    assert plain_words.plain("sanctions") == "What you agreed to do"
    assert plain_words.plain("monitoring") == "checking in"
    assert plain_words.role_for_self(Role.RESPONDENT) == "Taking part in teen court"
    assert plain_words.case_state(CaseState.MONITORING) == "Doing what you agreed"


def test_the_plain_words_are_in_spanish_too():
    english = every_plain_word()
    with use_language("es-US"):
        spanish = every_plain_word()
    same = [e for e, s in zip(english, spanish, strict=True) if e == s and e not in ("Coordinator",)]
    assert not same, f"not translated: {same}"
