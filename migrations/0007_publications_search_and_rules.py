"""Publications: a full-text index, and the rule that a published text never changes.

SQLite keeps an FTS5 table (``publication_fts``, rowid = publication id) in step with triggers;
PostgreSQL keeps a weighted tsvector per publication in ``publication_search`` (GIN-indexed),
also by trigger. On both, an UPDATE that changes the slug, kind, title, summary or body of a
published or withdrawn publication, and any DELETE of one, is refused: corrections are errata.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from jurycourt.db import run_whole_statements

FIXED = ("slug", "kind", "title", "summary", "body_markdown", "body_html", "toc", "published_at")
FIXED_STATES = "('published', 'withdrawn')"

SQLITE = [
    "CREATE VIRTUAL TABLE publication_fts USING fts5(title, summary, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER publication_fts_insert AFTER INSERT ON publication BEGIN "
    "INSERT INTO publication_fts (rowid, title, summary, body) "
    "VALUES (NEW.id, NEW.title, NEW.summary, NEW.body_markdown); END",
    "CREATE TRIGGER publication_fts_update AFTER UPDATE OF title, summary, body_markdown ON publication BEGIN "
    "DELETE FROM publication_fts WHERE rowid = OLD.id; "
    "INSERT INTO publication_fts (rowid, title, summary, body) "
    "VALUES (NEW.id, NEW.title, NEW.summary, NEW.body_markdown); END",
    "CREATE TRIGGER publication_fts_delete AFTER DELETE ON publication BEGIN "
    "DELETE FROM publication_fts WHERE rowid = OLD.id; END",
    f"CREATE TRIGGER publication_fixed_update BEFORE UPDATE ON publication "
    f"WHEN OLD.state IN {FIXED_STATES} AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED)
    + ") BEGIN SELECT RAISE(ABORT, 'a published publication is fixed: add an erratum instead'); END",
    f"CREATE TRIGGER publication_fixed_delete BEFORE DELETE ON publication "
    f"WHEN OLD.state IN {FIXED_STATES} "
    "BEGIN SELECT RAISE(ABORT, 'a published publication is fixed: DELETE refused'); END",
]

POSTGRES = [
    "CREATE TABLE publication_search (publication_id INT PRIMARY KEY REFERENCES publication (id) "
    "ON DELETE CASCADE, document TSVECTOR NOT NULL)",
    "CREATE INDEX publication_search_document ON publication_search USING GIN (document)",
    """CREATE OR REPLACE FUNCTION publication_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO publication_search (publication_id, document) VALUES (NEW.id,
        setweight(to_tsvector('english', unaccent_text(NEW.title)), 'A')
        || setweight(to_tsvector('english', unaccent_text(NEW.summary)), 'B')
        || setweight(to_tsvector('english', unaccent_text(NEW.body_markdown)), 'C'))
    ON CONFLICT (publication_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NEW;
END;
$$""",
    "CREATE TRIGGER publication_search_refresh AFTER INSERT OR UPDATE OF title, summary, body_markdown "
    "ON publication FOR EACH ROW EXECUTE FUNCTION publication_search_refresh()",
    f"""CREATE OR REPLACE FUNCTION publication_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state IN {FIXED_STATES} THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'a published publication is fixed: DELETE refused';
        END IF;
        IF {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FIXED).replace("NEW.toc IS DISTINCT FROM OLD.toc", "NEW.toc::text IS DISTINCT FROM OLD.toc::text")} THEN
            RAISE EXCEPTION 'a published publication is fixed: add an erratum instead';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$""",
    "CREATE TRIGGER publication_fixed BEFORE UPDATE OR DELETE ON publication "
    "FOR EACH ROW EXECUTE FUNCTION publication_fixed()",
]

# Accents are folded without the unaccent extension (which needs superuser rights to install):
# translate() over the Latin-1 letters is enough for names and English prose.
POSTGRES_UNACCENT = """CREATE OR REPLACE FUNCTION unaccent_text(value TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
SELECT translate(value,
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ',
    'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy')
$$"""

SQLITE_DROP = ["DROP TRIGGER IF EXISTS publication_fixed_delete", "DROP TRIGGER IF EXISTS publication_fixed_update",
               "DROP TRIGGER IF EXISTS publication_fts_delete", "DROP TRIGGER IF EXISTS publication_fts_update",
               "DROP TRIGGER IF EXISTS publication_fts_insert", "DROP TABLE IF EXISTS publication_fts"]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS publication_fixed ON publication",
                 "DROP FUNCTION IF EXISTS publication_fixed()",
                 "DROP TRIGGER IF EXISTS publication_search_refresh ON publication",
                 "DROP FUNCTION IF EXISTS publication_search_refresh()",
                 "DROP TABLE IF EXISTS publication_search",
                 "DROP FUNCTION IF EXISTS unaccent_text(TEXT)"]


async def create(apps, schema_editor) -> None:
    dialect = schema_editor.client.capabilities.dialect
    if dialect == "postgres":
        await run_whole_statements(schema_editor, [POSTGRES_UNACCENT, *POSTGRES])
    elif dialect == "sqlite":
        await run_whole_statements(schema_editor, SQLITE)
    else:  # pragma: no cover - jurycourt runs on SQLite and PostgreSQL only
        raise RuntimeError(f"no publication search for {dialect}")


async def drop(apps, schema_editor) -> None:
    dialect = schema_editor.client.capabilities.dialect
    await run_whole_statements(schema_editor, POSTGRES_DROP if dialect == "postgres" else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("jurycourt", "0006_publications")]

    initial = False

    operations = [ops.RunPython(create, drop)]
