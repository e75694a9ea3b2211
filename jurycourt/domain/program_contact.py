"""A program's public contact: the address and number the public site shows for it."""

from __future__ import annotations

import re

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?[\d ().-]+")


def check_public_contact(email: str, phone: str) -> tuple[str, str]:
    """The contact as it will be shown (trimmed), or Refused naming the field: an email address of
    the usual shape, a phone number of 7 to 15 digits (spaces, dots, dashes and brackets allowed).
    Either may be empty (the public page then says no contact is published)."""
    email, phone = email.strip(), " ".join(phone.split())
    if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
        raise Refused(_("Enter an email address like name@example.org."), "email")
    digits = sum(c.isdigit() for c in phone)
    if phone and (len(phone) > 40 or not PHONE.fullmatch(phone) or not 7 <= digits <= 15):
        raise Refused(_("Enter a phone number of 7 to 15 digits, like (555) 010-2040."), "phone")
    return email, phone
