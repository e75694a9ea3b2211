from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0003_ledger_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Case',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('respondent', fields.ForeignKeyField('jurycourt.Person', source_field='respondent_id', db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('state', fields.CharEnumField(default=CaseState.REFERRED, description='REFERRED: referred\nINTAKE: intake\nSCHEDULED: scheduled\nHEARD: heard\nMONITORING: monitoring\nCOMPLETED: completed\nFAILED: failed\nDECLINED: declined\nWITHDRAWN: withdrawn', enum_type=CaseState, max_length=12)),
                ('agency', fields.CharField(max_length=40)),
                ('referring_officer', fields.CharField(default='', max_length=120)),
                ('referral_date', fields.DateField()),
                ('offence_category', fields.CharField(max_length=40)),
                ('summary', fields.TextField(default='', unique=False)),
                ('disposition_date', fields.DateField(null=True)),
                ('closed_on', fields.DateField(null=True)),
                ('age_band', fields.CharField(default='', max_length=12)),
                ('sealed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'case_file', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'state']), Index(fields=['respondent_id', 'state'])], 'pk_attr': 'id', 'table_description': 'A referral of a young person to the peer jury, and where it stands in its lifecycle.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('actor', fields.ForeignKeyField('jurycourt.Person', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=40)),
                ('from_state', fields.CharField(max_length=12)),
                ('to_state', fields.CharField(max_length=12)),
                ('reason', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'case_event', 'app': 'jurycourt', 'indexes': [Index(fields=['case_id', 'at'])], 'pk_attr': 'id', 'table_description': "One entry of a case's append-only history: who moved it, when, from where, and why."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseGuardian',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='guardians', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='guarded_cases', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'case_guardian', 'app': 'jurycourt', 'unique_together': (('case', 'person'),), 'pk_attr': 'id', 'table_description': 'A parent or guardian of the respondent, party to the case.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseIntake',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.OneToOneField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='intake', on_delete=OnDelete.CASCADE)),
                ('first_offence', fields.BooleanField(null=True)),
                ('non_violent', fields.BooleanField(null=True)),
                ('accepts_responsibility', fields.BooleanField(null=True)),
                ('age', fields.IntField(null=True)),
                ('respondent_consent_on', fields.DateField(null=True)),
                ('guardian_consent_on', fields.DateField(null=True)),
                ('consenting_guardian', fields.ForeignKeyField('jurycourt.Person', source_field='consenting_guardian_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('witness', fields.CharField(default='', max_length=120)),
                ('consent_refused', fields.BooleanField(default=False)),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'case_intake', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'The intake checklist and the consent of the respondent and a guardian.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseView',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='views', on_delete=OnDelete.CASCADE)),
                ('viewer', fields.ForeignKeyField('jurycourt.Person', source_field='viewer_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('what', fields.CharField(max_length=40)),
            ],
            options={'table': 'case_view', 'app': 'jurycourt', 'indexes': [Index(fields=['case_id', 'at'])], 'pk_attr': 'id', 'table_description': 'Who looked at a case, when, and which view of it they saw.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DocketEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name='docket', on_delete=OnDelete.RESTRICT)),
                ('case', fields.OneToOneField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='docket_entry', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField(default=1)),
            ],
            options={'table': 'docket_entry', 'app': 'jurycourt', 'indexes': [Index(fields=['hearing_id', 'position'])], 'pk_attr': 'id', 'table_description': "A case's place on a jury hearing's docket (one docket at a time)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Sanction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='sanctions', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=30)),
                ('detail', fields.CharField(default='', max_length=200)),
                ('quantity', fields.IntField(null=True)),
                ('amount_cents', fields.IntField(null=True)),
                ('due_on', fields.DateField(null=True)),
                ('status', fields.CharEnumField(default=SanctionStatus.ASSIGNED, description='ASSIGNED: assigned\nIN_PROGRESS: in_progress\nDONE: done\nWAIVED: waived\nFAILED: failed', enum_type=SanctionStatus, max_length=12)),
                ('status_reason', fields.CharField(default='', max_length=300)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sanction', 'app': 'jurycourt', 'indexes': [Index(fields=['status', 'due_on'])], 'pk_attr': 'id', 'table_description': 'One sanction of a disposition, tracked to done, waived or failed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RestitutionPayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sanction', fields.ForeignKeyField('jurycourt.Sanction', source_field='sanction_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.CASCADE)),
                ('amount_cents', fields.IntField()),
                ('paid_on', fields.DateField()),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'restitution_payment', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A payment towards a restitution sanction, in cents.'},
            bases=['Model'],
        ),
    ]
