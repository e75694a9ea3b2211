from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0018_todo_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Case',
            index=Index(fields=['program_id', 'referral_date', 'id']),
        ),
        ops.AddIndex(
            model_name='Case',
            index=Index(fields=['program_id', 'state', 'referral_date', 'id']),
        ),
        ops.AddIndex(
            model_name='Sanction',
            index=Index(fields=['status', 'updated_at']),
        ),
    ]
