"""The audit log and errata are append-only in the database, as the ledger is: UPDATE and DELETE
are refused, except an erased person's column cleared and a seal's dates coarsened to the month,
and those only through ``permitted_rewrite``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from jurycourt.actions.append_only import Rewrite, permitted_rewrite
from jurycourt.actions.audit import record
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models import AuditEvent, Erratum, Person, Publication
from tests.actions.test_ledger import DB_ERRORS
from tests.duties import court

MOMENT = datetime(2026, 5, 17, 14, 30, tzinfo=UTC)
MONTH = datetime(2026, 5, 1, tzinfo=UTC)


async def _records() -> tuple[Person, AuditEvent, Erratum]:
    program = await court()
    person = await Person.create(given_name="Ada", family_name="Gone")
    await record("person.updated", actor_id=person.id, program_id=program.id, subject=("person", 7))
    event = await AuditEvent.filter(actor_id=person.id).get()
    publication = await Publication.create(program_id=program.id, kind=PublicationKind.OUTCOMES_REPORT, slug="r",
                                           title="R", state=PublicationState.PUBLISHED)
    erratum = await Erratum.create(publication_id=publication.id, published_at=MOMENT, text="Fixed.",
                                   created_by_id=person.id)
    return person, event, erratum


@pytest.mark.parametrize("sql", [
    "UPDATE audit_event SET action = 'signin'",
    "UPDATE audit_event SET detail = '{}'",
    "UPDATE audit_event SET actor_id = NULL",
    "DELETE FROM audit_event",
    "UPDATE erratum SET text = 'Something else.'",
    "UPDATE erratum SET created_by_id = NULL",
    "DELETE FROM erratum",
])
async def test_the_database_refuses_to_edit_or_delete_the_audit_log_and_errata(app, sql):
    await _records()

    with pytest.raises(DB_ERRORS, match="append-only"):
        await connections.get("default").execute_query(sql)


async def test_an_erased_person_leaves_the_audit_log_and_errata_only_through_the_permitted_path(app):
    person, event, erratum = await _records()

    with pytest.raises(DB_ERRORS, match="append-only"):
        await Person.filter(id=person.id).delete()
    async with permitted_rewrite(Rewrite.ERASE):
        await Person.filter(id=person.id).delete()

    after = await AuditEvent.get(id=event.id)
    assert after.actor_id is None
    assert (after.action, after.at, after.detail) == (event.action, event.at, event.detail)
    assert (await Erratum.get(id=erratum.id)).created_by_id is None
    with pytest.raises(DB_ERRORS, match="append-only"):  # the permission ended with the block
        await AuditEvent.filter(id=event.id).update(action="signin")


async def test_the_erase_path_changes_nothing_but_the_person(app):
    _, event, erratum = await _records()

    for change in ({"action": "signin"}, {"at": MONTH}):
        with pytest.raises(DB_ERRORS, match="append-only"):
            async with permitted_rewrite(Rewrite.ERASE):
                await AuditEvent.filter(id=event.id).update(actor_id=None, **change)
    with pytest.raises(DB_ERRORS, match="append-only"):
        async with permitted_rewrite(Rewrite.ERASE):
            await Erratum.filter(id=erratum.id).delete()

    assert (await AuditEvent.get(id=event.id)).actor_id == event.actor_id


async def test_a_seal_coarsens_dates_to_their_month_and_no_further(app):
    _, event, erratum = await _records()
    month = event.at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    async with permitted_rewrite(Rewrite.SEAL):
        await AuditEvent.filter(id=event.id).update(at=month)
        await Erratum.filter(id=erratum.id).update(published_at=MONTH)
    for change in ({"at": datetime(2001, 1, 1, tzinfo=UTC)}, {"at": month.replace(year=month.year + 1)},
                   {"subject_id": "8"}):
        with pytest.raises(DB_ERRORS, match="append-only"):
            async with permitted_rewrite(Rewrite.SEAL):
                await AuditEvent.filter(id=event.id).update(**change)

    assert (await AuditEvent.get(id=event.id)).at == month
    assert (await Erratum.get(id=erratum.id)).published_at == MONTH
    with pytest.raises(DB_ERRORS, match="append-only"):
        await AuditEvent.filter(id=event.id).update(at=month.replace(day=2))


async def test_the_permitted_path_works_inside_the_callers_transaction_and_ends_with_its_block(app):
    _, event, _ = await _records()
    month = event.at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    with pytest.raises(DB_ERRORS, match="append-only"):
        async with in_transaction():
            async with permitted_rewrite(Rewrite.SEAL):
                await AuditEvent.filter(id=event.id).update(at=month)
            await AuditEvent.filter(id=event.id).update(actor_id=None)  # allowed inside the block, not after

    assert (await AuditEvent.get(id=event.id)).at == event.at  # the whole transaction rolled back
    async with in_transaction():
        async with permitted_rewrite(Rewrite.SEAL):
            await AuditEvent.filter(id=event.id).update(at=month)
    assert (await AuditEvent.get(id=event.id)).at == month
