from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.justice import ActionKind, ActionStatus, MatterState, ParticipantRole
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0014_publication_updated_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Panel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='panels', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='RESTORATIVE: restorative\nCITIZENS: citizens', enum_type=PanelKind, max_length=12)),
                ('title', fields.CharField(max_length=160)),
                ('status', fields.CharField(max_length=20)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'panel', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'kind'])], 'pk_attr': 'id', 'table_description': 'A panel of a program. Each kind keeps its own details in its own tables.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JusticeMatter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.OneToOneField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='justice_matter', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharEnumField(default=MatterState.REFERRED, description='REFERRED: referred\nPREPARING: preparing\nMEETING_SCHEDULED: meeting_scheduled\nAGREED: agreed\nMONITORING: monitoring\nCOMPLETED: completed\nBREACHED: breached\nWITHDRAWN: withdrawn', enum_type=MatterState, max_length=20)),
                ('agency', fields.CharField(max_length=40)),
                ('referring_officer', fields.CharField(default='', max_length=120)),
                ('referral_date', fields.DateField()),
                ('offence', fields.CharField(max_length=40)),
                ('summary', fields.TextField(default='', unique=False)),
                ('coordinator', fields.ForeignKeyField('jurycourt.Person', source_field='coordinator_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('meeting', fields.ForeignKeyField('jurycourt.Hearing', source_field='meeting_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('publication', fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('closed_on', fields.DateField(null=True)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'justice_matter', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A matter referred to a community justice panel, and where it stands in its lifecycle.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgreementAction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='actions', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='APOLOGY: apology\nREPARATION: reparation\nCOMPENSATION: compensation\nCOURSE: course\nCONTRACT: contract\nOTHER: other', enum_type=ActionKind, max_length=16)),
                ('detail', fields.CharField(default='', max_length=200)),
                ('due_on', fields.DateField()),
                ('amount_cents', fields.IntField(null=True)),
                ('months', fields.IntField(null=True)),
                ('status', fields.CharEnumField(default=ActionStatus.PENDING, description='PENDING: pending\nDONE: done', enum_type=ActionStatus, max_length=10)),
                ('done_on', fields.DateField(null=True)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agreement_action', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'One action of the written agreement, due by a date and tracked to done.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgreementSignOff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='signoffs', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('capacity', fields.CharField(max_length=20)),
                ('signed_on', fields.DateField()),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agreement_signoff', 'app': 'jurycourt', 'unique_together': (('matter', 'person'),), 'pk_attr': 'id', 'table_description': "A person's sign-off of the agreement: who, in what capacity, on which day."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CompensationPayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('action', fields.ForeignKeyField('jurycourt.AgreementAction', source_field='action_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.CASCADE)),
                ('amount_cents', fields.IntField()),
                ('paid_on', fields.DateField()),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'compensation_payment', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A payment towards a compensation action, in cents.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MatterEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('actor', fields.ForeignKeyField('jurycourt.Person', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=40)),
                ('from_state', fields.CharField(max_length=20)),
                ('to_state', fields.CharField(max_length=20)),
                ('reason', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'matter_event', 'app': 'jurycourt', 'indexes': [Index(fields=['matter_id', 'at'])], 'pk_attr': 'id', 'table_description': "One entry of a matter's append-only history: who moved it, when, from where, and why."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MatterParticipant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='participants', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(description='RESPONSIBLE: responsible\nHARMED: harmed\nSUPPORTER: supporter', enum_type=ParticipantRole, max_length=12)),
                ('contact_wish', fields.CharField(null=True, max_length=12)),
            ],
            options={'table': 'matter_participant', 'app': 'jurycourt', 'unique_together': (('matter', 'person'),), 'pk_attr': 'id', 'table_description': 'The person responsible, the person harmed (with their wishes about contact) or a supporter.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MatterView',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='views', on_delete=OnDelete.CASCADE)),
                ('viewer', fields.ForeignKeyField('jurycourt.Person', source_field='viewer_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('what', fields.CharField(max_length=40)),
            ],
            options={'table': 'matter_view', 'app': 'jurycourt', 'indexes': [Index(fields=['matter_id', 'at'])], 'pk_attr': 'id', 'table_description': 'Who looked at a matter, when, and which view of it they saw.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PanelVolunteer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='volunteers', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('is_chair', fields.BooleanField(default=False)),
            ],
            options={'table': 'panel_volunteer', 'app': 'jurycourt', 'unique_together': (('matter', 'person'),), 'indexes': [Index(fields=['person_id', 'matter_id'])], 'pk_attr': 'id', 'table_description': "A trained volunteer sitting on a matter's panel, one of them the chair."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PreparationVisit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('matter', fields.ForeignKeyField('jurycourt.JusticeMatter', source_field='matter_id', db_constraint=True, to_field='id', related_name='visits', on_delete=OnDelete.CASCADE)),
                ('visited_on', fields.DateField()),
                ('visitor', fields.ForeignKeyField('jurycourt.Person', source_field='visitor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('participant', fields.ForeignKeyField('jurycourt.MatterParticipant', source_field='participant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('note', fields.CharField(default='', max_length=500)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'preparation_visit', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A visit before the meeting: who visited whom, when, and a short note.'},
            bases=['Model'],
        ),
    ]
