from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.member_support import AttendanceMark, ClaimKind, ClaimStatus
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0043_demographics')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MemberAttendance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('jurycourt.CitizensPanelSession', source_field='session_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('volunteer', fields.ForeignKeyField('jurycourt.Volunteer', source_field='volunteer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('mark', fields.CharEnumField(description='PRESENT: present\nABSENT: absent', enum_type=AttendanceMark, max_length=8)),
                ('marked_by', fields.ForeignKeyField('jurycourt.Person', source_field='marked_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('marked_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'citizens_member_attendance', 'app': 'jurycourt', 'unique_together': (('session', 'volunteer'),), 'pk_attr': 'id', 'table_description': 'Whether a member came to a session (the honorarium follows it).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MemberClaim',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('jurycourt.CitizensPanelSession', source_field='session_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('volunteer', fields.ForeignKeyField('jurycourt.Volunteer', source_field='volunteer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='HONORARIUM: honorarium\nTRAVEL: travel\nCARE: care\nOTHER: other', enum_type=ClaimKind, max_length=12)),
                ('amount_cents', fields.IntField()),
                ('note', fields.CharField(default='', max_length=300)),
                ('receipt', fields.ForeignKeyField('jurycourt.Document', source_field='receipt_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=ClaimStatus.PENDING, description='PENDING: pending\nAPPROVED: approved\nREFUSED: refused', enum_type=ClaimStatus, max_length=10)),
                ('entered_by', fields.ForeignKeyField('jurycourt.Person', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('decided_by', fields.ForeignKeyField('jurycourt.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_member_claim', 'app': 'jurycourt', 'indexes': [Index(fields=['session_id', 'status']), Index(fields=['volunteer_id', 'status'])], 'pk_attr': 'id', 'table_description': 'An honorarium or expense for one member and one session, paid once a second person approves it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TableFacilitator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('jurycourt.CitizensPanelSession', source_field='session_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('table', fields.IntField()),
                ('name', fields.CharField(max_length=120)),
            ],
            options={'table': 'citizens_table_facilitator', 'app': 'jurycourt', 'unique_together': (('session', 'table'),), 'pk_attr': 'id', 'table_description': 'Who facilitates one table at one session: a member of staff or a volunteer, by name.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TableSeat',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('jurycourt.CitizensPanelSession', source_field='session_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('volunteer', fields.ForeignKeyField('jurycourt.Volunteer', source_field='volunteer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('table', fields.IntField()),
            ],
            options={'table': 'citizens_table_seat', 'app': 'jurycourt', 'unique_together': (('session', 'volunteer'),), 'pk_attr': 'id', 'table_description': "A member's table at one session (tables are numbered from 1 on the page, stored from 0)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='CitizensPanel',
            name='table_size',
            field=fields.IntField(default=7, description='The most members at one discussion table', db_default=7),
        ),
        ops.AddField(
            model_name='Volunteer',
            name='access_needs',
            field=fields.CharField(default='', description='What the member needs to take part (hearing loop, step-free)', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Volunteer',
            name='caring',
            field=fields.CharField(default='', description='Caring responsibilities the panel provides for', db_default='', max_length=500),
        ),
    ]
