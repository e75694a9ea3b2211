"""The redaction guard reads a date of birth written the ways Spanish writes dates."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.redaction import ProtectedPerson, check

LUCIA = [ProtectedPerson("Lucía", "Ortega", date_of_birth=date(2010, 3, 1))]


@pytest.mark.parametrize("written", [
    "nació el 1.º de marzo de 2010", "nació el primero de marzo de 2010", "nació el 1ro de marzo de 2010",
    "nació el lunes 1 de marzo de 2010", "nació el 1 mar. 2010", "nació el 1-mar-2010",
    "nació el 1 de Marzo del 2010",
])
def test_a_protected_birth_date_written_the_spanish_way_is_refused(written):
    (found,) = check({"body": written}, LUCIA)
    assert "date of birth" in found.reason and written.endswith(found.text), written


def test_spanish_month_abbreviations_and_ordinary_words_are_told_apart():
    setiembre = [ProtectedPerson("Ana", "Ruiz", date_of_birth=date(2010, 9, 4))]
    assert ["date of birth" in f.reason for f in check({"body": "el 4 set. 2010"}, setiembre)] == [True]
    assert check({"body": "el primero de la fila habló; marzo fue largo"}, LUCIA) == []
