from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0012_service_claim_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('jurycourt.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='recovery_codes', on_delete=OnDelete.CASCADE)),
                ('code_hash', fields.CharField(max_length=64)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('used_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'recovery_code', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A single-use code that stands in for a TOTP code. Only its SHA-256 is stored.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='totp_enabled_at',
            field=UtcDatetimeField(null=True, description='when the code was confirmed, null while enrolling', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Account',
            name='totp_last_step',
            field=fields.BigIntField(default=0, db_default=0, description='time step of the last accepted code (no replay)'),
        ),
        ops.AddField(
            model_name='Account',
            name='totp_secret',
            field=fields.CharField(default='', db_default='', description='TOTP secret sealed with the site key, empty when none', max_length=300),
        ),
        ops.AddIndex(
            model_name='AuditEvent',
            index=Index(fields=['program_id', 'id']),
        ),
        ops.AddIndex(
            model_name='AuditEvent',
            index=Index(fields=['actor_id', 'id']),
        ),
    ]
