"""The rules of a citizens' panel at work: evidence closes when the panel ends; members deliberate while
it sits and coordinators moderate without taking part."""

from __future__ import annotations

import pytest

from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.errors import Refused
from jurycourt.domain.panel_sessions import (
    SUMMARY_MAX,
    check_document,
    check_evidence_open,
    check_testimony,
    deliberation_rights,
)
from jurycourt.domain.threads import Rights


@pytest.mark.parametrize("status", [s for s in CitizensPanelStatus if s != CitizensPanelStatus.ENDED])
def test_evidence_is_filed_until_the_panel_ends(status):
    check_evidence_open(status)
    with pytest.raises(Refused, match="ended"):
        check_evidence_open(CitizensPanelStatus.ENDED)


def test_members_post_only_while_the_panel_sits_and_coordinators_only_moderate():
    assert deliberation_rights("drawn", member=True, coordinator=False) == Rights(post=True, moderate=False)
    assert deliberation_rights("drawn", member=False, coordinator=True) == Rights(post=False, moderate=True)
    for status in ("recruiting", "committed", "ended"):
        assert deliberation_rights(status, member=True, coordinator=False) == Rights()


def test_a_document_needs_a_one_line_title_and_a_short_note():
    assert check_document("  Budget \n 2025 ", " note ") == ("Budget 2025", "note")
    with pytest.raises(Refused) as untitled:
        check_document(" ", "")
    with pytest.raises(Refused) as long_note:
        check_document("Budget", "n" * 2001)
    assert (untitled.value.field, long_note.value.field) == ("title", "note")


def test_testimony_needs_a_speaker_and_a_summary_of_fitting_length():
    assert check_testimony(" Ana  Ruiz ", "", " Said. ") == ("Ana Ruiz", "", "Said.")
    with pytest.raises(Refused) as too_long:
        check_testimony("Ana Ruiz", "", "s" * (SUMMARY_MAX + 1))
    with pytest.raises(Refused) as unnamed:
        check_testimony("", "", "Said.")
    assert (too_long.value.field, unnamed.value.field) == ("summary", "speaker")
