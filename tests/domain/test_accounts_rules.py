"""Rules for login names and passwords."""

from __future__ import annotations

import pytest

from jurycourt.domain.accounts import MAX_PASSWORD, MIN_PASSWORD, login_problem, normalize_login, password_problem


def test_logins_compare_case_folded_and_trimmed():
    assert normalize_login("  Denise.Okafor ") == "denise.okafor"


def test_full_width_letters_in_a_login_are_normalised():
    assert normalize_login("ｊｕｒｏｒ") == "juror"


@pytest.mark.parametrize("login", ["abc", "denise.okafor", "j-1_b", "A" * 64])
def test_reasonable_logins_are_accepted(login):
    assert login_problem(login) is None


@pytest.mark.parametrize("login", ["", "ab", "has space", "ends.", ".starts", "a" * 65, "émile", "x@y"])
def test_odd_logins_are_refused_with_a_reason(login):
    assert "letters, digits" in (login_problem(login) or "")


def test_a_password_of_the_minimum_length_is_accepted():
    assert password_problem("x" * MIN_PASSWORD) is None


def test_a_short_password_is_refused_with_the_minimum():
    assert str(MIN_PASSWORD) in (password_problem("x" * (MIN_PASSWORD - 1)) or "")


def test_an_overlong_password_is_refused():
    assert str(MAX_PASSWORD) in (password_problem("x" * (MAX_PASSWORD + 1)) or "")


def test_passwords_need_no_digits_or_symbols():
    assert password_problem("correct horse battery staple") is None


def test_a_confirmation_that_differs_is_refused():
    assert "not the same" in (password_problem("a long passphrase", "a long passphrasE") or "")


def test_a_matching_confirmation_is_accepted():
    assert password_problem("a long passphrase", "a long passphrase") is None
