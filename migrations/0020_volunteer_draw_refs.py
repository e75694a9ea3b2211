from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0019_case_list_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Volunteer',
            name='draw_ref',
            field=fields.CharField(null=True, max_length=16),
        ),
    ]
