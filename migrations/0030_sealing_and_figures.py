"""Only published texts in the full-text index.

Drafts used to be indexed as they were typed, so a name edited out of a draft stayed in the index's
shadow tables (SQLite) or dead row versions (PostgreSQL). Now a publication enters the index when it
is published and leaves it when it is withdrawn or deleted; the entries of every other publication
are removed here (SQLite's index is then merged, so they leave its segments too). Their bytes can
linger in free pages until `jurycourt seal --compact` (SQLite VACUUM / PostgreSQL VACUUM FULL),
which cannot run inside a migration's transaction.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

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


class Migration(migrations.Migration):
    dependencies = [("jurycourt", "0028_languages")]

    initial = False

    operations = [ops.RunPython(index_published_only, index_every_text)]
