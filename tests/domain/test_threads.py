"""The deliberation thread's rules, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.threads import STATEMENT_MAX, Rights, check_hide, check_post

POSTER = Rights(post=True)
MODERATOR = Rights(post=True, moderate=True)


def test_a_statement_is_trimmed_and_refused_when_empty_too_long_not_allowed_or_sealed():
    assert check_post(POSTER, False, "  Fair.  ") == "Fair."
    with pytest.raises(Refused, match="Write your statement first"):
        check_post(POSTER, False, "  ")
    with pytest.raises(Refused, match=f"at most {STATEMENT_MAX}"):
        check_post(POSTER, False, "x" * (STATEMENT_MAX + 1))
    with pytest.raises(Refused, match="can't add statements"):
        check_post(Rights(), False, "hello")
    with pytest.raises(Refused, match="sealed"):
        check_post(MODERATOR, True, "hello")


@given(st.text(max_size=STATEMENT_MAX * 2))
def test_any_accepted_statement_is_its_trimmed_text_within_the_limit(body):
    try:
        text = check_post(POSTER, False, body)
    except Refused:
        assert not body.strip() or len(body.strip()) > STATEMENT_MAX
    else:
        assert text == body.strip() and 0 < len(text) <= STATEMENT_MAX


def test_only_a_moderator_hides_a_statement_and_always_with_a_reason():
    assert check_hide(MODERATOR, False, " Insults a person. ") == "Insults a person."
    with pytest.raises(Refused, match="Only a coordinator"):
        check_hide(POSTER, False, "Rude.")
    with pytest.raises(Refused, match="Write your reason first"):
        check_hide(MODERATOR, False, "")
    with pytest.raises(Refused, match="sealed"):
        check_hide(MODERATOR, True, "Rude.")


def test_readers_with_different_rights_get_different_etag_keys():
    keys = {Rights().key, Rights(post=True).key, Rights(moderate=True).key, MODERATOR.key}
    assert len(keys) == 4
