"""Cleaning typed text (no database): invisible characters go, and the person hears about the ones
whose removal changes what they would see."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.text import BIDI_CONTROLS, BIDI_PROBLEM, NUL_PROBLEM, clean_text


def test_plain_text_is_left_alone():
    assert clean_text("Aaliyah Brooks, 12 Elm Road") == clean_text("Aaliyah Brooks, 12 Elm Road")
    assert clean_text("Aaliyah Brooks").text == "Aaliyah Brooks" and not clean_text("Aaliyah Brooks").problem


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_direction_control_is_removed_with_a_message(control):
    cleaned = clean_text(f"Smith{control}evil")
    assert cleaned.text == "Smithevil"
    assert cleaned.problem == str(BIDI_PROBLEM)


def test_a_right_to_left_override_can_no_longer_make_a_name_read_backwards():
    cleaned = clean_text("Invoice \u202efdp.exe")
    assert cleaned.text == "Invoice fdp.exe" and cleaned.problem


def test_nul_is_refused_and_removed():
    cleaned = clean_text("Aaliyah\x00 Brooks")
    assert cleaned.text == "Aaliyah Brooks" and cleaned.problem == str(NUL_PROBLEM)


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\U000e0041", "\x1b", "\x7f", "\x9b"])
def test_other_invisible_characters_are_removed_without_a_fuss(invisible):
    cleaned = clean_text(f"Aali{invisible}yah")
    assert cleaned.text == "Aaliyah" and not cleaned.problem


def test_line_breaks_tabs_accents_scripts_and_emoji_sequences_are_kept():
    text = "Zoë Ortiz\tمحمد\nनमस्ते\r\nمی\u200cخواهم 👩\u200d👩\u200d👧 🇺🇸 ✌🏽"
    assert clean_text(text) == clean_text(text) and clean_text(text).text == text
    assert not clean_text(text).problem


def test_unicode_line_separators_become_line_breaks():
    assert clean_text("one\u2028two\u2029three").text == "one\ntwo\n\nthree"


@given(st.text())
def test_cleaned_text_has_no_format_or_control_character_but_the_kept_ones(text):
    cleaned = clean_text(text).text
    for character in cleaned:
        category = unicodedata.category(character)
        assert category not in ("Cf", "Cc", "Cs") or character in "\t\n\r\u200c\u200d"
    assert clean_text(cleaned).text == cleaned and not clean_text(cleaned).problem
