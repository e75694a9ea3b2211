from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0032_duties_and_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Throttle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200)),
                ('attempts', fields.IntField(default=0)),
                ('window_start', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_until', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'throttle', 'app': 'jurycourt', 'pk_attr': 'key', 'table_description': 'Attempts counted per key (a login, or a client address and what it tries), for every throttle.'},
            bases=['Model'],
        ),
        ops.DeleteModel(name='LoginThrottle'),
    ]
