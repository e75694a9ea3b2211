from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0035_languages')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HearingDisplay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'hearing_display', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A hearing's secret, revocable display link for the courtroom's screen (only its SHA-256 is kept)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Deliberation',
            name='asking_id',
            field=fields.IntField(null=True, description='The shared question being asked now, as the foreperson moves through them (a plain id).'),
        ),
        ops.AddField(
            model_name='Deliberation',
            name='close_reason',
            field=fields.CharField(default='', db_default='', description='Why the vote was closed before every seated juror had voted (the quorum rule asks for one).', max_length=300),
        ),
        ops.AddField(
            model_name='Deliberation',
            name='phase_at',
            field=UtcDatetimeField(null=True, description="When the current phase opened (the hearing screen's timer).", auto_now=False, auto_now_add=False),
        ),
    ]
