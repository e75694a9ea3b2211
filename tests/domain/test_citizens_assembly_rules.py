"""Replacing a member who drops out keeps the quotas, takes the first reserve who keeps them, else draws by
lot among those who do, says in words when nobody can, and replays exactly from the public record; the
seed formula the public page prints is the code's own; the report hides small counts."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jurycourt.domain import citizens_assembly as assembly
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.errors import Refused

CATEGORIES = [rules.Category("Age", ("young", "old")), rules.Category("Gender", ("woman", "man", "other"))]


@st.composite
def panels(draw):
    """A small pool, a panel meeting quotas made around it, ranked reserves, and the member who leaves."""
    n = draw(st.integers(6, 14))
    pool = []
    for i in range(n):
        values = {"Age": draw(st.sampled_from(CATEGORIES[0].values)),
                  "Gender": draw(st.sampled_from(CATEGORIES[1].values))}
        home = i if i < 3 else draw(st.integers(0, n - 1))  # at least three households
        pool.append(rules.PoolMember(f"V-{i:012x}", values, f"home{home}"))
    homes: dict[str, str] = {}
    for member in pool:
        homes.setdefault(member.household, member.ref)
    firsts = sorted(homes.values())
    size = draw(st.integers(2, min(5, len(firsts) - 1)))
    chosen = draw(st.permutations(firsts))[:size]
    by_ref = {m.ref: m for m in pool}
    quotas = []
    for category in CATEGORIES:
        for value in category.values:
            count = sum(by_ref[r].values[category.name] == value for r in chosen)
            low = max(0, count - draw(st.integers(0, 1)))
            quotas.append(rules.Quota(category.name, value, low, min(size, count + draw(st.integers(0, 1)))))
    inputs = rules.draw_inputs(size, 2, "maximin", CATEGORIES, quotas, pool)
    rest = [m.ref for m in pool if m.ref not in chosen]
    reserves = draw(st.permutations(rest))[:draw(st.integers(0, min(3, len(rest))))]
    leaves = draw(st.sampled_from(chosen))
    return inputs, list(chosen), list(reserves), leaves


def _record(inputs, panel, reserves, replacements) -> dict:
    return {"inputs": inputs, "commitment": rules.commitment_hash(inputs), "announced": "4 8 15",
            "result": {"selected": panel, "reserves": reserves}, "replacements": replacements}


@settings(max_examples=150, deadline=None)
@given(panels())
def test_a_replacement_always_keeps_every_quota_and_one_person_per_household(case):
    inputs, panel, reserves, leaves = case
    pool = assembly.pool_of(inputs)
    commitment = rules.commitment_hash(inputs)
    remaining = [r for r in panel if r != leaves]

    def keeps(ref: str) -> bool:
        homes = {pool[r][1] for r in remaining}
        return ref not in panel and pool[ref][1] not in homes and assembly.keeps_quotas(
            [pool[r][0] for r in [*remaining, ref]], inputs["quotas"])

    try:
        chosen = assembly.choose_replacement(inputs, panel, reserves, [], leaves, commitment, "4 8 15", 1)
    except Refused as refusal:
        assert not [ref for ref in pool if keeps(ref)], "a volunteer could have kept the quotas"
        assert "No volunteer can take this seat" in refusal.message
        return
    after = [*remaining, chosen.joins]
    assert assembly.keeps_quotas([pool[r][0] for r in after], inputs["quotas"])
    assert len({pool[r][1] for r in after}) == len(after)
    first_reserve = next((r for r in reserves if keeps(r)), None)
    if first_reserve is not None:  # the first reserve in rank order who keeps the quotas, no lottery
        assert (chosen.source, chosen.joins) == ("reserve", first_reserve)
        assert chosen.reserve_rank == reserves.index(first_reserve) + 1
    else:
        candidates = sorted(r for r in pool if keeps(r))
        assert chosen.source == "draw" and chosen.candidates == len(candidates)
        seed = assembly.seed_of(commitment, "4 8 15", 1)
        assert chosen.joins == candidates[random.Random(seed).randrange(len(candidates))]
    record = _record(inputs, panel, reserves, [chosen.as_record()])
    ok, problems = assembly.replay_problems(record)
    assert problems == [] and len(ok) == 1
    assert sorted(assembly.panel_after(record)) == sorted(after)


def _two_by_two() -> tuple[dict, list[str]]:
    pool = [rules.PoolMember(f"V-{i:012x}", {"Age": age, "Gender": gender}, f"h{i}")
            for i, (age, gender) in enumerate([("young", "woman"), ("old", "man"), ("young", "man"),
                                                ("old", "woman"), ("old", "man"), ("old", "man")])]
    quotas = [rules.Quota("Age", "young", 2, 2), rules.Quota("Age", "old", 2, 2),
              rules.Quota("Gender", "woman", 2, 2), rules.Quota("Gender", "man", 2, 2),
              rules.Quota("Gender", "other", 0, 0)]
    return rules.draw_inputs(4, 1, "maximin", CATEGORIES, quotas, pool), [f"V-{i:012x}" for i in range(4)]


def test_an_impossible_replacement_is_explained_in_words():
    inputs, panel = _two_by_two()  # the young woman leaves; nobody left is young, let alone a young woman
    with pytest.raises(Refused) as refused:
        assembly.choose_replacement(inputs, panel, [], [], panel[0], "c" * 64, "1", 1)
    words = refused.value.message
    assert "No volunteer can take this seat and keep every quota." in words
    assert "must have: Age “young”, Gender “woman”" in words
    assert "2 volunteers are left" in words


def test_a_reserve_who_breaks_a_quota_is_skipped_for_the_next_and_a_tampered_record_fails_the_replay():
    inputs, panel = _two_by_two()
    old_man, young_man = "V-000000000004", "V-000000000006"
    inputs["pool"] = sorted([*inputs["pool"], [young_man, {"Age": "young", "Gender": "man"}, 7]])
    leaves = panel[2]  # the young man: an old man ranked first would put three old people on the panel

    chosen = assembly.choose_replacement(inputs, panel, [old_man, young_man], [], leaves, "c" * 64, "1", 1)

    assert (chosen.source, chosen.joins, chosen.reserve_rank) == ("reserve", young_man, 2)
    record = {"inputs": inputs, "commitment": "c" * 64, "announced": "1",
              "result": {"selected": panel, "reserves": [old_man, young_man]},
              "replacements": [{**chosen.as_record(), "joins": old_man, "reserve_rank": 1}]}
    ok, problems = assembly.replay_problems(record)
    assert ok == [] and problems == [f"replacement 1: the rule gives {young_man} (reserve), the record says "
                                     f"{old_man} (reserve)"]


def test_the_seed_formula_the_page_prints_computes_the_codes_seed():
    commitment, announced = hashlib.sha256(b"x").hexdigest(), '17 4 "32" 9'
    for number in (None, 1, 3):
        expression = assembly.seed_expression(commitment, announced, number)
        assert eval(expression, {"hashlib": hashlib}) == assembly.seed_of(commitment, announced, number)  # noqa: S307
    assert eval(assembly.seed_expression(commitment, "17 4 32 9"), {"hashlib": hashlib}) == \
        rules.derive_seed(commitment, " 17  4 32 9 ")  # noqa: S307 - the draw's own seed


def test_the_report_hides_small_counts_and_any_count_that_would_reveal_one():
    rows = assembly.demographics(*_report_inputs())
    by_value = {(r.category, r.value): r for r in rows}
    assert by_value[("Age", "young")].pool == 12 and by_value[("Age", "old")].pool == 8
    assert by_value[("Gender", "other")].pool is None  # 2 people
    assert by_value[("Gender", "woman")].pool is None  # 6, hidden too: 20 - 12 would give the 2
    assert by_value[("Gender", "man")].pool == 12
    assert [by_value[("Age", v)].panel for v in ("young", "old")] == [None, None]  # 4 and 3 people
    assert {r.target for r in rows} == {"0–7"}
    assert assembly.hidden_counts({"confirmed": 9, "declined": 1, "pending": 2}) == \
        {"confirmed": 9, "declined": None, "pending": None}  # 1 and 2 only known together, as 3
    assert assembly.hidden_counts({"confirmed": 10, "declined": 2, "pending": 0}) == \
        {"confirmed": None, "declined": None, "pending": 0}  # 12 - 10 would reveal the 2
    assert assembly.hidden_counts({"confirmed": 10, "declined": 0}) == {"confirmed": 10, "declined": 0}


def _report_inputs() -> tuple[dict, list[str]]:
    values = [("young", "woman")] * 6 + [("young", "man")] * 6 + [("old", "man")] * 6 + [("old", "other")] * 2
    pool = [rules.PoolMember(f"V-{i:012x}", {"Age": a, "Gender": g}, f"h{i}") for i, (a, g) in enumerate(values)]
    quotas = rules.default_quotas(CATEGORIES, 7)
    panel = [f"V-{i:012x}" for i in (0, 1, 6, 7, 12, 13, 18)]
    return rules.draw_inputs(7, 0, "maximin", CATEGORIES, quotas, pool), panel
