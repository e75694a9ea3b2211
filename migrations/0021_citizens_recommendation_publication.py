from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0020_volunteer_draw_refs')]

    initial = False

    operations = [
        ops.AddField(
            model_name='PanelRecommendation',
            name='publication',
            field=fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', null=True, description='The publication this adopted recommendation was drafted into: counted once it is published', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
    ]
