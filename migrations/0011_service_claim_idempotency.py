from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

#: Added plain, then made unique: on SQLite an added UNIQUE column becomes a separate unique index,
#: while altering it rebuilds the table with the column UNIQUE, as a fresh schema has it. The
#: rebuild drops the table's other indexes: the next migration makes them again.


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0010_inquiries_and_documents')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ServiceClaim',
            name='idempotency_key',
            field=fields.CharField(null=True, description="The proposing form's key: sending the same form twice makes one claim.", max_length=64),
        ),
        ops.AlterField(
            model_name='ServiceClaim',
            name='idempotency_key',
            field=fields.CharField(null=True, unique=True, description="The proposing form's key: sending the same form twice makes one claim.", max_length=64),
        ),
    ]
