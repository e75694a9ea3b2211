from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0017_citizens_session_evidence')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Membership',
            index=Index(fields=['program_id', 'pledge_date']),
        ),
        ops.AddIndex(
            model_name='Membership',
            index=Index(fields=['program_id', 'training_date']),
        ),
        ops.AddIndex(
            model_name='Sanction',
            index=Index(fields=['case_id', 'status', 'due_on']),
        ),
    ]
