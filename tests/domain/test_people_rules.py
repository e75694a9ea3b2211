"""What makes a person's record acceptable, and how old they are."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.people import age_on, person_problems

TODAY = date(2025, 6, 15)
GOOD = {"given_name": "Aaliyah", "family_name": "Brooks"}


def test_a_person_with_just_two_names_is_acceptable():
    assert person_problems(GOOD, TODAY) == {}


def test_both_names_are_required():
    problems = person_problems({"given_name": "  ", "family_name": ""}, TODAY)
    assert set(problems) == {"given_name", "family_name"}


def test_an_overlong_name_is_refused_with_the_limit():
    problems = person_problems({**GOOD, "family_name": "B" * 81}, TODAY)
    assert problems == {"family_name": "Use at most 80 characters."}


@pytest.mark.parametrize("email", ["ali@example.org", "a.b+c@sub.example.co.uk"])
def test_ordinary_email_addresses_are_accepted(email):
    assert person_problems({**GOOD, "email": email}, TODAY) == {}


@pytest.mark.parametrize("email", ["ali", "ali@example", "ali @example.org", "@example.org"])
def test_malformed_email_addresses_are_refused(email):
    assert set(person_problems({**GOOD, "email": email}, TODAY)) == {"email"}


@pytest.mark.parametrize("phone", ["202-555-0105", "+1 (202) 555 0105", "5550105"])
def test_ordinary_phone_numbers_are_accepted(phone):
    assert person_problems({**GOOD, "phone": phone}, TODAY) == {}


@pytest.mark.parametrize("phone", ["call me", "12345", "202/555/0105"])
def test_malformed_phone_numbers_are_refused(phone):
    assert set(person_problems({**GOOD, "phone": phone}, TODAY)) == {"phone"}


def test_a_date_of_birth_in_the_future_is_refused():
    problems = person_problems({**GOOD, "date_of_birth": "2025-06-16"}, TODAY)
    assert "future" in problems["date_of_birth"]


def test_a_date_of_birth_today_is_accepted():
    assert person_problems({**GOOD, "date_of_birth": "2025-06-15"}, TODAY) == {}


def test_an_implausibly_old_date_of_birth_is_questioned():
    problems = person_problems({**GOOD, "date_of_birth": "1900-01-01"}, TODAY)
    assert "year of birth" in problems["date_of_birth"]


def test_a_date_of_birth_that_is_not_a_date_is_refused():
    problems = person_problems({**GOOD, "date_of_birth": "15/06/2010"}, TODAY)
    assert "YYYY-MM-DD" in problems["date_of_birth"]


def test_empty_optional_fields_are_fine():
    values = {**GOOD, "preferred_name": "", "email": "", "phone": "", "date_of_birth": "", "address": ""}
    assert person_problems(values, TODAY) == {}


def test_age_counts_whole_years_and_turns_on_the_birthday():
    dob = date(2009, 6, 15)
    assert age_on(dob, date(2025, 6, 14)) == 15
    assert age_on(dob, date(2025, 6, 15)) == 16


def test_someone_born_on_the_29th_of_february_ages_on_the_1st_of_march():
    dob = date(2008, 2, 29)
    assert age_on(dob, date(2025, 2, 28)) == 16
    assert age_on(dob, date(2025, 3, 1)) == 17


def test_age_is_unknown_without_a_date_of_birth():
    assert age_on(None, TODAY) is None
