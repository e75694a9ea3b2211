"""Citizens' panel rules: categories, household keys, the pool CSV, quick feasibility, commitment and seed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.pool_csv import read_pool_csv

KEY = "pseudonym key of the tests, forty characters long"

CATS = rules.parse_categories("Age band: 16-29, 30-44, 45+\nGender: Woman, Man")
HEADER = "reference,name,contact,address,Age band,Gender\n"


def test_categories_are_read_one_a_line_with_their_values():
    assert [(c.name, c.values) for c in CATS] == [("Age band", ("16-29", "30-44", "45+")), ("Gender", ("Woman", "Man"))]
    assert rules.parse_categories(rules.categories_text(CATS)) == CATS


@pytest.mark.parametrize("text", ["Age band 16-29, 30+", "Age: 16-29", "Age: a, b\nage: c, d", "Name: a, b",
                                  "Age: a, A", ""])
def test_a_malformed_or_repeated_category_is_refused(text):
    with pytest.raises(Refused):
        rules.parse_categories(text)


def test_spellings_of_one_address_share_a_household_key():
    assert rules.household_key("12 High Street, Flat 3", KEY) == rules.household_key("12 high st.  apt 3", KEY)
    assert rules.household_key("12 High Street", KEY) != rules.household_key("14 High Street", KEY)
    with pytest.raises(Refused):
        rules.household_key(" , ", KEY)


def test_a_good_pool_file_with_a_byte_order_mark_reads_every_row_and_keeps_no_address():
    data = ("\ufeff" + HEADER + "A1,Ann Lee,ann@example.org,1 Main St,16-29,woman\n"
            "A2,Bo Ray,,2 Main St,45+,Man\n").encode()
    result = read_pool_csv(data, CATS, set(), KEY)
    assert result.ok
    assert [r.reference for r in result.rows] == ["A1", "A2"]
    assert result.rows[0].values == {"Age band": "16-29", "Gender": "Woman"}
    assert result.rows[0].household == rules.household_key("1 Main Street", KEY)


def test_every_bad_row_is_reported_with_its_line():
    data = (HEADER + "A1,Ann Lee,,1 Main St,16-29,Woman\n"
            "A1,Dup Licate,,3 Main St,16-29,Woman\n"
            "A3,,,4 Main St,99+,Woman\n"
            "A4,Short,row\n").encode()
    result = read_pool_csv(data, CATS, {"old-1"}, KEY)
    lines = {line for line, _ in result.errors}
    assert lines == {3, 4, 5}
    text = " ".join(p for _, p in result.errors)
    assert "appears twice" in text and "name is empty" in text and "“99+” is not one of" in text
    assert "fields" in text


def test_a_file_in_another_encoding_is_refused_with_a_clear_message():
    data = (HEADER + "A1,Zoë Müller,,1 Main St,16-29,Woman\n").encode("latin-1")
    with pytest.raises(Refused, match="not UTF-8"):
        read_pool_csv(data, CATS, set(), KEY)


def test_a_file_missing_a_category_column_is_refused():
    with pytest.raises(Refused, match="Gender"):
        read_pool_csv(b"reference,name,address,Age band\nA1,Ann,1 Main St,16-29\n", CATS, set(), KEY)


def _pool(n_homes: int, value: str = "Woman") -> list[rules.PoolMember]:
    return [rules.PoolMember(i, {"Age band": "16-29", "Gender": value}, f"h{i}") for i in range(n_homes)]


def test_quick_feasibility_finds_minimums_above_the_size_and_too_few_households():
    quotas = [rules.Quota("Gender", "Woman", 3, 4), rules.Quota("Gender", "Man", 3, 4)]
    problems = rules.feasibility_problems(5, CATS, quotas, _pool(4))
    text = " ".join(problems)
    assert "4 households" in text
    assert "minimums add up to 6" in text
    assert "“Man”: the minimum is 3 but only 0 households" in text


def test_quick_feasibility_passes_open_quotas():
    assert rules.feasibility_problems(3, CATS, rules.default_quotas(CATS, 3), _pool(10)) == []


def test_the_commitment_is_the_same_for_the_same_inputs_in_any_order():
    quotas = rules.default_quotas(CATS, 3)
    a = rules.draw_inputs(3, 1, "maximin", CATS, quotas, _pool(5))
    b = rules.draw_inputs(3, 1, "maximin", CATS, list(reversed(quotas)), list(reversed(_pool(5))))
    assert rules.commitment_hash(a) == rules.commitment_hash(b)
    c = rules.draw_inputs(3, 2, "maximin", CATS, quotas, _pool(5))
    assert rules.commitment_hash(c) != rules.commitment_hash(a)


@given(st.text(min_size=1, max_size=50).filter(lambda s: s.strip()))
def test_the_seed_depends_only_on_the_commitment_and_the_announced_value(announced):
    seed = rules.derive_seed("ab" * 32, announced)
    assert seed == rules.derive_seed("ab" * 32, "  " + announced + " ")
    assert 0 < seed < 2**60
    assert seed != rules.derive_seed("cd" * 32, announced)


def test_the_panel_cannot_be_drawn_before_its_commitment_or_reopened_after_the_draw():
    with pytest.raises(Refused):
        rules.LIFECYCLE.check("recruiting", rules.CitizensPanelStatus.DRAWN)
    with pytest.raises(Refused):
        rules.LIFECYCLE.check("drawn", rules.CitizensPanelStatus.RECRUITING)
    rules.LIFECYCLE.check("committed", rules.CitizensPanelStatus.DRAWN)


def test_the_share_of_support_is_exact_and_rounded_half_up_only_for_display():
    share = rules.support_share(13, 2)
    assert share == rules.Fraction(13, 15)
    assert rules.percent_text(share) == "87%"
    assert rules.percent_text(rules.support_share(1, 7)) == "13%"  # 12.5 % rounds up
    assert rules.adopted(rules.support_share(5, 4)) and not rules.adopted(rules.support_share(4, 4))
    with pytest.raises(Refused):
        rules.support_share(0, 0)
    with pytest.raises(Refused):
        rules.check_votes(8, 4, 1, 12)


@given(st.integers(0, 200), st.integers(0, 200))
def test_the_share_of_support_is_between_nothing_and_everything(votes_for, votes_against):
    if votes_for + votes_against == 0:
        return
    share = rules.support_share(votes_for, votes_against)
    assert 0 <= share <= 1 and share * (votes_for + votes_against) == votes_for


def test_a_household_key_is_keyed_so_a_guessed_address_cannot_be_tested_without_the_pseudonym_key():
    import hashlib

    plain = hashlib.sha256(rules.normalise_address("12 High Street").encode()).hexdigest()
    keyed = rules.household_key("12 High Street", KEY)
    assert keyed != plain and keyed != rules.household_key("12 High Street", KEY[::-1])
    # a key stored before keys were keyed (the plain SHA-256) is re-keyed to the same value
    assert rules.rekey_household(plain, KEY) == keyed


def test_pool_file_names_lose_invisible_characters_and_direction_controls_are_reported():
    data = (HEADER + "A1,Ann\u200b Lee\u00ad,ann@example.org,1 Main St,16-29,Woman\n"
            "A2,Bo \u202eyaR,,2 Main St,45+,Man\n"
            "A3,Cy\x00 Dee,,3 Main St,45+,Man\n").encode()
    result = read_pool_csv(data, CATS, set(), KEY)
    assert [r.name for r in result.rows] == ["Ann Lee"]
    assert [(line, "name has a NUL" in problem) for line, problem in result.errors] == [(3, True), (4, True)]
