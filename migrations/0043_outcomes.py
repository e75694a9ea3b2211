from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0037_texting')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FollowUp',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='follow_ups', on_delete=OnDelete.SET_NULL)),
                ('pseudonym', fields.CharField(default='', description='keyed hash of the youth, empty once erased', max_length=64)),
                ('months', fields.IntField(description='months after completion')),
                ('due_on', fields.DateField()),
                ('checked_on', fields.DateField(null=True)),
                ('new_referral', fields.BooleanField(null=True, description='a new referral since completion, None while unknown')),
                ('school_status', fields.CharField(default='', description='enrolled, graduated, working, out', max_length=20)),
                ('survey_sent', fields.BooleanField(default=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'follow_up', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'due_on']), Index(fields=['pseudonym']), Index(fields=['case_id', 'months'])], 'pk_attr': 'id', 'table_description': 'One follow-up check of a completed case (at 6 months, 12 months, or as the program sets).'},
            bases=['Model'],
        ),
    ]
