from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.domain.jury_room import Phase
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0004_cases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Question',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('jurycourt.Person', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('body', fields.TextField(unique=False)),
                ('shared', fields.BooleanField(default=False)),
                ('position', fields.IntField(default=0)),
                ('worked', fields.BooleanField(default=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'room_question', 'app': 'jurycourt', 'indexes': [Index(fields=['case_id', 'position'])], 'pk_attr': 'id', 'table_description': 'A question a juror drafts for the respondent, private to its author until questioning opens.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Deliberation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('case', fields.ForeignKeyField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='deliberations', on_delete=OnDelete.CASCADE)),
                ('phase', fields.CharEnumField(default=Phase.PREPARING, description='PREPARING: preparing\nQUESTIONING: questioning\nDELIBERATION: deliberation\nVOTING: voting\nDECIDED: decided', enum_type=Phase, max_length=14)),
                ('under_vote_id', fields.IntField(null=True, description='The proposal under vote (a plain id: the proposal table refers back to this one).')),
                ('vote_closed', fields.BooleanField(default=False)),
                ('sealed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'deliberation', 'app': 'jurycourt', 'unique_together': (('hearing', 'case'),), 'pk_attr': 'id', 'table_description': 'One jury deliberating on one case of a hearing docket, sealed after the decision.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Proposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deliberation', fields.ForeignKeyField('jurycourt.Deliberation', source_field='deliberation_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('jurycourt.Person', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('sanctions', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'room_proposal', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A proposed disposition: a list of sanctions as [{kind, quantity}].'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Statement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deliberation', fields.ForeignKeyField('jurycourt.Deliberation', source_field='deliberation_id', db_constraint=True, to_field='id', related_name='statements', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('jurycourt.Person', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('body', fields.TextField(unique=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('hidden_reason', fields.CharField(null=True, max_length=300)),
            ],
            options={'table': 'room_statement', 'app': 'jurycourt', 'indexes': [Index(fields=['deliberation_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One message in the thread of the room, kept even when a coordinator hides it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Support',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('jurycourt.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('supports', fields.BooleanField()),
                ('reason', fields.CharField(max_length=300)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'room_support', 'app': 'jurycourt', 'unique_together': (('proposal', 'person'),), 'pk_attr': 'id', 'table_description': 'Support for, or an objection to, a proposal, with a reason (one per juror).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deliberation', fields.ForeignKeyField('jurycourt.Deliberation', source_field='deliberation_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('proposal', fields.ForeignKeyField('jurycourt.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('in_favour', fields.BooleanField()),
                ('reason', fields.CharField(max_length=300)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'room_vote', 'app': 'jurycourt', 'unique_together': (('deliberation', 'person'),), 'pk_attr': 'id', 'table_description': 'The one vote of a seated juror on the proposal under vote, with a reason.'},
            bases=['Model'],
        ),
    ]
