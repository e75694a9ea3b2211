from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0046_agencies')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PersonHarmed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('case', fields.OneToOneField('jurycourt.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='person_harmed', on_delete=OnDelete.CASCADE)),
                ('participant', fields.OneToOneField('jurycourt.MatterParticipant', source_field='participant_id', null=True, db_constraint=True, to_field='id', related_name='harmed_record', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('consent', fields.BooleanField(null=True, description='None until asked, then True (agreed to be contacted) or False (refused).')),
                ('consent_on', fields.DateField(null=True)),
                ('consent_how', fields.CharField(default='', db_default='', max_length=10)),
                ('consent_by', fields.ForeignKeyField('jurycourt.Person', source_field='consent_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('wishes', fields.CharField(default='', description='Comma-separated domain.harmed.Wish values.', db_default='', max_length=60)),
                ('safety_answers', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('safety_by', fields.ForeignKeyField('jurycourt.Person', source_field='safety_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('safety_on', fields.DateField(null=True)),
                ('reviewed_by', fields.ForeignKeyField('jurycourt.Person', source_field='reviewed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('reviewed_on', fields.DateField(null=True)),
                ('impact_statement', fields.TextField(default='', description='Never published, and erased when the case is sealed.', unique=False)),
                ('apology_passed_on', fields.DateField(null=True)),
                ('outcome_told_on', fields.DateField(null=True)),
                ('follow_up_on', fields.DateField(null=True)),
                ('follow_up_note', fields.CharField(default='', db_default='', max_length=500)),
                ('survey_offered_on', fields.DateField(null=True)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'person_harmed', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'person_id'])], 'pk_attr': 'id', 'table_description': "The person harmed of one case (``case``) or one justice matter (``participant``, the matter's"},
            bases=['Model'],
        ),
    ]
