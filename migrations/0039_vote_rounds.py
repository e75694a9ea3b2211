from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0038_justice_kind')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PastVote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deliberation', fields.ForeignKeyField('jurycourt.Deliberation', source_field='deliberation_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('round', fields.IntField()),
                ('proposal', fields.ForeignKeyField('jurycourt.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('in_favour', fields.BooleanField()),
                ('reason', fields.CharField(max_length=300)),
                ('close_reason', fields.CharField(default='', description="Why that round's vote was closed early, if it was.", max_length=300)),
                ('cast_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'room_vote_past', 'app': 'jurycourt', 'unique_together': (('deliberation', 'round', 'person'),), 'pk_attr': 'id', 'table_description': 'A vote of an earlier round, kept as it was cast when the vote did not carry and the room'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Deliberation',
            name='round',
            field=fields.IntField(default=1, description='The round of deliberation: a vote that did not carry sends the room back for another.', db_default=1),
        ),
        ops.AddField(
            model_name='Proposal',
            name='round',
            field=fields.IntField(default=1, description='The round of deliberation it was made in.', db_default=1),
        ),
        ops.AlterModelOptions(
            name='Vote',
            options={'table': 'room_vote', 'app': 'jurycourt', 'unique_together': (('deliberation', 'person'),), 'pk_attr': 'id', 'table_description': 'The one vote of a seated juror on the proposal under vote in this round, with a reason'},
        ),
    ]
