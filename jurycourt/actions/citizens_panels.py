"""Citizens' panels: chartering, the timetable, the recruitment pool, quotas, the commitment, ending."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import assembly_erasure
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_assembly import (
    check_reason,
    commitment_published,
    commitment_superseded,
    forget_calls_of_the_erased,
)
from jurycourt.actions.citizens_draw_records import forget_in_stored_runs, keep_only_the_published_draw
from jurycourt.actions.hearings import create_hearing
from jurycourt.actions.threads import seal
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.db_scrub import scrub
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
from jurycourt.domain.draw_record import new_draw_ref
from jurycourt.domain.errors import Refused
from jurycourt.domain.panel_sessions import THREAD_TOPIC
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.pool_csv import PoolFile, read_pool_csv
from jurycourt.domain.seating import SessionKind
from jurycourt.i18n import gettext
from jurycourt.models import CitizensPanel, CitizensPanelSession, Panel, PanelQuota, Thread, Volunteer
from jurycourt.queries.assembly_letters import recruits_by_letter
from jurycourt.sortition.software import library_versions

MAX_SIZE = 200


async def managed_panel(actor: Viewer, panel_id: int) -> tuple[Panel, CitizensPanel]:
    """The panel, refused (404) unless the actor coordinates its program."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not coordinates(actor, panel.program_id):
        raise NotFound()
    return panel, await CitizensPanel.get(panel_id=panel.id)


def _require_status(panel: Panel, *allowed: CitizensPanelStatus) -> None:
    if panel.status not in allowed:
        raise Refused(gettext("Not while the panel is “%(status)s”.")
                       % {"status": CitizensPanelStatus(panel.status).label})


async def _not_by_letter(panel: Panel) -> None:
    """A panel recruiting by letter has the households that register with a code as its pool, no one else."""
    if await recruits_by_letter(panel.id):
        raise Refused(gettext("This panel recruits by letter: only the households written to can register, with "
                              "the code on their letter."), "file")


def _charter_values(question: str, size: str, reserves: str, algorithm: str) -> tuple[str, int, int]:
    question = " ".join(question.split())
    if not question or len(question) > 500:
        raise Refused(gettext("Give the panel's question (at most 500 characters)."), "question")
    try:
        size_n, reserves_n = int(size), int(reserves)
    except ValueError as exc:
        raise Refused(gettext("Give the panel size and the number of reserves as whole numbers."), "size") from exc
    if not 2 <= size_n <= MAX_SIZE:
        raise Refused(gettext("A panel has between 2 and %(max_size)s members.") % {"max_size": MAX_SIZE}, "size")
    if not 0 <= reserves_n <= size_n:
        raise Refused(gettext("Between 0 reserves and as many as the panel size."), "reserves")
    if algorithm not in rules.ALGORITHMS:
        raise Refused(gettext("Choose maximin or nash."), "algorithm")
    return question, size_n, reserves_n


async def charter_panel(actor: Viewer, program_id: int, *, title: str, question: str, size: str, reserves: str,
                        algorithm: str, categories: str, privacy_notice: str) -> Panel:
    """A coordinator charters a citizens' panel: its question, size, reserves, algorithm and categories.

    Every category value starts with an open quota (0 to the panel size).
    """
    require(coordinates(actor, program_id), hide=False)
    title = " ".join(title.split())
    if not title or len(title) > 160:
        raise Refused(gettext("Give the panel a title (at most 160 characters)."), "title")
    question, size_n, reserves_n = _charter_values(question, size, reserves, algorithm)
    parsed = rules.parse_categories(categories)
    if not privacy_notice.strip():
        raise Refused(gettext("Volunteers must read how their data is used: write the privacy notice."),
                      "privacy_notice")
    async with in_transaction():
        panel = await Panel.create(program_id=program_id, kind=PanelKind.CITIZENS, title=title,
                                   status=CitizensPanelStatus.RECRUITING)
        await CitizensPanel.create(panel=panel, question=question, size=size_n, reserves=reserves_n,
                                   algorithm=algorithm, categories=rules.categories_to_json(parsed),
                                   privacy_notice=privacy_notice.strip())
        await PanelQuota.bulk_create([PanelQuota(panel_id=panel.id, category=q.category, value=q.value, min=q.min,
                                                 max=q.max) for q in rules.default_quotas(parsed, size_n)])
        await record("citizens_panel.chartered", actor_id=actor.person_id, program_id=program_id,
                     subject=("panel", panel.id), size=size_n, categories=len(parsed))
    return panel


