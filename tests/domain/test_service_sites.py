"""Community service rules: what a site must say, capacity, confirmations, the deadline, the signed link."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.service_sites import (
    LinkRefused,
    SiteTerms,
    check_capacity,
    check_confirmation,
    check_extension,
    check_site,
    check_token,
    first_deadline,
    is_overdue,
    link_token,
    minutes_left,
)

SECRET = "s" * 40
TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 15, tzinfo=UTC)


def test_a_site_needs_a_name_a_supervisor_who_can_be_reached_and_a_capacity():
    good = SiteTerms(" Food  Pantry ", "Gloria Estrada", 3, "202-555-0171")
    assert check_site(good).name == "Food Pantry"
    for terms, field in [(SiteTerms("", "Gloria", 3, "202-555-0171"), "name"),
                         (SiteTerms("Pantry", "", 3, "202-555-0171"), "supervisor_name"),
                         (SiteTerms("Pantry", "Gloria", 0, "202-555-0171"), "capacity"),
                         (SiteTerms("Pantry", "Gloria", 3), "supervisor_phone"),
                         (SiteTerms("Pantry", "Gloria", 3, "12"), "supervisor_phone"),
                         (SiteTerms("Pantry", "Gloria", 3, "", "not-an-address"), "supervisor_email")]:
        with pytest.raises(Refused) as refused:
            check_site(terms)
        assert refused.value.field == field


def test_a_site_takes_no_more_teens_than_its_capacity():
    check_capacity(1, 2)
    with pytest.raises(Refused, match="This site is full"):
        check_capacity(2, 2)


def test_hours_are_quarter_hours_on_a_served_day_and_never_more_than_are_left():
    started = TODAY - timedelta(days=10)
    assert check_confirmation(105, TODAY, started, TODAY, 600) == 105
    for minutes, day, left in [(100, TODAY, 600), (0, TODAY, 600), (13 * 60, TODAY, 900),
                               (120, TODAY + timedelta(days=1), 600), (120, started - timedelta(days=1), 600),
                               (120, TODAY, 60), (60, TODAY, 0)]:
        with pytest.raises(Refused):
            check_confirmation(minutes, day, started, TODAY, left)


def test_the_deadline_runs_from_the_disposition_for_the_programs_days_and_moves_only_later_with_a_reason():
    assert first_deadline(TODAY, None) == TODAY + timedelta(days=90)
    assert first_deadline(TODAY, {"community_service_days": 120}) == TODAY + timedelta(days=120)
    assert check_extension(TODAY, TODAY + timedelta(days=14), TODAY, " Sick  week ") == (
        TODAY + timedelta(days=14), "Sick week")
    with pytest.raises(Refused):
        check_extension(TODAY + timedelta(days=20), TODAY + timedelta(days=14), TODAY, "why")
    with pytest.raises(Refused):
        check_extension(TODAY, TODAY + timedelta(days=14), TODAY, "  ")
    assert is_overdue(TODAY - timedelta(days=1), TODAY, minutes_left(10, 300))
    assert not is_overdue(TODAY - timedelta(days=1), TODAY, minutes_left(10, 600))
    assert not is_overdue(TODAY, TODAY, 60)


def test_a_link_is_good_for_its_own_placement_with_its_nonce_until_it_expires():
    expires = NOW + timedelta(days=60)
    token = link_token(SECRET, 7, expires, "nonce-a")
    check_token(SECRET, token, 7, "nonce-a", expires, NOW)
    for placement, nonce, secret, now in [(8, "nonce-a", SECRET, NOW), (7, "nonce-b", SECRET, NOW),
                                          (7, "nonce-a", "t" * 40, NOW), (7, "nonce-a", SECRET, expires)]:
        with pytest.raises(LinkRefused):
            check_token(secret, token, placement, nonce, expires, now)
    later = link_token(SECRET, 7, expires + timedelta(days=1), "nonce-a")
    with pytest.raises(LinkRefused):  # a later expiry typed into the token breaks its signature
        check_token(SECRET, later.split("-")[0] + "-" + later.split("-")[1] + "-" + token.split("-")[2], 7,
                    "nonce-a", expires, NOW)
