from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from jurycourt.domain.panels import PanelKind


#: On SQLite, altering the column rebuilds the table and loses its index, so it is made again
#: (IF NOT EXISTS keeps PostgreSQL's).
INDEX = 'CREATE INDEX IF NOT EXISTS "idx_panel_program_fd96b5" ON "panel" ("program_id", "kind")'


async def call_it_justice(apps, schema_editor) -> None:
    """The community justice panel is "justice" in every layer: its stored kind follows."""
    for statement in (INDEX, "UPDATE panel SET kind = 'justice' WHERE kind = 'restorative'"):
        if schema_editor.collect_sql:
            schema_editor.collected_sql.append(statement)
        else:
            await schema_editor.client.execute_query(statement)


async def call_it_restorative(apps, schema_editor) -> None:
    """Going back restores the old stored name."""
    statement = "UPDATE panel SET kind = 'restorative' WHERE kind = 'justice'"
    if schema_editor.collect_sql:
        schema_editor.collected_sql.append(statement)
    else:
        await schema_editor.client.execute_query(statement)


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0037_texting')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Panel',
            name='kind',
            field=fields.CharEnumField(description='JUSTICE: justice\nCITIZENS: citizens', enum_type=PanelKind,
                                       max_length=12),
        ),
        ops.RunPython(call_it_justice, call_it_restorative),
    ]
