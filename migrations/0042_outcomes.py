from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0041_follow_by_email')]

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
        ops.CreateModel(
            name='SurveyCode',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('questionnaire', fields.CharField(max_length=20)),
                ('phase', fields.CharField(description='once, before or after', max_length=10)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
            ],
            options={'table': 'survey_code', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'An unused survey invitation: only the hash of its single-use code, and which questionnaire it'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyResponse',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('questionnaire', fields.CharField(max_length=20)),
                ('phase', fields.CharField(max_length=10)),
                ('month', fields.DateField(description='the first day of the month it was given')),
                ('answers', fields.JSONField(description='question key to answer 1 to 5', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('pair_hash', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'survey_response', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'month'])], 'pk_attr': 'id', 'table_description': 'One anonymous answer to a questionnaire: no person, no code, no time finer than the month,'},
            bases=['Model'],
        ),
    ]
