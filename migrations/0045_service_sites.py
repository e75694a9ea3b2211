from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.service_sites import PlacementState
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0044_assembly_tables')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ServiceExtension',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sanction', fields.ForeignKeyField('jurycourt.Sanction', source_field='sanction_id', db_constraint=True, to_field='id', related_name='extensions', on_delete=OnDelete.CASCADE)),
                ('previous_due_on', fields.DateField(null=True)),
                ('due_on', fields.DateField()),
                ('reason', fields.CharField(max_length=300)),
                ('by', fields.ForeignKeyField('jurycourt.Person', source_field='by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_extension', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A community service deadline moved, by whom and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceSite',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=120)),
                ('address', fields.CharField(default='', max_length=200)),
                ('work', fields.CharField(default='', description='the kinds of work offered', max_length=300)),
                ('opening_hours', fields.CharField(default='', description='when teens may come', max_length=200)),
                ('capacity', fields.IntField(description='teens placed here at one time')),
                ('supervisor_name', fields.CharField(max_length=120)),
                ('supervisor_phone', fields.CharField(default='', max_length=40)),
                ('supervisor_email', fields.CharField(default='', max_length=254)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_site', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'active'])], 'pk_attr': 'id', 'table_description': 'A place where teens serve community service hours, with the supervisor who confirms them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServicePlacement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sanction', fields.ForeignKeyField('jurycourt.Sanction', source_field='sanction_id', db_constraint=True, to_field='id', related_name='placements', on_delete=OnDelete.CASCADE)),
                ('site', fields.ForeignKeyField('jurycourt.ServiceSite', source_field='site_id', db_constraint=True, to_field='id', related_name='placements', on_delete=OnDelete.RESTRICT)),
                ('state', fields.CharEnumField(default=PlacementState.ACTIVE, description='ACTIVE: active\nMOVED: moved\nRETURNED: returned\nCOMPLETED: completed', enum_type=PlacementState, max_length=12)),
                ('started_on', fields.DateField()),
                ('ended_on', fields.DateField(null=True)),
                ('link_nonce', fields.CharField(max_length=32)),
                ('link_expires_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('placed_by', fields.ForeignKeyField('jurycourt.Person', source_field='placed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_placement', 'app': 'jurycourt', 'indexes': [Index(fields=['site_id', 'state']), Index(fields=['sanction_id', 'state'])], 'pk_attr': 'id', 'table_description': 'A community service sanction placed at a site. Its supervisor link is signed with ``link_nonce``'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceHours',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('placement', fields.ForeignKeyField('jurycourt.ServicePlacement', source_field='placement_id', db_constraint=True, to_field='id', related_name='hours', on_delete=OnDelete.CASCADE)),
                ('sanction', fields.ForeignKeyField('jurycourt.Sanction', source_field='sanction_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('confirmation_key', fields.CharField(unique=True, max_length=64)),
                ('minutes', fields.IntField()),
                ('served_on', fields.DateField()),
                ('confirmed_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_hours', 'app': 'jurycourt', 'indexes': [Index(fields=['sanction_id'])], 'pk_attr': 'id', 'table_description': "Hours a supervisor confirmed, counted once: ``confirmation_key`` is the form's own key."},
            bases=['Model'],
        ),
    ]
