"""The draw's published form: pseudonymised inputs, the commitment over them, and the record's checks."""

from __future__ import annotations

import copy
import hashlib
import json

from jurycourt.domain import citizens_panels as rules
from jurycourt.domain import draw_record

KEY = "pseudonym key of the tests, forty characters long"

CATS = rules.parse_categories("Age band: 16-29, 30-44, 45+\nGender: Woman, Man")
QUOTAS = rules.default_quotas(CATS, 3)
SOFTWARE = {"sortition-algorithms": "0.12.15", "jurycourt-engine": "exact-highs-1"}
ADDRESSES = ["1 Elm Road", "1 Elm Road", "2 Elm Road", "3 Oak Lane", "4 Oak Lane", "5 Oak Lane"]


def _pool(addresses: list[str]) -> list[rules.PoolMember]:
    refs = ["V-9f00", "V-1a00", "V-5c00", "V-0b00", "V-7e00", "V-3d00"]
    return [rules.PoolMember(ref, {"Age band": CATS[0].values[n % 3], "Gender": CATS[1].values[n % 2]},
                             rules.household_key(address, KEY))
            for n, (ref, address) in enumerate(zip(refs, addresses, strict=True))]


def _inputs(addresses: list[str] = ADDRESSES) -> dict:
    return rules.draw_inputs(3, 1, "maximin", CATS, QUOTAS, _pool(addresses), SOFTWARE)


def test_the_published_inputs_hold_references_values_and_household_numbers_and_nothing_from_an_address():
    inputs = _inputs()
    text = rules.canonical_json(inputs).decode()
    assert [entry[0] for entry in inputs["pool"]] == sorted(entry[0] for entry in inputs["pool"])
    assert {entry[2] for entry in inputs["pool"]} == {1, 2, 3, 4, 5}  # six volunteers, five homes
    homes = {entry[0]: entry[2] for entry in inputs["pool"]}
    assert homes["V-9f00"] == homes["V-1a00"]  # the two at 1 Elm Road share a number
    assert all(rules.household_key(a, KEY) not in text for a in ADDRESSES) and "Elm" not in text
    assert inputs["software"] == SOFTWARE and inputs["format"] == rules.INPUTS_FORMAT


def test_a_list_of_addresses_cannot_be_matched_against_the_household_numbers():
    # Other homes grouped the same way give the very same document: the numbers carry nothing of an address.
    elsewhere = ["9 Mill St", "9 Mill St", "8 Mill St", "7 Mill St", "6 Mill St", "5 Mill St"]
    assert rules.canonical_json(_inputs(elsewhere)) == rules.canonical_json(_inputs())


def test_the_commitment_is_the_sha256_of_the_canonical_json_of_the_inputs():
    inputs = _inputs()
    assert rules.commitment_hash(inputs) == hashlib.sha256(rules.canonical_json(inputs)).hexdigest()
    assert json.loads(rules.canonical_json(inputs)) == inputs
    assert rules.commitment_hash(inputs) != rules.commitment_hash({**inputs, "software": {}})


def _record() -> dict:
    inputs = _inputs()
    commitment = rules.commitment_hash(inputs)
    seed = str(rules.derive_seed(commitment, "3 14 15"))
    result = {"selected": ["V-0b00", "V-5c00", "V-9f00"], "reserves": ["V-7e00"], "report": "private text",
              "probabilities": {ref: 0.5 for ref, _, _ in inputs["pool"]}, "versions": SOFTWARE}
    return draw_record.public_record(inputs, commitment, "3 14 15", seed, result)


def test_a_true_record_has_no_problems_and_keeps_only_the_outcome_and_versions_of_the_result():
    record = _record()
    assert draw_record.record_problems(record) == []
    assert set(record["result"]) == {"selected", "reserves", "probabilities", "versions"}


def test_a_record_whose_inputs_or_seed_were_changed_is_caught_before_any_re_run():
    tampered = copy.deepcopy(_record())
    tampered["inputs"]["pool"][0][1]["Gender"] = "Man" if tampered["inputs"]["pool"][0][1]["Gender"] == "Woman" \
        else "Woman"
    assert "do not match the published commitment" in " ".join(draw_record.record_problems(tampered))
    reseeded = {**_record(), "seed": "12345"}
    assert "seed does not follow" in " ".join(draw_record.record_problems(reseeded))
    assert "not a jurycourt draw record" in draw_record.record_problems({"inputs": []})[0]


def test_a_re_run_matches_only_with_the_same_panel_the_same_reserves_in_order_and_the_same_probabilities():
    result = _record()["result"]
    assert draw_record.differences(result, copy.deepcopy(result)) == []
    # A draw stored before references were random named volunteers by integer id: compared as text.
    assert draw_record.differences({"selected": [2, 10], "probabilities": {2: 0.5}},
                                   {"selected": ["2", "10"], "probabilities": {"2": 0.5}}) == []
    moved = {**result, "selected": ["V-0b00", "V-5c00", "V-1a00"]}
    assert draw_record.differences(result, moved) == ["the panel differ"]
    reordered = {**result, "reserves": ["V-7e00", "V-3d00"]}
    assert draw_record.differences(result, reordered) == ["the reserves or their order differ"]


def test_a_withdrawn_volunteer_is_taken_out_of_stored_inputs():
    inputs = _inputs()
    kept = draw_record.without_members(inputs, {"V-9f00"})
    assert [e[0] for e in kept["pool"]] == [e[0] for e in inputs["pool"] if e[0] != "V-9f00"]
    assert draw_record.without_members({}, {"V-9f00"}) == {}


def test_draw_references_are_random_and_say_nothing_of_order():
    refs = {draw_record.new_draw_ref() for _ in range(200)}
    assert len(refs) == 200 and all(r.startswith("V-") and len(r) == 14 for r in refs)
