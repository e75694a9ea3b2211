"""Postings and entries are append-only: the database refuses to UPDATE or DELETE them.

A mistake is corrected by a reversing posting, never by editing the books. Triggers are written
per database: SQLite raises ABORT, PostgreSQL calls one plpgsql function (also on TRUNCATE).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from jurycourt.db import run_whole_statements

TABLES = ("ledger_posting", "ledger_entry")


def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$"""


def _postgres(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()",
    ]


async def create_triggers(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        statements = [POSTGRES_FUNCTION] + [s for t in TABLES for s in _postgres(t)]
    elif client.capabilities.dialect == "sqlite":
        statements = [s for t in TABLES for s in _sqlite(t)]
    else:  # pragma: no cover - jurycourt runs on SQLite and PostgreSQL only
        raise RuntimeError(f"no append-only triggers for {client.capabilities.dialect}")
    await run_whole_statements(schema_editor, statements)


async def drop_triggers(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        statements = [f"DROP TRIGGER IF EXISTS {t}_{n} ON {t}" for t in TABLES for n in ("append_only", "no_truncate")]
        statements.append("DROP FUNCTION IF EXISTS ledger_append_only()")
    else:
        statements = [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in TABLES for op in ("update", "delete")]
    await run_whole_statements(schema_editor, statements)


class Migration(migrations.Migration):
    dependencies = [("jurycourt", "0002_ledger")]

    initial = False

    operations = [ops.RunPython(create_triggers, drop_triggers)]
