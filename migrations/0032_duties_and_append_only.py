"""Separation of duties and an append-only audit log and errata.

Accounts get their provenance (who created, invited, reset or elevated whom) and coordinators
their seniority (``membership.active_since``); links for coordinators wait for a second one.
The audit log and errata become append-only as the ledger is: database triggers refuse UPDATE
and DELETE except the two rewrites the product makes, through ``permitted_rewrite`` (SQLite: a
row in ``append_only_permit`` for the length of the transaction; PostgreSQL: the transaction's
``jurycourt.append_only_permit`` setting): "erase" clears an erased person's column, "seal"
coarsens a date to its month (and may clear the person too).
"""

import json

from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.roles import MembershipStatus
from jurycourt.domain.separation import ProvenanceKind
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from jurycourt.db import run_whole_statements

#: table -> (its date column a seal coarsens, its person column an erasure clears, the other columns)
GUARDED = {
    "audit_event": ("at", "actor_id", ("id", "program_id", "action", "subject_type", "subject_id", "detail")),
    "erratum": ("published_at", "created_by_id", ("id", "publication_id", "text")),
}
#: table -> the column a seal may also rewrite: an audit event's detail loses what would date the case
SEAL_ALSO = {"audit_event": "detail", "erratum": ""}


def _unchanged(columns) -> str:
    return " AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns)


def _permit(reason: str) -> str:
    return f"EXISTS (SELECT 1 FROM append_only_permit WHERE reason = '{reason}')"  # noqa: S608 - a constant


def _sqlite(table: str) -> list[str]:
    moment, person, others = GUARDED[table]
    erase = f"{_permit('erase')} AND NEW.{person} IS NULL AND NEW.{moment} IS OLD.{moment} AND {_unchanged(others)}"
    seal = (f"{_permit('seal')} AND (NEW.{person} IS NULL OR NEW.{person} IS OLD.{person})"
            f" AND substr(NEW.{moment}, 1, 7) = substr(OLD.{moment}, 1, 7) AND NEW.{moment} <= OLD.{moment}"
            f" AND {_unchanged(c for c in others if c != SEAL_ALSO[table])}")
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN NOT (({erase}) OR ({seal})) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END",
    ]


