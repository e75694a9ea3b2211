"""Languages: an outbox message keeps the facts it is written from (so it is written at send time in
the recipient's language), a publication knows its language, and a person may add a translation of it.

PostgreSQL's search index reads each publication with its own language's rules (the ``spanish``
configuration for es-US, ``english`` otherwise), kept beside the document (``config``) so a query is
read the same way. SQLite's index already folds accents without English stemming (``unicode61``).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from jurycourt.db import run_whole_statements
from jurycourt.models.fields import UtcDatetimeField

_REFRESH = """CREATE OR REPLACE FUNCTION publication_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg REGCONFIG := {config};
BEGIN
    IF NEW.state <> 'published' THEN
        DELETE FROM publication_search WHERE publication_id = NEW.id;
        RETURN NEW;
    END IF;
    INSERT INTO publication_search (publication_id, document{column}) VALUES (NEW.id,
        setweight(to_tsvector(cfg, unaccent_text(NEW.title)), 'A')
        || setweight(to_tsvector(cfg, unaccent_text(NEW.summary)), 'B')
        || setweight(to_tsvector(cfg, unaccent_text(NEW.body_markdown)), 'C'){value})
    ON CONFLICT (publication_id) DO UPDATE SET document = EXCLUDED.document{update};
    RETURN NEW;
END;
$$"""

POSTGRES = [
    "ALTER TABLE publication_search ADD COLUMN config REGCONFIG NOT NULL DEFAULT 'english'",
    _REFRESH.format(config="CASE WHEN NEW.language LIKE 'es%' THEN 'spanish'::regconfig ELSE 'english'::regconfig END",
                    column=", config", value=", cfg", update=", config = EXCLUDED.config"),
    "DROP TRIGGER IF EXISTS publication_search_refresh ON publication",
    "CREATE TRIGGER publication_search_refresh AFTER INSERT OR UPDATE OF title, summary, body_markdown, state, language "
    "ON publication FOR EACH ROW EXECUTE FUNCTION publication_search_refresh()",
]
POSTGRES_BACK = [
    _REFRESH.format(config="'english'::regconfig", column="", value="", update=""),
    "DROP TRIGGER IF EXISTS publication_search_refresh ON publication",
    "CREATE TRIGGER publication_search_refresh AFTER INSERT OR UPDATE OF title, summary, body_markdown, state "
    "ON publication FOR EACH ROW EXECUTE FUNCTION publication_search_refresh()",
    "ALTER TABLE publication_search DROP COLUMN config",
]


async def search_in_each_language(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await run_whole_statements(schema_editor, POSTGRES)


async def search_in_english(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await run_whole_statements(schema_editor, POSTGRES_BACK)


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0034_pending_rewrites')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OutboxMessage',
            name='params',
            field=fields.JSONField(null=True, description='The facts a message of a known kind is written from (domain.duties.COMPOSERS), so it is'),
        ),
        ops.AddField(
            model_name='Publication',
            name='language',
            field=fields.CharField(default='en-US', db_default='en-US', max_length=10, description='The language it is written in (a tag of i18n.LANGUAGES): search reads it with that'),
        ),
        ops.RunPython(search_in_each_language, search_in_english),
        ops.CreateModel(
            name='PublicationTranslation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('publication', fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', db_constraint=True, to_field='id', related_name='translations', on_delete=OnDelete.CASCADE)),
                ('language', fields.CharField(max_length=10)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('body_markdown', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('translated_by', fields.ForeignKeyField('jurycourt.Person', source_field='translated_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('translator_name', fields.CharField(default='', max_length=120)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'publication_translation', 'app': 'jurycourt', 'unique_together': (('publication', 'language'),), 'pk_attr': 'id', 'table_description': 'A translation of a publication made by a person, shown beside its original and labelled as a'},
            bases=['Model'],
        ),
    ]
