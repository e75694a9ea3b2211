from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0015_justice_panels')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CitizensPanel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.OneToOneField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='citizens', on_delete=OnDelete.CASCADE)),
                ('question', fields.TextField(unique=False)),
                ('size', fields.IntField()),
                ('reserves', fields.IntField(default=5)),
                ('algorithm', fields.CharField(default='maximin', max_length=12)),
                ('categories', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('privacy_notice', fields.TextField(default='', unique=False)),
                ('commitment', fields.CharField(default='', max_length=64)),
                ('committed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ended_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_panel', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "The charter of a citizens' panel (one per Panel of kind citizens) and its public commitment."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CitizensPanelSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='citizens_sessions', on_delete=OnDelete.CASCADE)),
                ('hearing', fields.OneToOneField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name='citizens_panel_link', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'citizens_panel_session', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A session in the panel's timetable: a hearing of the panel session kind."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Draw',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='draws', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(max_length=8)),
                ('status', fields.CharEnumField(default=DrawStatus.QUEUED, description='QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed', enum_type=DrawStatus, max_length=8)),
                ('progress', fields.IntField(default=0)),
                ('message', fields.CharField(default='', max_length=300)),
                ('commitment', fields.CharField(default='', max_length=64)),
                ('announced', fields.CharField(default='', max_length=200)),
                ('seed', fields.CharField(default='', max_length=20)),
                ('inputs', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('result', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('diagnosis', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('verifies', fields.ForeignKeyField('jurycourt.Draw', source_field='verifies_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('started_by', fields.ForeignKeyField('jurycourt.Person', source_field='started_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('started_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_draw', 'app': 'jurycourt', 'indexes': [Index(fields=['panel_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One run of the draw worker (a library feasibility check, a draw, or a verifying re-run).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PanelQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='quotas', on_delete=OnDelete.CASCADE)),
                ('category', fields.CharField(max_length=40)),
                ('value', fields.CharField(max_length=40)),
                ('min', fields.IntField()),
                ('max', fields.IntField()),
            ],
            options={'table': 'citizens_quota', 'app': 'jurycourt', 'unique_together': (('panel', 'category', 'value'),), 'pk_attr': 'id', 'table_description': 'The minimum and maximum number of panel members with one category value.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PanelRecommendation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='recommendations', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(unique=False)),
                ('votes_for', fields.IntField(null=True)),
                ('votes_against', fields.IntField(null=True)),
                ('abstentions', fields.IntField(null=True)),
                ('minority_statement', fields.TextField(default='', unique=False)),
                ('voted_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('drafted_by', fields.ForeignKeyField('jurycourt.Person', source_field='drafted_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'citizens_recommendation', 'app': 'jurycourt', 'indexes': [Index(fields=['panel_id', 'created_at'])], 'pk_attr': 'id', 'table_description': "A recommendation the panel's members drafted, and the vote on it (abstentions are not cast)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Volunteer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='volunteers', on_delete=OnDelete.CASCADE)),
                ('reference', fields.CharField(max_length=40)),
                ('name', fields.CharField(max_length=120)),
                ('contact', fields.CharField(default='', max_length=160)),
                ('household', fields.CharField(max_length=64)),
                ('answers', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('source', fields.CharField(max_length=8)),
                ('status', fields.CharEnumField(default=VolunteerStatus.POOL, description='POOL: pool\nWITHDRAWN: withdrawn\nSELECTED: selected\nRESERVE: reserve\nERASED: erased', enum_type=VolunteerStatus, max_length=10)),
                ('reserve_rank', fields.IntField(null=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('withdraw_token_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'citizens_volunteer', 'app': 'jurycourt', 'unique_together': (('panel', 'reference'),), 'indexes': [Index(fields=['panel_id', 'status'])], 'pk_attr': 'id', 'table_description': "A person in a panel's recruitment pool. The address is kept only as a household key (a hash)."},
            bases=['Model'],
        ),
    ]