SQLITE_PERMIT = "CREATE TABLE IF NOT EXISTS append_only_permit (reason VARCHAR(10) NOT NULL)"

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    permit text := coalesce(current_setting('jurycourt.append_only_permit', true), '');
    moment text := TG_ARGV[0];
    person text := TG_ARGV[1];
    old_row jsonb;
    new_row jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND permit IN ('erase', 'seal') THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        IF permit = 'erase' AND new_row ->> person IS NULL AND old_row - person = new_row - person THEN
            RETURN NEW;
        END IF;
        IF permit = 'seal' AND (new_row ->> person IS NULL OR new_row -> person = old_row -> person)
           AND old_row - person - moment - TG_ARGV[2] = new_row - person - moment - TG_ARGV[2]
           AND (new_row ->> moment)::timestamptz <= (old_row ->> moment)::timestamptz
           AND date_trunc('month', (new_row ->> moment)::timestamptz AT TIME ZONE 'UTC')
               = date_trunc('month', (old_row ->> moment)::timestamptz AT TIME ZONE 'UTC') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$"""


def _postgres(table: str) -> list[str]:
    moment, person, _ = GUARDED[table]
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION append_only_guard('{moment}', '{person}', '{SEAL_ALSO[table]}')",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard('{moment}', '{person}', '{SEAL_ALSO[table]}')",
    ]


async def create_triggers(apps, schema_editor) -> None:
    dialect = schema_editor.client.capabilities.dialect
    if dialect == "postgres":
        statements = [POSTGRES_FUNCTION] + [s for t in GUARDED for s in _postgres(t)]
    elif dialect == "sqlite":
        statements = [SQLITE_PERMIT] + [s for t in GUARDED for s in _sqlite(t)]
    else:  # pragma: no cover - jurycourt runs on SQLite and PostgreSQL only
        raise RuntimeError(f"no append-only triggers for {dialect}")
    await run_whole_statements(schema_editor, statements)


async def drop_triggers(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        statements = [f"DROP TRIGGER IF EXISTS {t}_{n} ON {t}" for t in GUARDED for n in ("append_only", "no_truncate")]
        statements.append("DROP FUNCTION IF EXISTS append_only_guard()")
    else:
        statements = [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in GUARDED for op in ("update", "delete")]
        statements.append("DROP TABLE IF EXISTS append_only_permit")
    await run_whole_statements(schema_editor, statements)


async def backfill(apps, schema_editor) -> None:
    """Seniority from when each active role began; provenance from used links and the audit log."""
    if schema_editor.collect_sql:
        return
    client = schema_editor.client
    await client.execute_query("UPDATE membership SET active_since = created_at WHERE status = 'active'")
    await client.execute_query(
        "INSERT INTO account_provenance (person_id, kind, by_id, at) SELECT person_id,"
        " CASE kind WHEN 'invite' THEN 'invited' ELSE 'reset' END, created_by_id, used_at"
        " FROM access_link WHERE used_at IS NOT NULL")
    _, rows = await client.execute_query(
        "SELECT subject_id, actor_id, at, action, detail FROM audit_event WHERE subject_type = 'person'"
        " AND actor_id IS NOT NULL AND action IN ('person.created', 'membership.granted')")
    insert = "INSERT INTO account_provenance (person_id, kind, by_id, at) VALUES (?, ?, ?, ?)"
    if client.capabilities.dialect == "postgres":
        insert = "INSERT INTO account_provenance (person_id, kind, by_id, at) VALUES ($1, $2, $3, $4)"
    for row in rows:
        row = dict(row)
        detail = row["detail"] if isinstance(row["detail"], dict) else json.loads(row["detail"] or "{}")
        if row["action"] == "membership.granted" and detail.get("role") != "coordinator":
            continue
        kind = "created" if row["action"] == "person.created" else "elevated"
        await client.execute_query(insert, [int(row["subject_id"]), kind, row["actor_id"], row["at"]])


class DescriptionOnly(ops.AlterField):
    """A field whose description alone changes (a new value of an enum). SQLite keeps no column
    comments and rebuilds the table for any alteration, losing its unique constraint and indexes:
    there only the migration state changes; PostgreSQL updates the column's comment."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0030_sealing_and_figures')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Provenance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='CREATED: created\nINVITED: invited\nRESET: reset\nELEVATED: elevated', enum_type=ProvenanceKind, max_length=20)),
                ('by', fields.ForeignKeyField('jurycourt.Person', source_field='by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_provenance', 'app': 'jurycourt', 'indexes': [Index(fields=['person_id']), Index(fields=['by_id'])], 'pk_attr': 'id', 'table_description': "Who could have had a hand in a person's account: who created the person, issued the link"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AccessLink',
            name='awaiting_confirmation',
            field=fields.BooleanField(default=False, db_default=False, description='A link for a coordinator works only once a second, independent coordinator confirms it.'),
        ),
        ops.AddField(
            model_name='AccessLink',
            name='confirmed_by',
            field=fields.ForeignKeyField('jurycourt.Person', source_field='confirmed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        DescriptionOnly(
            model_name='Membership',
            name='status',
            field=fields.CharEnumField(default=MembershipStatus.ACTIVE, description='ACTIVE: active\nINACTIVE: inactive\nPENDING: pending', enum_type=MembershipStatus, max_length=10),
        ),
        ops.AddField(
            model_name='Membership',
            name='active_since',
            field=UtcDatetimeField(null=True, description="when the role last became active: a coordinator's seniority counts from here", auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Membership',
            name='requested_by',
            field=fields.ForeignKeyField('jurycourt.Person', source_field='requested_by_id', null=True, description='who asked for a pending coordinator role', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.RunPython(backfill, lambda apps, schema_editor: None),
        ops.RunPython(create_triggers, drop_triggers),
    ]
