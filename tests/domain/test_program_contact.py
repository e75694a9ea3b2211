"""A program's public contact: shown as typed (trimmed), refused with the field to blame."""

from __future__ import annotations

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.program_contact import check_public_contact


def test_a_usual_email_and_phone_are_kept_trimmed_and_both_may_be_empty():
    assert check_public_contact(" court@town.example ", " (555)  010-2040 ") == ("court@town.example", "(555) 010-2040")
    assert check_public_contact("", "") == ("", "")


@pytest.mark.parametrize(("email", "phone", "field"), [
    ("court at town", "", "email"), ("court@town", "", "email"), ("a@b.org", "12345", "phone"),
    ("a@b.org", "555-CALL-NOW", "phone"), ("", "1" * 16, "phone")])
def test_a_contact_that_is_not_an_address_or_a_number_is_refused_naming_the_field(email, phone, field):
    with pytest.raises(Refused) as refused:
        check_public_contact(email, phone)
    assert refused.value.field == field
