from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

#: A sealed case no longer links to its respondent. On SQLite, altering the column rebuilds the
#: table and loses its indexes, so they are made again (IF NOT EXISTS keeps PostgreSQL's).
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_case_file_program_8a0736" ON "case_file" ("program_id", "state")',
    'CREATE INDEX IF NOT EXISTS "idx_case_file_respond_726f72" ON "case_file" ("respondent_id", "state")',
)


async def restore_indexes(apps, schema_editor) -> None:
    for statement in INDEXES:
        if schema_editor.collect_sql:
            schema_editor.collected_sql.append(statement)
        else:
            await schema_editor.client.execute_query(statement)


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0007_publications_search_and_rules')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Case',
            name='respondent',
            field=fields.ForeignKeyField('jurycourt.Person', source_field='respondent_id', null=True,
                                         db_constraint=True, to_field='id', related_name='cases',
                                         on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(restore_indexes, nothing),
    ]
