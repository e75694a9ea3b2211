from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

#: A response or status change now answers an inquiry's finding or a citizens' panel's recommendation.
#: On SQLite, altering the finding column rebuilds the table and loses its indexes, so they are made
#: again (IF NOT EXISTS keeps PostgreSQL's).
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_inquiry_fin_finding_e7f1f4" ON "inquiry_finding_response" ("finding_id", "responded_on")',
    'CREATE INDEX IF NOT EXISTS "idx_inquiry_fin_recomme_18d9ec" ON "inquiry_finding_response" ("recommendation_id", "responded_on")',
    'CREATE INDEX IF NOT EXISTS "idx_inquiry_sta_finding_5cefe6" ON "inquiry_status_change" ("finding_id", "changed_on")',
    'CREATE INDEX IF NOT EXISTS "idx_inquiry_sta_recomme_24ed35" ON "inquiry_status_change" ("recommendation_id", "changed_on")',
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
    dependencies = [('jurycourt', '0047_person_harmed')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='FindingResponse',
            options={'table': 'inquiry_finding_response', 'app': 'jurycourt', 'indexes': [Index(fields=['finding_id', 'responded_on']), Index(fields=['recommendation_id', 'responded_on'])], 'pk_attr': 'id', 'table_description': "The named body's response to a published finding or a citizens' panel's published"},
        ),
        ops.AlterField(
            model_name='FindingResponse',
            name='finding',
            field=fields.ForeignKeyField('jurycourt.Finding', source_field='finding_id', null=True, db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='FindingResponse',
            name='recommendation',
            field=fields.ForeignKeyField('jurycourt.PanelRecommendation', source_field='recommendation_id', null=True, db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE),
        ),
        ops.AddIndex(
            model_name='FindingResponse',
            index=Index(fields=['recommendation_id', 'responded_on']),
        ),
        ops.AddField(
            model_name='PanelRecommendation',
            name='body_named',
            field=fields.CharField(default='', description='The body asked to respond, once it is published', db_default='', max_length=200),
        ),
        ops.AlterModelOptions(
            name='StatusChange',
            options={'table': 'inquiry_status_change', 'app': 'jurycourt', 'indexes': [Index(fields=['finding_id', 'changed_on']), Index(fields=['recommendation_id', 'changed_on'])], 'pk_attr': 'id', 'table_description': "A dated change of a recommendation's public status, or a milestone on its way (never edited:"},
        ),
        ops.AlterField(
            model_name='StatusChange',
            name='finding',
            field=fields.ForeignKeyField('jurycourt.Finding', source_field='finding_id', null=True, db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='StatusChange',
            name='milestone',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='StatusChange',
            name='progress',
            field=fields.IntField(null=True, description='Share done, 0 to 100, when the body says'),
        ),
        ops.AddField(
            model_name='StatusChange',
            name='recommendation',
            field=fields.ForeignKeyField('jurycourt.PanelRecommendation', source_field='recommendation_id', null=True, db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.CASCADE),
        ),
        ops.AddIndex(
            model_name='StatusChange',
            index=Index(fields=['recommendation_id', 'changed_on']),
        ),
        ops.RunPython(restore_indexes, nothing),
    ]