async def add_session(actor: Viewer, panel_id: int, starts_at: datetime, ends_at: datetime,
                      room_id: int | None) -> CitizensPanelSession:
    """Put a session in the panel's timetable: a new hearing of the panel session kind, linked to the panel."""
    panel, _ = await managed_panel(actor, panel_id)
    _require_status(panel, CitizensPanelStatus.RECRUITING, CitizensPanelStatus.COMMITTED, CitizensPanelStatus.DRAWN)
    async with in_transaction():
        hearing = await create_hearing(actor, panel.program_id, SessionKind.PANEL_SESSION, panel.title[:120],
                                       starts_at, ends_at, room_id)
        link = await CitizensPanelSession.create(panel_id=panel.id, hearing_id=hearing.id)
        await record("citizens_panel.session_added", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), hearing_id=hearing.id)
    return link


def _answers(categories: list[rules.Category], raw: dict[str, str]) -> dict[str, str]:
    answers = {}
    for n, category in enumerate(categories):
        value = rules.canonical_value(category, raw.get(f"c{n}", ""))
        if value is None:
            raise Refused(gettext("Choose your %(name)s.") % {"name": category.name.lower()}, f"c{n}")
        answers[category.name] = value
    return answers


def name_and_contact(name: str, contact: str) -> tuple[str, str]:
    """A volunteer's name and contact as given on a form, spacing made single; refused when empty or too long."""
    name, contact = " ".join(name.split()), " ".join(contact.split())
    if not name or len(name) > 120:
        raise Refused(gettext("Give your name (at most 120 characters)."), "name")
    if not contact or len(contact) > 160:
        raise Refused(gettext("Give an email address or phone number, so we can tell you if you are chosen."),
                      "contact")
    return name, contact


async def register_volunteer(panel_id: int, *, name: str, contact: str, address: str,
                             answers: dict[str, str], consent: bool, key: str) -> tuple[Volunteer, str]:
    """Anyone registers for a recruiting panel's pool from the public form (no account).

    Returns the volunteer and the secret withdrawal token (only its SHA-256 is stored). The address is
    kept only as its household key (a keyed hash under the pseudonym key ``key``).
    """
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None:
        raise NotFound()
    _require_status(panel, CitizensPanelStatus.RECRUITING)
    await _not_by_letter(panel)
    citizens = await CitizensPanel.get(panel_id=panel.id)
    name, contact = name_and_contact(name, contact)
    if len(address) > 300:
        raise Refused(gettext("Use at most 300 characters."), "address")
    household = rules.household_key(address, key)
    values = _answers(rules.categories_from_json(citizens.categories), answers)
    if not consent:
        raise Refused(gettext("Please confirm you have read the privacy notice."), "consent")
    token = new_token()
    async with in_transaction():
        volunteer = await Volunteer.create(panel_id=panel.id, reference=f"F-{token[:10]}", draw_ref=new_draw_ref(),
                                           name=name, contact=contact, household=household, answers=values,
                                           source="form", withdraw_token_hash=digest(token))
        await record("citizens_panel.volunteered", actor_id=None, program_id=panel.program_id,
                     subject=("volunteer", volunteer.id))
    return volunteer, token


#: The tables a volunteer's erasure rewrites, rewritten on disk afterwards (jurycourt.db_scrub).
ERASED_TABLES = ["citizens_volunteer", "citizens_draw", "citizens_confirmation_call", *assembly_erasure.ERASED_TABLES]


def _erase(volunteer: Volunteer, status: VolunteerStatus) -> None:
    volunteer.name, volunteer.contact, volunteer.household, volunteer.answers = "", "", "", {}
    volunteer.reference, volunteer.withdraw_token_hash = f"erased-{volunteer.id}", None
    volunteer.draw_ref = None  # nothing links them to the published, pseudonymised pool any more
    volunteer.status, volunteer.person_id = status, None
    volunteer.access_needs, volunteer.caring = "", ""


