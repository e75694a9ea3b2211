from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.citizens_assembly import CallOutcome
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.domain.roles import Role
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from importlib import import_module

#: A new enum value changes only a column's description: the state alone on SQLite (see 0032).
DescriptionOnly = import_module("migrations.0032_duties_and_append_only").DescriptionOnly


async def keep_published_commitments(apps, schema_editor) -> None:
    """A commitment published before this migration becomes the first entry of its panel's public list."""
    await schema_editor.client.execute_query(
        "INSERT INTO citizens_commitment (panel_id, commitment, published_at, superseded_reason) "
        "SELECT panel_id, commitment, committed_at, '' FROM citizens_panel "
        "WHERE commitment <> '' AND committed_at IS NOT NULL")


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0048_recommendation_answers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ConfirmationCall',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('volunteer', fields.ForeignKeyField('jurycourt.Volunteer', source_field='volunteer_id', db_constraint=True, to_field='id', related_name='confirmation_calls', on_delete=OnDelete.CASCADE)),
                ('outcome', fields.CharEnumField(description='CALLED: called\nNO_ANSWER: no_answer\nCONFIRMED: confirmed\nDECLINED: declined', enum_type=CallOutcome, max_length=10)),
                ('called_by', fields.ForeignKeyField('jurycourt.Person', source_field='called_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('called_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_confirmation_call', 'app': 'jurycourt', 'indexes': [Index(fields=['panel_id', 'volunteer_id'])], 'pk_attr': 'id', 'table_description': "One confirmation call to a selected member and its outcome (the newest is the member's status)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MemberReplacement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('leaves', fields.CharField(max_length=16)),
                ('joins', fields.CharField(max_length=16)),
                ('source', fields.CharField(description='reserve or draw', max_length=8)),
                ('reserve_rank', fields.IntField(null=True)),
                ('seed', fields.CharField(default='', max_length=20)),
                ('candidates', fields.IntField(default=0)),
                ('replaced_by', fields.ForeignKeyField('jurycourt.Person', source_field='replaced_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('replaced_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_replacement', 'app': 'jurycourt', 'unique_together': (('panel', 'number'),), 'pk_attr': 'id', 'table_description': 'A member who dropped out and who took the seat, in draw references (it goes into the public record).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PublishedCommitment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('commitment', fields.CharField(max_length=64)),
                ('published_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('superseded_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('superseded_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'citizens_commitment', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'Every commitment a panel ever published, superseded only in public, with when and why.'},
            bases=['Model'],
        ),
        DescriptionOnly(
            model_name='Membership',
            name='role',
            field=fields.CharEnumField(description='COORDINATOR: coordinator\nJUROR: juror\nPANELIST: panelist\nGRAND_JUROR: grand_juror\nRESPONDENT: respondent\nGUARDIAN: guardian\nCONFIRMATION_CALLER: confirmation_caller', enum_type=Role, max_length=20),
        ),
        DescriptionOnly(
            model_name='Volunteer',
            name='status',
            field=fields.CharEnumField(default=VolunteerStatus.POOL, description='POOL: pool\nWITHDRAWN: withdrawn\nSELECTED: selected\nRESERVE: reserve\nERASED: erased\nLEFT: left', enum_type=VolunteerStatus, max_length=10),
        ),
        ops.RunPython(keep_published_commitments, nothing),
    ]
