"""Dates, times, numbers and durations in each language, as people there write them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jurycourt import i18n
from jurycourt.i18n import formatting

NEW_YORK = "America/New_York"
#: 23:05 UTC on 7 December 2026 is 6:05 in the evening in New York.
EVENING = datetime(2026, 12, 7, 23, 5, tzinfo=UTC)


@pytest.mark.parametrize(("language", "expected"), [
    ("en-US", "Mon, Dec 7, 2026, 6:05\u202fPM"),  # CLDR: a narrow no-break space
    ("es-US", "lun, 7 de dic de 2026, 6:05\u202fp.m."),
])
def test_a_hearing_time_is_shown_in_the_programs_zone_with_a_12_hour_clock(language, expected):
    with i18n.use_language(language):
        assert formatting.local_datetime(EVENING, NEW_YORK) == expected


@pytest.mark.parametrize(("language", "shape", "expected"), [
    ("en-US", "date", "Dec 7, 2026"),
    ("es-US", "date", "7 dic 2026"),
    ("en-US", "long", "December 7, 2026"),
    ("es-US", "long", "7 de diciembre de 2026"),
    ("en-US", "month", "December 2026"),
    ("es-US", "month", "diciembre de 2026"),
])
def test_dates_follow_the_readers_language(language, shape, expected):
    with i18n.use_language(language):
        assert formatting.local_date(date(2026, 12, 7), shape) == expected


def test_a_utc_time_near_midnight_gives_the_local_date_not_the_utc_one():
    just_after_utc_midnight = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
    with i18n.use_language("en-US"):
        assert formatting.local_date(just_after_utc_midnight, "date", NEW_YORK) == "Dec 7, 2026"


@pytest.mark.parametrize(("minutes", "expected"), [
    (375, "6 h 15 min"), (180, "3 h"), (45, "45 min"), (-45, "−45 min"), (65, "1 h 05 min"), (0, "0 min"),
])
def test_durations_read_as_hours_and_minutes(minutes, expected):
    with i18n.use_language("es-US"):
        assert formatting.duration(minutes) == expected


def test_numbers_and_money_are_grouped_the_languages_way():
    with i18n.use_language("en-US"):
        assert formatting.number(1234567) == "1,234,567"
        assert formatting.money(123450) == "$1,234.50"
        assert formatting.hours_count(1) == "1 hour"
        assert formatting.hours_count(7) == "7 hours"
    with i18n.use_language("es-US"):
        assert formatting.hours_count(1) == "1 hora"
        assert formatting.hours_count(7) == "7 horas"


@pytest.mark.parametrize(("header", "expected"), [
    ("es-MX,es;q=0.9,en;q=0.8", "es-US"),
    ("en-GB,en;q=0.9", "en-US"),
    ("fr-FR,fr;q=0.9,es;q=0.5", "es-US"),
    ("de;q=0.9, es;q=0", "en-US"),
    ("", "en-US"),
    ("garbage;;q=x, , es", "es-US"),
])
def test_the_browsers_preferred_language_is_chosen_when_we_speak_it(header, expected):
    assert i18n.negotiate(header) == expected


def test_a_language_set_for_a_block_is_restored_after_it():
    with i18n.use_language("es-US"):
        assert i18n.gettext("Sign in") == "Iniciar sesión"
        with i18n.use_language("en-US"):
            assert i18n.gettext("Sign in") == "Sign in"
        assert i18n.current_language() == "es-US"
    assert i18n.current_language() == "en-US"


def test_a_lazy_label_is_translated_when_it_is_read_not_when_it_is_declared():
    label = i18n.lazy_gettext("Calendar")
    with i18n.use_language("es-US"):
        assert str(label) == "Calendario"
    assert str(label) == "Calendar"


def test_a_lazy_label_can_be_part_of_a_key_in_the_language_current_when_it_is_used():
    label = i18n.lazy_gettext("Calendar")
    assert {label: 1}["Calendar"] == 1 and hash(label) == hash("Calendar")
    with i18n.use_language("es-US"):
        assert hash(label) == hash("Calendario")
