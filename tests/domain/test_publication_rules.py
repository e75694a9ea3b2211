"""Publication rules: the lifecycle, two-person approval and withdrawal, slugs and topics."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import (
    LIFECYCLE,
    PublicationState,
    check_editable,
    parse_topics,
    read_topics,
    slugify,
    store_topics,
)

TRANSITIONS, next_state = LIFECYCLE.moves, LIFECYCLE.next
ACTIONS = ["submit", "return", "publish", "withdraw", "edit", "delete"]


def test_a_draft_goes_through_review_to_published_and_may_be_withdrawn():
    state = PublicationState.DRAFT
    for action, expected in [("submit", "in_review"), ("return", "draft"), ("submit", "in_review"),
                             ("publish", "published"), ("withdraw", "withdrawn")]:
        state = next_state(state, action)
        assert state == expected


def test_a_draft_can_not_be_published_without_review():
    with pytest.raises(Refused, match="can't be published"):
        next_state(PublicationState.DRAFT, "publish")


@given(st.lists(st.sampled_from(ACTIONS), max_size=20))
def test_no_sequence_of_actions_makes_an_illegal_move(actions):
    state = PublicationState.DRAFT
    for action in actions:
        try:
            new = next_state(state, action)
        except Refused:
            assert (state, action) not in TRANSITIONS
            continue
        assert TRANSITIONS[(state, action)] == new
        state = new
    assert state != PublicationState.WITHDRAWN or "publish" in actions


def test_only_drafts_are_editable():
    check_editable(PublicationState.DRAFT)
    for state in (PublicationState.IN_REVIEW, PublicationState.PUBLISHED, PublicationState.WITHDRAWN):
        with pytest.raises(Refused):
            check_editable(state)


def test_slugs_are_ascii_words_joined_by_hyphens():
    assert slugify("Speaking truth to power!") == "speaking-truth-to-power"
    assert slugify("Café société") == "cafe-societe"
    assert slugify("***") == "publication"


def test_topics_are_trimmed_unique_and_stored_so_one_can_be_found_exactly():
    topics = parse_topics(" Youth, substance use ,youth,, Prevention")
    assert topics == ["youth", "substance-use", "prevention"]
    assert store_topics(topics) == ",youth,substance-use,prevention,"
    assert read_topics(store_topics(topics)) == topics
    with pytest.raises(Refused):
        parse_topics(",".join(f"t{n}" for n in range(9)))
