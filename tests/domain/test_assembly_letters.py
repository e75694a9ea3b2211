"""The letters stage of a two-stage lottery: the address file, the seeded sample, variants, codes, rates."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain import assembly_letters as letters
from jurycourt.domain.citizens_panels import Category
from jurycourt.domain.errors import Refused

AREA = Category("Neighbourhood", ("Riverside", "Hillcrest"))


def _file(*rows: str, header: str = "reference,address,address2,city,postal_code,language,Neighbourhood") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_an_address_file_is_read_row_by_row_with_languages_and_strata():
    found = letters.read_address_csv(_file("A1,1 Elm Road,,Riverside,10001,es,riverside",
                                           "A2,2 Elm Road,Apt 3,Riverside,10001,,Hillcrest"), [AREA])
    assert found.ok
    assert [(r.reference, r.language, r.strata) for r in found.rows] == [
        ("A1", "es-US", {"Neighbourhood": "Riverside"}), ("A2", "", {"Neighbourhood": "Hillcrest"})]


def test_every_bad_row_is_named_with_its_line_and_duplicates_are_found_however_spelled():
    found = letters.read_address_csv(_file(
        "A1,1 Elm Road,,Riverside,10001,en,Riverside",
        "A1,9 Oak Lane,,Riverside,10001,en,Riverside",  # the same reference
        "A3,1 ELM  Rd.,,Riverside,10001,,Riverside",  # the same home as line 2
        "A4,,,Riverside,,fr,Uptown",  # empty address and postal code, a language and a value we do not know
        "A5,5 Elm Road,,Riverside,10001",  # too few fields
    ), [AREA])
    assert not found.ok and [r.reference for r in found.rows] == ["A1"]
    problems = dict.fromkeys(line for line, _ in found.errors)
    assert list(problems) == [3, 4, 5, 6]
    text = " ".join(p for _, p in found.errors)
    assert "also on line 2" in text and "the same home as line 2" in text and "address is empty" in text
    assert "postal_code is empty" in text and "“fr” is not English or Spanish" in text and "“Uptown”" in text


def test_a_file_without_the_required_columns_is_refused_with_the_columns_expected():
    with pytest.raises(Refused, match="lacks the columns: postal_code"):
        letters.read_address_csv(_file("A1,1 Elm Road", header="reference,address"), [AREA])


def test_the_same_seed_draws_the_same_sample_variants_and_codes_and_another_seed_does_not():
    references = [f"R{n}" for n in range(200)]
    first = letters.sample(references, 40, "seed-one")
    assert first == letters.sample(list(reversed(references)), 40, "seed-one")  # the file's order does not matter
    assert first != letters.sample(references, 40, "seed-two")
    assert len(set(first)) == 40
    assert letters.registration_codes("seed-one", 40) == letters.registration_codes("seed-one", 40)
    assert letters.registration_codes("seed-one", 40) != letters.registration_codes("seed-two", 40)
    assert [letters.variant_for(rank, 2) for rank in range(1, 5)] == ["A", "B", "A", "B"]
    assert {letters.variant_for(rank, 1) for rank in range(1, 5)} == {"A"}


def test_codes_are_unique_long_and_free_of_characters_people_confuse():
    codes = letters.registration_codes("a-seed", 2000)
    assert len(set(codes)) == 2000
    assert all(len(c) == letters.CODE_LENGTH for c in codes)
    assert not set("".join(codes)) & set("01OILUVW")
    printed = letters.format_code(codes[0])
    assert printed.count("-") == 2 and letters.normalise_code(printed.lower().replace("-", " ")) == codes[0]


def test_a_code_of_the_wrong_shape_is_refused_before_any_lookup():
    for typed in ("", "ABC", "ABCD-EFGH-JKM0"):
        with pytest.raises(Refused):
            letters.check_code_shape(letters.normalise_code(typed))


def test_a_used_or_expired_code_is_refused_with_a_clear_message():
    reply_by = date(2026, 12, 20)
    letters.check_code_open(reply_by, date(2026, 12, 20), used=False, recruiting=True)
    with pytest.raises(Refused, match="already been used"):
        letters.check_code_open(reply_by, date(2026, 12, 1), used=True, recruiting=True)
    with pytest.raises(Refused, match="closed on"):
        letters.check_code_open(reply_by, date(2026, 12, 21), used=False, recruiting=True)
    with pytest.raises(Refused, match="closed on"):
        letters.check_code_open(reply_by, date(2026, 12, 1), used=False, recruiting=False)


def test_response_rates_per_stratum_and_variant():
    sent = [letters.Letter("A", "", {"Neighbourhood": "Riverside"}, True),
            letters.Letter("B", "es-US", {"Neighbourhood": "Riverside"}, False),
            letters.Letter("A", "", {"Neighbourhood": "Hillcrest"}, False),
            letters.Letter("B", "", {}, True)]
    assert [(r.label, r.letters, r.registrations) for r in letters.rates_by_variant(sent)] == [
        ("A", 2, 1), ("B", 2, 1)]
    by_area = letters.rates_by_stratum(sent, [AREA])["Neighbourhood"]
    assert [(r.label, r.letters, r.registrations, r.share) for r in by_area] == [
        ("Riverside", 2, 1, 0.5), ("Hillcrest", 1, 0, 0.0)]
    assert letters.overall_rate(sent).share == 0.5