async def withdraw_volunteer(token: str) -> Volunteer:
    """A volunteer withdraws with their secret link: they leave the pool and their data is erased at once,
    from the pool of every stored run (feasibility checks) too.

    A volunteer already selected stays in the panel's record (the coordinator handles a member leaving).
    """
    async with in_transaction():
        volunteer = await Volunteer.filter(withdraw_token_hash=digest(token)).select_for_update().first()
        if volunteer is None or volunteer.status != VolunteerStatus.POOL:
            raise NotFound()
        panel = await Panel.get(id=volunteer.panel_id)
        if panel.status != CitizensPanelStatus.RECRUITING:
            raise Refused(gettext("The pool is frozen for the draw now; ask the coordinator to take you out "
                                   "of the panel."))
        # str(id): runs stored before references were random named volunteers by their database id
        await forget_in_stored_runs(panel.id, {r for r in (volunteer.draw_ref, str(volunteer.id)) if r})
        _erase(volunteer, VolunteerStatus.WITHDRAWN)
        await volunteer.save()
        await assembly_erasure.forget_registration(volunteer.id)
        await record("citizens_panel.withdrew", actor_id=None, program_id=panel.program_id,
                     subject=("volunteer", volunteer.id))
    await scrub(ERASED_TABLES, later=True)  # PostgreSQL's rewrite: the next housekeeping round
    return volunteer


async def import_pool(actor: Viewer, panel_id: int, data: bytes, key: str) -> PoolFile:
    """A coordinator imports volunteers from a CSV file. Every row is checked first; a file with any error
    imports nothing, and the errors come back row by row. Addresses become household keys under ``key``."""
    panel, citizens = await managed_panel(actor, panel_id)
    _require_status(panel, CitizensPanelStatus.RECRUITING)
    await _not_by_letter(panel)
    existing = {r.lower() for r in await Volunteer.filter(panel_id=panel.id).values_list("reference", flat=True)}
    pool_file = read_pool_csv(data, rules.categories_from_json(citizens.categories), existing, key)
    if not pool_file.ok:
        return pool_file
    async with in_transaction():
        await Volunteer.bulk_create([
            Volunteer(panel_id=panel.id, reference=row.reference, draw_ref=new_draw_ref(), name=row.name,
                      contact=row.contact, household=row.household, answers=row.values, source="import")
            for row in pool_file.rows
        ], batch_size=500)
        await record("citizens_panel.pool_imported", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), rows=len(pool_file.rows))
    return pool_file


async def set_quotas(actor: Viewer, panel_id: int, values: dict[tuple[str, str], tuple[str, str]]) -> None:
    """A coordinator sets the min and max of every category value (only while recruiting)."""
    panel, citizens = await managed_panel(actor, panel_id)
    _require_status(panel, CitizensPanelStatus.RECRUITING)
    async with in_transaction():
        for quota in await PanelQuota.filter(panel_id=panel.id).select_for_update():
            low, high = values.get((quota.category, quota.value), (str(quota.min), str(quota.max)))
            try:
                quota.min, quota.max = int(low), int(high)
            except ValueError as exc:
                raise Refused((gettext("%(category)s “%(quota)s”: give whole numbers.")
                               % {"category": quota.category, "quota": quota.value}), f"q{quota.id}") from exc
            try:
                rules.check_quota(quota.min, quota.max, citizens.size)
            except Refused as refusal:
                raise Refused(f"{quota.category} “{quota.value}”: {refusal.message}", f"q{quota.id}") from None
            await quota.save(update_fields=["min", "max"])
        await record("citizens_panel.quotas_set", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id))


async def draw_inputs_of(panel: Panel, citizens: CitizensPanel, software: dict[str, str] | None = None) -> dict:
    """The draw's inputs as they stand, pseudonymised: the pool (random references, values, household
    numbers), quotas, settings and software versions. A volunteer without a reference of their own (one who
    joined before references existed, or the one-in-billions repeat of a random reference) is given one.
    ``software``: the versions to declare, when not those installed (the demo's stored draw)."""
    volunteers = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.POOL).order_by("id")
    seen: set[str] = set()
    for volunteer in volunteers:
        if not volunteer.draw_ref or volunteer.draw_ref in seen:
            volunteer.draw_ref = new_draw_ref()
            await volunteer.save(update_fields=["draw_ref"])
        seen.add(volunteer.draw_ref)
    pool = [rules.PoolMember(v.draw_ref, v.answers, v.household) for v in volunteers]
    quotas = [rules.Quota(q.category, q.value, q.min, q.max) for q in await PanelQuota.filter(panel_id=panel.id)]
    return rules.draw_inputs(citizens.size, citizens.reserves, citizens.algorithm,
                             rules.categories_from_json(citizens.categories), quotas, pool,
                             software or library_versions())


