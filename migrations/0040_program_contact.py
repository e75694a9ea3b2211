from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0039_vote_rounds')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Program',
            name='contact_email',
            field=fields.CharField(default='', db_default='', description="Where the public writes to the program (on its public card and the Get involved page)", max_length=254),
        ),
        ops.AddField(
            model_name='Program',
            name='contact_phone',
            field=fields.CharField(default='', db_default='', description='The number the public calls (shown publicly)', max_length=40),
        ),
    ]
