"""Only published texts in the full-text index; citizens' panel household keys keyed.

Drafts used to be indexed as they were typed, so a name edited out of a draft stayed in the index's
shadow tables (SQLite) or dead row versions (PostgreSQL). Now a publication enters the index when it
is published and leaves it when it is withdrawn or deleted; the entries of every other publication
are removed here (SQLite's index is then merged, so they leave its segments too). Their bytes can
linger in free pages until `jurycourt seal --compact` (SQLite VACUUM / PostgreSQL VACUUM FULL),
which cannot run inside a migration's transaction.

Household keys were a plain SHA-256 of the normalised address, which anyone holding the database
could test guessed addresses against. They become an HMAC of that SHA-256 under the pseudonym key
(``JURYCOURT_PSEUDONYM_KEY``, read from the environment when there is a key to change), so stored and
new keys still compare equal. It cannot be undone: going back leaves them keyed.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from jurycourt.models.fields import UtcDatetimeField

from jurycourt.db import run_whole_statements

_INDEXED = "(rowid, title, summary, body) VALUES (NEW.id, NEW.title, NEW.summary, NEW.body_markdown)"

SQLITE = [
    "DROP TRIGGER IF EXISTS publication_fts_insert",
    "DROP TRIGGER IF EXISTS publication_fts_update",
    "CREATE TRIGGER publication_fts_insert AFTER INSERT ON publication WHEN NEW.state = 'published' BEGIN "
    f"INSERT INTO publication_fts {_INDEXED}; END",
    "CREATE TRIGGER publication_fts_update AFTER UPDATE OF title, summary, body_markdown, state ON publication BEGIN "
    "DELETE FROM publication_fts WHERE rowid = OLD.id; "
    "INSERT INTO publication_fts (rowid, title, summary, body) "
    "SELECT NEW.id, NEW.title, NEW.summary, NEW.body_markdown WHERE NEW.state = 'published'; END",
    "DELETE FROM publication_fts WHERE rowid NOT IN (SELECT id FROM publication WHERE state = 'published')",
    "INSERT INTO publication_fts (publication_fts) VALUES ('optimize')",
]

SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS publication_fts_insert",
    "DROP TRIGGER IF EXISTS publication_fts_update",
    f"CREATE TRIGGER publication_fts_insert AFTER INSERT ON publication BEGIN INSERT INTO publication_fts {_INDEXED}; END",
    "CREATE TRIGGER publication_fts_update AFTER UPDATE OF title, summary, body_markdown ON publication BEGIN "  # noqa: S608
    f"DELETE FROM publication_fts WHERE rowid = OLD.id; INSERT INTO publication_fts {_INDEXED}; END",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION publication_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state <> 'published' THEN
        DELETE FROM publication_search WHERE publication_id = NEW.id;
        RETURN NEW;
    END IF;
    INSERT INTO publication_search (publication_id, document) VALUES (NEW.id,
        setweight(to_tsvector('english', unaccent_text(NEW.title)), 'A')
        || setweight(to_tsvector('english', unaccent_text(NEW.summary)), 'B')
        || setweight(to_tsvector('english', unaccent_text(NEW.body_markdown)), 'C'))
    ON CONFLICT (publication_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NEW;
END;
$$""",
    "DROP TRIGGER IF EXISTS publication_search_refresh ON publication",
    "CREATE TRIGGER publication_search_refresh AFTER INSERT OR UPDATE OF title, summary, body_markdown, state "
    "ON publication FOR EACH ROW EXECUTE FUNCTION publication_search_refresh()",
    "DELETE FROM publication_search WHERE publication_id NOT IN (SELECT id FROM publication WHERE state = 'published')",
]


async def index_published_only(apps, schema_editor) -> None:
    dialect = schema_editor.client.capabilities.dialect
    await run_whole_statements(schema_editor, POSTGRES if dialect == "postgres" else SQLITE)


async def index_every_text(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        # The function from before this migration indexed every state; the old trigger fired on text only.
        await run_whole_statements(schema_editor, [
            POSTGRES[0].replace("    IF NEW.state <> 'published' THEN\n        DELETE FROM publication_search "
                                "WHERE publication_id = NEW.id;\n        RETURN NEW;\n    END IF;\n", ""),
            "DROP TRIGGER IF EXISTS publication_search_refresh ON publication",
            "CREATE TRIGGER publication_search_refresh AFTER INSERT OR UPDATE OF title, summary, body_markdown "
            "ON publication FOR EACH ROW EXECUTE FUNCTION publication_search_refresh()",
        ])
    else:
        await run_whole_statements(schema_editor, SQLITE_BACK)


async def key_households(apps, schema_editor) -> None:
    client = schema_editor.client
    _, rows = await client.execute_query("SELECT id, household FROM citizens_volunteer WHERE household <> ''")
    if not rows:
        return
    from jurycourt.domain.citizens_panels import rekey_household
    from jurycourt.settings import from_env

    key = from_env().pseudonym_key
    mark = "$1" if client.capabilities.dialect == "postgres" else "?"
    mark2 = "$2" if client.capabilities.dialect == "postgres" else "?"
    for row in rows:
        row_id, household = tuple(row.values()) if isinstance(row, dict) else tuple(row)
        await client.execute_query(f"UPDATE citizens_volunteer SET household = {mark} WHERE id = {mark2}",  # noqa: S608
                                   [rekey_household(household, key), row_id])


async def keep_keyed_households(apps, schema_editor) -> None:
    """Keyed household keys cannot be turned back into plain hashes (that is the point)."""


class Migration(migrations.Migration):
    dependencies = [("jurycourt", "0029_guard")]

    initial = False

    operations = [
        ops.RunPython(index_published_only, index_every_text),
        ops.RunPython(key_households, keep_keyed_households),
        ops.CreateModel(
            name="PublishedFigures",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("program", fields.ForeignKeyField("jurycourt.Program", source_field="program_id", db_constraint=True,
                                                   to_field="id", related_name=False, on_delete=OnDelete.CASCADE)),
                ("period", fields.CharField(description="The closed month, e.g. 2026-03", max_length=7)),
                ("measure", fields.CharField(max_length=40)),
                ("table", fields.JSONField(
                    description="rows, columns, cells, row_totals, column_totals, total (None: hidden)")),
                ("closed_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={"table": "published_figures", "app": "jurycourt",
                     "unique_together": (("program", "period", "measure"),), "pk_attr": "id",
                     "table_description": "One measure's table for one closed month of a program, as published: "
                                          "the suppression decided"},
            bases=["Model"],
        ),
    ]
