from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0013_two_factor_and_audit_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Publication',
            index=Index(fields=['updated_at']),
        ),
    ]
