from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0016_citizens_panels')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Sanction',
            index=Index(fields=['case_id', 'status', 'due_on']),
        ),
    ]
