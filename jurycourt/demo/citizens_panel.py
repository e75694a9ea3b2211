"""Demo citizens' panel: 12 members drawn by lot from a made-up 300-person pool with quotas, mid-way through
its four sessions, with the evidence of the two held so far and the members' deliberation. The `panelist`
login sits on it.

The draw's result was computed by the selection library (maximin, HiGHS) from exactly these inputs and is
stored in ``citizens_panel_draw.json`` with the software versions that computed it (which the demo's
inputs declare): running it at seed time takes minutes on a small machine. Regenerate it with
``PYTHONHASHSEED=0 python -m jurycourt.demo.citizens_panel`` after changing the pool or the libraries. The
demo's "Verify" button re-runs it for real, and so does ``python -m jurycourt.sortition.verifier`` on the record its
public page offers. When the stored result does not match the inputs, the demo leaves the draw failed with
its re-run button.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from jurycourt.actions import documents
from jurycourt.actions.threads import open_thread, post_statement
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.assemblies import seed_assembly
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus, DrawStatus, VolunteerStatus
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.panel_sessions import DOCUMENT_TOPIC, THREAD_TOPIC, EvidenceKind
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SessionKind
from jurycourt.domain.threads import Rights
from jurycourt.models import (
    Account,
    CitizensPanel,
    CitizensPanelSession,
    Draw,
    Hearing,
    Panel,
    PanelQuota,
    Person,
    Program,
    SessionEvidence,
    Volunteer,
)

RESULT_FILE = Path(__file__).with_name("citizens_panel_draw.json")
ANNOUNCED = "17 4 32 9 25"
CATEGORIES = [rules.Category("Age band", ("16-29", "30-44", "45-64", "65+")),
              rules.Category("Gender", ("Woman", "Man", "Another gender")),
              rules.Category("Neighbourhood", ("Riverside", "Old Town", "Hillcrest", "Eastgate"))]
QUOTAS = [*(rules.Quota("Age band", v, 2, 4) for v in CATEGORIES[0].values),
          rules.Quota("Gender", "Woman", 5, 7), rules.Quota("Gender", "Man", 5, 7),
          rules.Quota("Gender", "Another gender", 0, 1),
          *(rules.Quota("Neighbourhood", v, 2, 4) for v in CATEGORIES[2].values)]
FIRST = ["Ada", "Bea", "Cal", "Dev", "Eli", "Fay", "Gus", "Hal", "Ida", "Jon", "Kit", "Lou", "Mae", "Ned", "Ola",
         "Pia", "Quin", "Ray", "Sol", "Tia", "Uma", "Vic", "Wes", "Xia", "Yan", "Zoe"]
LAST = ["Abara", "Birch", "Castell", "Dunmore", "Ekwueme", "Fenwick", "Galloway", "Haddad", "Iverson", "Jovanovic",
        "Kowal", "Lindqvist", "Marchetti", "Nakamura", "Okafor", "Pereira"]
NOTICE = ("We keep your name and contact only to run this panel's draw and to reach you if you are chosen. "
          "Your address is never stored, only a household code. After the draw, your answers are published "
          "under a random code (never your name, contact or address) so that anyone can check the draw. If "
          "you are not chosen, your data is erased when the panel ends.")
_FRESH = False  # set by the regeneration: declare the installed software, not the stored draw's


def _draw_ref(reference: str) -> str:
    """The demo volunteer's draw reference: fixed, so the demo's commitment and stored result agree."""
    return f"V-{hashlib.sha256(f'demo-citizens-panel:{reference}'.encode()).hexdigest()[:12]}"


def _stored_draw() -> dict:
    return {} if _FRESH or not RESULT_FILE.exists() else json.loads(RESULT_FILE.read_text())


def _pool(rng: random.Random, key: str) -> list[tuple[str, str, dict[str, str], str]]:
    people = []
    for n in range(300):
        home = n // 2 if n < 60 else n  # the first sixty share thirty homes, two by two
        values = {"Age band": rng.choices(CATEGORIES[0].values, [30, 25, 28, 17])[0],
                  "Gender": rng.choices(CATEGORIES[1].values, [48, 48, 4])[0],
                  "Neighbourhood": rng.choice(CATEGORIES[2].values)}
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 5 + n // 26) % len(LAST)]}"
        people.append((f"D-{n + 1:03d}", name, values, rules.household_key(f"{home + 1} Demo Street", key)))
    return people


async def seed_citizens_panel(program: Program, accounts: dict[str, Account], today: date, key: str) -> Panel:
    """The demo panel, drawn, with two sessions held and two to come."""
    rng = random.Random(2004)
    panel = await Panel.create(program=program, kind=PanelKind.CITIZENS, title="Riverside youth reoffending panel",
                               status=CitizensPanelStatus.COMMITTED)
    citizens = await CitizensPanel.create(panel=panel, question="How should the town reduce youth reoffending?",
                                          size=12, reserves=4, algorithm="maximin",
                                          categories=rules.categories_to_json(CATEGORIES), privacy_notice=NOTICE)
    await PanelQuota.bulk_create([PanelQuota(panel_id=panel.id, category=q.category, value=q.value, min=q.min,
                                             max=q.max) for q in QUOTAS])
    for reference, name, values, household in _pool(rng, key):
        await Volunteer.create(panel=panel, reference=reference, draw_ref=_draw_ref(reference), name=name,
                               contact=f"{reference.lower()}@example.org", household=household, answers=values,
                               source="import")
    sessions = await _sessions(program, panel, today)
    from jurycourt.actions.citizens_panels import draw_inputs_of

    stored = _stored_draw()
    inputs = await draw_inputs_of(panel, citizens, stored.get("software"))
    citizens.commitment = rules.commitment_hash(inputs)
    citizens.committed_at = datetime.combine(today - timedelta(days=40), time(17), UTC)
    await citizens.save()
    seed = rules.derive_seed(citizens.commitment, ANNOUNCED)
    drawn_at = datetime.combine(today - timedelta(days=35), time(19), UTC)
    if stored.get("commitment") != citizens.commitment or stored.get("seed") != str(seed):
        await Draw.create(panel=panel, purpose="draw", status=DrawStatus.FAILED, inputs=inputs, announced=ANNOUNCED,
                          commitment=citizens.commitment, seed=str(seed), finished_at=drawn_at,
                          message="The demo's stored result does not match its pool. Run it again.")
        return panel
    result = stored["result"]
    await Draw.create(panel=panel, purpose="draw", status=DrawStatus.DONE, progress=100, message="Done",
                      inputs=inputs, announced=ANNOUNCED, commitment=citizens.commitment, seed=str(seed),
                      result=result, started_at=drawn_at, finished_at=drawn_at)
    await Volunteer.filter(panel_id=panel.id, draw_ref__in=result["selected"]).update(
        status=VolunteerStatus.SELECTED)
    for rank, ref in enumerate(result["reserves"], start=1):
        await Volunteer.filter(panel_id=panel.id, draw_ref=ref).update(status=VolunteerStatus.RESERVE,
                                                                       reserve_rank=rank)
    first = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("id").first()
    if first is not None and "panelist" in accounts:
        first.person_id = accounts["panelist"].person_id
        await first.save(update_fields=["person_id"])
    panel.status = CitizensPanelStatus.DRAWN
    await panel.save(update_fields=["status"])
    await _working_record(program, panel, accounts, sessions)
    await seed_assembly(panel, accounts, sessions, held=2)
    return panel


REOFFENDING_CSV = (b"year,young people cautioned or convicted,reoffended within a year,share\n"
                   b"2021,212,74,35%\n2022,198,65,33%\n2023,187,67,36%\n2024,176,58,33%\n")
TESTIMONY = [
    ("Maria Lopez", "Head of youth services, Riverside Town Council",
     "Two youth workers cover the whole town. The youth centre closes at 6 pm on weekdays and all weekend, "
     "which is when most first offences happen. Referrals to mentoring wait about eleven weeks. She asked the "
     "panel to look at evening and weekend provision before new programmes."),
    ("Sgt. Paul Grady", "Youth liaison officer, Riverside police",
     "Most young people he meets after a first offence had nothing to do and nowhere to go. Restorative "
     "meetings work when the young person is met within two weeks; after a month they rarely take part."),
]
DELIBERATION = [
    "The figures barely move in four years: whatever we recommend has to change what happens in the evenings.",
    "Ms Lopez said referrals wait eleven weeks. Could peer mentors who went through the youth court shorten "
    "that?",
    "I'd like us to ask for the youth centre to open on weekends before anything else. It is the cheapest "
    "thing we heard about.",
    "Agreed on weekends. The sergeant's point about meeting young people within two weeks should be a "
    "recommendation of its own.",
]


async def _working_record(program: Program, panel: Panel, accounts: dict[str, Account],
                          sessions: list[CitizensPanelSession]) -> None:
    """The two sessions held so far: a document and testimony filed with each, and the members'
    deliberation, through the same components the pages use (documents, threads)."""
    coordinator = accounts["coordinator"].person_id if "coordinator" in accounts else None
    held = sessions[:2]
    document = await documents.store(coordinator, program.id, DOCUMENT_TOPIC, held[0].id,
                                     "reoffending-by-year.csv", REOFFENDING_CSV)
    await SessionEvidence.create(session=held[0], kind=EvidenceKind.DOCUMENT,
                                 title="Reoffending within a year, 2021 to 2024",
                                 summary="From the youth offending team's annual returns.", document=document,
                                 added_by_id=coordinator)
    for session, (speaker, role, summary) in zip(held, TESTIMONY, strict=True):
        await SessionEvidence.create(session=session, kind=EvidenceKind.TESTIMONY, title=speaker,
                                     speaker_role=role, summary=summary, added_by_id=coordinator)
    authors = [volunteer.person_id for volunteer in await Volunteer.filter(
        panel_id=panel.id, status=VolunteerStatus.SELECTED, person_id__isnull=False).order_by("id")]
    for volunteer in await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED,
                                            person_id__isnull=True).order_by("id").limit(3 - len(authors)):
        given, _, family = volunteer.name.partition(" ")
        person = await Person.create(given_name=given, family_name=family)
        await Volunteer.filter(id=volunteer.id).update(person_id=person.id)
        authors.append(person.id)
    for session in held:  # filed the evening of the session, not on the day the demo is seeded
        ended = (await Hearing.get(id=session.hearing_id)).ends_at
        await SessionEvidence.filter(session_id=session.id).update(added_at=ended + timedelta(hours=1))
    thread = await open_thread(program.id, THREAD_TOPIC, panel.id)
    for n, body in enumerate(DELIBERATION):
        await post_statement(thread, authors[n % len(authors)], Rights(post=True), body)


async def _sessions(program: Program, panel: Panel, today: date) -> list[CitizensPanelSession]:
    sessions = []
    # The next session is tomorrow, so its members' reminders wait on /outbox (demo.messages).
    for days in (-21, -7, 1, 21):
        day = today + timedelta(days=days)
        starts = datetime.combine(day, time(21), UTC)  # 16:00 or 17:00 in New York
        hearing = await Hearing.create(program=program, kind=SessionKind.PANEL_SESSION, title=panel.title[:120],
                                       starts_at=starts, ends_at=starts + timedelta(hours=2),
                                       status=HearingStatus.HELD if days < 0 else HearingStatus.PLANNED)
        sessions.append(await CitizensPanelSession.create(panel=panel, hearing=hearing))
    return sessions


def _regenerate() -> None:  # pragma: no cover - a maintainer's tool
    """Compute the demo draw with the library (in this process, PYTHONHASHSEED=0) and store it."""
    import asyncio
    import os
    import tempfile

    from tortoise import Tortoise

    from jurycourt.auth.passwords import make_hasher
    from jurycourt.db import migrate, tortoise_config
    from jurycourt.settings import Settings, finalize

    assert os.environ.get("PYTHONHASHSEED") == "0", "run with PYTHONHASHSEED=0, as the draw worker does"
    global _FRESH
    _FRESH = True

    async def run() -> dict:
        from jurycourt.demo import seed_demo
        from jurycourt.sortition.draw import run_draw

        url = f"sqlite://{tempfile.mkdtemp()}/demo.sqlite3"
        settings = finalize(Settings(database_url=url, secret_key="x" * 40))
        await migrate(settings)
        await Tortoise.init(config=tortoise_config(settings))
        await seed_demo(make_hasher("cheapest"))
        draw = await Draw.get(purpose="draw")
        await Tortoise.close_connections()
        result = run_draw(draw.inputs, int(draw.seed), lambda p, m: print(f"{p:3d}% {m}", flush=True))
        return {"commitment": draw.commitment, "seed": draw.seed, "software": draw.inputs["software"],
                "result": result}

    RESULT_FILE.write_text(json.dumps(asyncio.run(run()), indent=1) + "\n")


if __name__ == "__main__":
    _regenerate()


async def seed_recruiting_panel(program: Program, accounts: dict[str, Account]) -> Panel:
    """A second citizens' panel, just chartered and taking volunteers: the public "Get involved" page
    and the nav's citizens' panels lead to its volunteer form."""
    from jurycourt.actions.citizens_panels import charter_panel  # (as draw_inputs_of above)

    denise = Viewer(person_id=accounts["coordinator"].person_id, roles={program.id: frozenset({Role.COORDINATOR})})
    return await charter_panel(
        denise, program.id, title="Riverside parks after dark panel", size="12", reserves="4", algorithm="nash",
        question="What would make Riverside's parks safe and welcoming for young people after dark?",
        categories="\n".join(f"{c.name}: {', '.join(c.values)}" for c in CATEGORIES), privacy_notice=NOTICE)
