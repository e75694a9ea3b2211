"""Who the guard protects, and each identifier it refuses of them, one by one as issue 17 lists
them: every person connected to a case, justice matter, panel or inquiry who is a minor or of unknown
age, every person harmed and person responsible, guardians and supporters (sealed names: see
test_guard); their streets (the name alone), schools, birth dates in any common written form, phone
numbers with any separators and emails; initials next to an age, a school or a street; the month and
year of birth."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.actions import guard
from jurycourt.actions import justice_matters as matters
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.domain.justice import ParticipantRole
from jurycourt.domain.redaction import ProtectedPerson, check
from jurycourt.domain.roles import Role
from jurycourt.models import Membership, Person
from tests.web.cases_helpers import coordinator
from tests.web.members import new_member


async def test_everyone_the_issue_names_is_protected_and_serving_adults_are_not(demo):
    actor = await coordinator(demo)
    await refer_case(actor, demo.id, Referral("police", "", date.today(), "shoplifting", ""),
                     respondent={"given_name": "Adultrespondent", "family_name": "Quex", "date_of_birth": "1990-01-01"},
                     guardian={"given_name": "Guardiana", "family_name": "Quex", "date_of_birth": "1980-01-01"})
    referral = matters.MatterReferral("police", "", date.today(), "criminal_damage", "Tagged a wall.")
    matter = await matters.refer_matter(actor, demo.id, referral, {"given_name": "Responsibla", "family_name": "Vey"})
    await matters.add_participant(actor, matter, ParticipantRole.HARMED, "indirect",
                                  {"given_name": "Harmedina", "family_name": "Vey"})
    await matters.add_participant(actor, matter, ParticipantRole.SUPPORTER, "",
                                  {"given_name": "Supportia", "family_name": "Vey"})
    await new_member(demo, Role.JUROR, "Minorjuror", age=15)
    await new_member(demo, Role.PANELIST, "Minorpanelist", age=16)
    await new_member(demo, Role.GRAND_JUROR, "Minorgrandjuror", age=17)
    unknown = await Person.create(given_name="Unknownage", family_name="Tester")  # no birth date recorded
    await Membership.create(person=unknown, program=demo, role=Role.JUROR)
    await new_member(demo, Role.JUROR, "Adultjuror", age=40)
    await new_member(demo, Role.PANELIST, "Adultpanelist", age=40)

    protected = {p.given_name for p in await guard.protected_people()}

    assert {"Adultrespondent", "Guardiana", "Responsibla", "Harmedina", "Supportia", "Minorjuror", "Minorpanelist",
            "Minorgrandjuror", "Unknownage"} <= protected
    assert not {"Adultjuror", "Adultpanelist"} & protected


PERSON = ProtectedPerson("Odalys", "Pemberton", address="41 Marrowgate Lane Apt 3, Riverside",
                         phone="(202) 555-0147", email="odalys.p@canary.example", date_of_birth=date(2011, 5, 9),
                         schools=("Hollins Middle School",))
REFUSED = {
    # the street by its name alone, however its type is written
    "near Marrowgate Lane": "a protected person's street",
    "on Marrowgate Ln": "a protected person's street",
    "at 41 Marrowgate": "a protected person's street",
    # the school, in full or by its own name
    "a pupil at Hollins Middle School": "a protected person's school",
    "a pupil at Hollins Middle": "a protected person's school",
    # the birth date, in every common written form
    "born 2011-05-09": "a protected person's date of birth",
    "born 05/09/2011": "a protected person's date of birth",
    "born 5/9/11": "a protected person's date of birth",
    "born 9.5.2011": "a protected person's date of birth",
    "born May 9, 2011": "a protected person's date of birth",
    "born May 9th 2011": "a protected person's date of birth",
    "born 9 May 2011": "a protected person's date of birth",
    "born the 9th of May, 2011": "a protected person's date of birth",
    "nació el 9 de mayo de 2011": "a protected person's date of birth",
    # the month and year of birth
    "born in May 2011": "a protected person's month and year of birth",
    "born May of 2011": "a protected person's month and year of birth",
    "born 05/2011": "a protected person's month and year of birth",
    "born 2011-05": "a protected person's month and year of birth",
    # the phone, with any separators
    "call 202-555-0147": "a protected person's phone number",
    "call 202.555.0147": "a protected person's phone number",
    "call 2025550147": "a protected person's phone number",
    "call +1 202 555 0147": "a protected person's phone number",
    "call 555 0147": "a protected person's phone number",
    "call 5 5 5 - 0 1 4 7": "a protected person's phone number",
    "call 555_01_47": "a protected person's phone number",
    # the email, plain or spelt out
    "write to odalys.p@canary.example": "a protected person's email address",
    "write to ODALYS.P (at) CANARY (dot) EXAMPLE": "a protected person's email address",
    # initials next to an age, a school or a street
    "O.P., 14, spoke": "initials next to an age",
    "O. P. (aged 14) spoke": "initials next to an age",
    "O.P. of Hollins school": "initials next to a school",
    "O.P. from the middle school": "initials next to a school",
    "O.P. of Tamworth Street": "initials next to a street",
}


@pytest.mark.parametrize("text", list(REFUSED))
def test_each_identifier_of_a_protected_person_is_refused(text):
    reasons = [f.reason for f in check({"body": text}, [PERSON])]
    assert REFUSED[text] in reasons, (text, reasons)
