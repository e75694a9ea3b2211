from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

#: Runs stored before draw inputs were pseudonymised name volunteers by database id with a plain SHA-256 of
#: their address. For panels that have already ended, those volunteers' data should have gone with them:
#: empty those runs' inputs (their results, seeds and commitments stay). Panels still running are handled
#: when they end (end_panel keeps only the published, pseudonymised draw).
ERASE_ENDED = ("UPDATE citizens_draw SET inputs = '{}' "
               "WHERE panel_id IN (SELECT id FROM panel WHERE status = 'ended')")


async def erase_inputs_of_ended_panels(apps, schema_editor) -> None:
    if schema_editor.collect_sql:
        schema_editor.collected_sql.append(ERASE_ENDED)
    else:
        await schema_editor.client.execute_query(ERASE_ENDED)


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0019_case_list_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Volunteer',
            name='draw_ref',
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.RunPython(erase_inputs_of_ended_panels, nothing),
    ]