async def publish_commitment(actor: Viewer, panel_id: int) -> str:
    """Freeze the pool, quotas and settings and publish their SHA-256 on the panel's public page.

    Refused while the quick checks already show the quotas cannot be met.
    """
    panel, citizens = await managed_panel(actor, panel_id)
    async with in_transaction():
        panel = await Panel.filter(id=panel.id).select_for_update().get()
        rules.LIFECYCLE.check(panel.status, CitizensPanelStatus.COMMITTED)
        inputs = await draw_inputs_of(panel, citizens)
        problems = rules.feasibility_problems(
            citizens.size, rules.categories_from_json(citizens.categories),
            [rules.Quota(*q) for q in inputs["quotas"]],
            [rules.PoolMember(ref, values, str(home)) for ref, values, home in inputs["pool"]])
        if problems:
            raise Refused(gettext("The quotas cannot be met with this pool: ") + " ".join(problems))
        citizens.commitment = rules.commitment_hash(inputs)
        citizens.committed_at = clock.now()
        await citizens.save(update_fields=["commitment", "committed_at"])
        await commitment_published(panel.id, citizens.commitment)
        panel.status = CitizensPanelStatus.COMMITTED
        await panel.save(update_fields=["status"])
        await record("citizens_panel.committed", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), commitment=citizens.commitment)
    return citizens.commitment


async def reopen_recruitment(actor: Viewer, panel_id: int, reason: str) -> None:
    """Withdraw a published commitment (before any draw) to change the pool or quotas: only in public, the
    old hash staying on the panel's page with when and why it was superseded."""
    panel, citizens = await managed_panel(actor, panel_id)
    reason = check_reason(reason)
    async with in_transaction():
        rules.LIFECYCLE.check(panel.status, CitizensPanelStatus.RECRUITING)
        await commitment_superseded(panel.id, citizens.commitment, reason)
        citizens.commitment, citizens.committed_at = "", None
        await citizens.save(update_fields=["commitment", "committed_at"])
        panel.status = CitizensPanelStatus.RECRUITING
        await panel.save(update_fields=["status"])
        await record("citizens_panel.reopened", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id))


async def end_panel(actor: Viewer, panel_id: int) -> int:
    """End the panel and erase the data of every volunteer who was not selected. Returns how many.

    Their references are cleared and every stored run but the done draw loses its inputs, so what is left
    of the pool is the published, pseudonymised record, which no longer points at anyone. The members'
    deliberation thread is sealed (read-only) in the same transaction.
    """
    panel, citizens = await managed_panel(actor, panel_id)
    async with in_transaction():
        rules.LIFECYCLE.check(panel.status, CitizensPanelStatus.ENDED)
        erased = 0
        for volunteer in await Volunteer.filter(panel_id=panel.id).exclude(
                status__in=[VolunteerStatus.SELECTED, VolunteerStatus.ERASED]).select_for_update():
            _erase(volunteer, VolunteerStatus.ERASED)
            await volunteer.save()
            erased += 1
        await keep_only_the_published_draw(panel.id, citizens.commitment)
        # Members' access needs and caring were kept only to support them while the panel sat.
        await Volunteer.filter(panel_id=panel.id).update(access_needs="", caring="")
        await forget_calls_of_the_erased(panel.id)
        await assembly_erasure.forget_mailing(panel.id)
        panel.status = CitizensPanelStatus.ENDED
        await panel.save(update_fields=["status"])
        citizens.ended_at = clock.now()
        await citizens.save(update_fields=["ended_at"])
        thread = await Thread.get_or_none(topic=THREAD_TOPIC, topic_id=panel.id)
        if thread is not None:
            await seal(thread, actor.person_id)
        await record("citizens_panel.ended", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), erased=erased)
    await scrub(ERASED_TABLES, later=True)  # PostgreSQL's rewrite: the next housekeeping round
    return erased
