from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.ledger import AccountKind, Decision, PostingKind
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LedgerAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='PERSONAL: personal\nISSUING: issuing\nREWARDS: rewards', enum_type=AccountKind, max_length=10)),
                ('key', fields.CharField(max_length=40)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_account', 'app': 'jurycourt', 'unique_together': (('program', 'key'),), 'indexes': [Index(fields=['person_id'])], 'pk_attr': 'id', 'table_description': "A time-credit account: a person's in a program, or the program's issuing or rewards account."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerBalance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.OneToOneField('jurycourt.LedgerAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='balance', on_delete=OnDelete.RESTRICT)),
                ('minutes', fields.BigIntField(default=0)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'ledger_balance', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'The balance of one account in minutes: the sum of its entries, kept as they are posted.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Posting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='SERVICE_CREDIT: service_credit\nREWARD_REDEMPTION: reward_redemption\nMANUAL_ADJUSTMENT: manual_adjustment\nREVERSAL: reversal\nTRANSFER: transfer', enum_type=PostingKind, max_length=20)),
                ('reference', fields.CharField(max_length=80)),
                ('idempotency_key', fields.CharField(unique=True, max_length=120)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('memo', fields.CharField(default='', max_length=300)),
                ('reverses', fields.OneToOneField('jurycourt.Posting', source_field='reverses_id', null=True, db_constraint=True, to_field='id', related_name='reversed_by', on_delete=OnDelete.RESTRICT)),
                ('occurred_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('recorded_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_posting', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'occurred_at']), Index(fields=['reference'])], 'pk_attr': 'id', 'table_description': 'One balanced movement of time credits: two or more entries that sum to zero.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('posting', fields.ForeignKeyField('jurycourt.Posting', source_field='posting_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('account', fields.ForeignKeyField('jurycourt.LedgerAccount', source_field='account_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('minutes', fields.IntField()),
            ],
            options={'table': 'ledger_entry', 'app': 'jurycourt', 'indexes': [Index(fields=['account_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One line of a posting: minutes into (positive) or out of (negative) one account.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reward',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=120)),
                ('description', fields.CharField(default='', max_length=500)),
                ('price_minutes', fields.IntField()),
                ('stock', fields.IntField(null=True)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'reward', 'app': 'jurycourt', 'unique_together': (('program', 'name'),), 'pk_attr': 'id', 'table_description': 'Something a program offers for time credits, e.g. a refurbished computer for 100 hours.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RewardRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reward', fields.ForeignKeyField('jurycourt.Reward', source_field='reward_id', db_constraint=True, to_field='id', related_name='requests', on_delete=OnDelete.RESTRICT)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('price_minutes', fields.IntField()),
                ('status', fields.CharEnumField(default=Decision.PENDING, description='PENDING: pending\nAPPROVED: approved\nDECLINED: declined\nWITHDRAWN: withdrawn', enum_type=Decision, max_length=10)),
                ('reason', fields.CharField(default='', max_length=300)),
                ('posting', fields.ForeignKeyField('jurycourt.Posting', source_field='posting_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('requested_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('jurycourt.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'reward_request', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'status']), Index(fields=['person_id', 'requested_at'])], 'pk_attr': 'id', 'table_description': 'A person asks for a reward at its price then, and a coordinator approves or declines it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceClaim',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('minutes', fields.IntField()),
                ('note', fields.CharField(max_length=300)),
                ('served_on', fields.DateField()),
                ('status', fields.CharEnumField(default=Decision.PENDING, description='PENDING: pending\nAPPROVED: approved\nDECLINED: declined\nWITHDRAWN: withdrawn', enum_type=Decision, max_length=10)),
                ('reason', fields.CharField(default='', max_length=300)),
                ('proposed_by', fields.ForeignKeyField('jurycourt.Person', source_field='proposed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('posting', fields.ForeignKeyField('jurycourt.Posting', source_field='posting_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('jurycourt.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'service_claim', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'status']), Index(fields=['person_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Service outside hearings (e.g. tutoring), logged by a coordinator or proposed by the'},
            bases=['Model'],
        ),
    ]
