"""A citizens' panel draw anyone can check, and what stored runs keep of volunteers.

After the draw the public downloads the pseudonymised inputs (their SHA-256 is the commitment published
before the draw) and the record, and re-runs it; nothing in them names or locates a volunteer. Ending the
panel leaves only the published draw's pseudonymised inputs, linked to nobody; withdrawing leaves nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re

import httpx

from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.models import Draw, Panel, Volunteer
from jurycourt.sortition.verifier import verify
from jurycourt.sortition.worker import work
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.test_citizens_panels import CATEGORIES


def _public(client: httpx.AsyncClient) -> httpx.AsyncClient:
    return client_for(client.app)


async def _charter(client) -> int:
    response = await post_form(client, "/panels/citizens/new", {
        "title": "Parks panel", "question": "How should the parks be run?", "size": "6", "reserves": "2",
        "algorithm": "maximin", "categories": CATEGORIES, "privacy_notice": "We erase your data."})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def _import(client, panel_id: int, n: int = 30) -> None:
    rng = random.Random(5)
    rows = ["reference,name,contact,address,Age band,Gender"]
    for i in range(n):  # the first ten share five homes
        rows.append(f"R{i},Person Number{i},p{i}@example.org,{i // 2 if i < 10 else i} Elm Road,"
                    f"{rng.choice(['16-29', '30-44', '45+'])},{['Woman', 'Man'][i % 2]}")
    response = await post_form(client, f"/panels/citizens/{panel_id}/import",
                               files={"file": ("pool.csv", ("\n".join(rows) + "\n").encode(), "text/csv")})
    assert response.status_code == 303, response.text


async def _committed(client, started) -> tuple[int, str]:
    """A panel of 6 from 30 volunteers, checked by the library and committed; returns it and the commitment
    as its public page shows it."""
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    await _import(client, panel_id)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/check")).status_code == 303
    assert await work(started[-1])
    assert (await post_form(client, f"/panels/citizens/{panel_id}/commit")).status_code == 303
    async with _public(client) as public:
        page = Page((await public.get(f"/panels/citizens/{panel_id}")).text)
    commitment = page.ids["commitment"] and re.search(r"\b[0-9a-f]{64}\b", page.text).group(0)
    return panel_id, commitment


async def _drawn(client, started) -> tuple[int, str]:
    panel_id, commitment = await _committed(client, started)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": "7 21 3"})).status_code == 303
    assert await work(started[-1])
    return panel_id, commitment


async def _downloads(client, panel_id: int) -> tuple[httpx.Response, httpx.Response]:
    async with _public(client) as public:
        return (await public.get(f"/panels/citizens/{panel_id}/draw/inputs.json"),
                await public.get(f"/panels/citizens/{panel_id}/draw/record.json"))


async def test_after_the_draw_anyone_downloads_inputs_whose_sha256_is_the_commitment_published_before_it(
        client, demo, started):
    panel_id, published_before = await _committed(client, started)
    before = await _downloads(client, panel_id)
    assert [r.status_code for r in before] == [404, 404]  # offered once the draw is done

    assert (await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": "7 21 3"})).status_code == 303
    assert await work(started[-1])
    inputs_file, record_file = await _downloads(client, panel_id)
    assert inputs_file.status_code == 200 and "attachment" in inputs_file.headers["content-disposition"]
    assert hashlib.sha256(inputs_file.content).hexdigest() == published_before
    record = record_file.json()
    assert record["inputs"] == json.loads(inputs_file.content) and record["commitment"] == published_before
    async with _public(client) as public:
        page = Page((await public.get(f"/panels/citizens/{panel_id}")).text)
    assert {"draw-inputs-link", "draw-record-link"} <= set(page.ids)
    assert page.ids["seed"] and record["seed"] in page.text and record["announced"] == "7 21 3"
    # The references in the record are the people the panel seated, the reserves in their rank.
    seated = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.SELECTED).values_list("draw_ref",
                                                                                                    flat=True)
    assert sorted(seated) == sorted(record["result"]["selected"]) and len(seated) == 6
    reserves = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.RESERVE).order_by("reserve_rank")
    assert [v.draw_ref for v in reserves] == record["result"]["reserves"]


async def test_the_public_download_names_no_one_and_holds_no_address_or_address_hash(client, demo, started):
    panel_id, _ = await _drawn(client, started)
    inputs_file, record_file = await _downloads(client, panel_id)
    volunteers = await Volunteer.filter(panel_id=panel_id)
    for text in (inputs_file.text, record_file.text):
        assert "Person Number" not in text and "example.org" not in text and "Elm Road" not in text
        assert not [v.household for v in volunteers if v.household in text]  # no SHA-256 of an address
        assert not [v.reference for v in volunteers if f'"{v.reference}"' in text]
    pool = record_file.json()["inputs"]["pool"]
    assert len(pool) == 30 and all(re.fullmatch(r"V-[0-9a-f]{12}", ref) for ref, _, _ in pool)
    assert not {ref for ref, _, _ in pool} & {str(v.id) for v in volunteers}  # not database ids either
    assert sorted({home for _, _, home in pool}) == list(range(1, 26))  # 30 volunteers, 25 homes, numbered
    assert "report" not in record_file.json()["result"]


async def test_the_verify_command_matches_the_downloaded_record_and_not_a_tampered_one(client, demo, started):
    panel_id, _ = await _drawn(client, started)
    record = (await _downloads(client, panel_id))[1].json()
    checked = verify(record)  # in this process, whose hash seed drew it (the command fixes PYTHONHASHSEED=0)
    assert checked.ok, checked.lines
    tampered = copy.deepcopy(record)
    tampered["result"]["reserves"].reverse()
    checked = verify(tampered)
    assert not checked.ok and "the reserves or their order differ" in " ".join(checked.lines)


async def test_ending_the_panel_keeps_only_the_published_draw_and_nothing_links_it_to_the_unselected(
        client, demo, started):
    panel_id, _ = await _drawn(client, started)
    draw = await Draw.get(panel_id=panel_id, purpose="draw")
    assert (await post_form(client, f"/panels/citizens/{panel_id}/draws/{draw.id}/verify")).status_code == 303
    assert await work(started[-1])
    households = [v.household for v in await Volunteer.filter(panel_id=panel_id)]
    published = (await _downloads(client, panel_id))[0].content

    assert (await post_form(client, f"/panels/citizens/{panel_id}/end")).status_code == 303
    runs = {d.purpose: d for d in await Draw.filter(panel_id=panel_id)}
    assert set(runs) == {"check", "draw", "verify"}
    assert runs["check"].inputs == {} and runs["verify"].inputs == {}
    stored = json.dumps([[d.inputs, d.result] for d in runs.values()])
    assert not [h for h in households if h in stored]  # no address hash in any stored run
    # The published draw stays downloadable, unchanged, and only the members' references still point at it.
    assert (await _downloads(client, panel_id))[0].content == published
    refs = dict(await Volunteer.filter(panel_id=panel_id).values_list("draw_ref", "status"))
    assert set(refs.values()) == {VolunteerStatus.SELECTED, VolunteerStatus.ERASED}
    linked = {ref for ref in refs if ref}
    assert linked == set(runs["draw"].result["selected"])
    assert (await Panel.get(id=panel_id)).status == "ended"


async def test_a_volunteer_who_withdraws_leaves_nothing_in_stored_checks(client, demo, started):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    await client.post("/logout", data={"csrf_token": Page((await client.get("/")).text).csrf})
    response = await post_form(client, f"/panels/citizens/{panel_id}/volunteer", {
        "name": "Vera Volunteer", "contact": "vera@example.org", "address": "3 Oak Lane", "c0": "45+",
        "c1": "Woman", "consent": "yes"})
    link = re.search(r"/panels/citizens/withdraw/[\w-]+", response.text).group(0)
    await sign_in(client, "coordinator")
    await _import(client, panel_id, 5)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/check")).status_code == 303
    vera = await Volunteer.get(panel_id=panel_id, name="Vera Volunteer")
    check = await Draw.get(id=started[-1])
    assert len(check.inputs["pool"]) == 6

    assert (await post_form(client, link)).status_code == 200
    await check.refresh_from_db()
    assert len(check.inputs["pool"]) == 5
    assert vera.draw_ref not in json.dumps(check.inputs) and vera.household not in json.dumps(check.inputs)
    await vera.refresh_from_db()
    assert vera.status == VolunteerStatus.WITHDRAWN and vera.draw_ref is None


async def test_a_draw_is_refused_when_the_software_changed_since_the_commitment(client, demo, started, monkeypatch):
    panel_id, _ = await _committed(client, started)
    assert (await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": "1 2"})).status_code == 303
    monkeypatch.setattr("jurycourt.sortition.worker.library_versions", lambda: {"sortition-algorithms": "99.0"})
    assert not await work(started[-1])
    draw = await Draw.get(id=started[-1])
    assert draw.status == DrawStatus.FAILED and "software changed" in draw.message
    assert (await Panel.get(id=panel_id)).status == "committed"
    # Once the commitment is withdrawn, that draw cannot be run again under the old one.
    reopened = await post_form(client, f"/panels/citizens/{panel_id}/reopen", {"reason": "New software"})
    assert reopened.status_code == 303
    refused = await post_form(client, f"/panels/citizens/{panel_id}/draws/{draw.id}/rerun")
    assert refused.status_code == 400 and "commitment has changed" in refused.text


async def test_the_migration_empties_the_stored_runs_of_panels_that_ended_before_this_erasure(demo):
    from importlib import import_module
    from types import SimpleNamespace

    from tortoise import connections

    migration = import_module("migrations.0020_volunteer_draw_refs")
    ended = await Panel.filter(kind="citizens").order_by("id").first()
    await Panel.filter(id=ended.id).update(status="ended")  # ended by the old code: its runs kept the pool
    running = await Panel.create(program_id=ended.program_id, kind="citizens", title="Still sitting", status="drawn")
    legacy = {"pool": [[7, {"Gender": "Woman"}, "ab" * 32]]}
    await Draw.create(panel=running, purpose="check", status=DrawStatus.DONE, inputs=legacy)

    editor = SimpleNamespace(collect_sql=False, client=connections.get("default"))
    await migration.erase_inputs_of_ended_panels(None, editor)
    assert [d.inputs for d in await Draw.filter(panel_id=ended.id)] == [{}]
    assert (await Draw.get(panel_id=running.id)).inputs == legacy  # ended later, by end_panel
