from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0040_program_contact')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Follower',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('language', fields.CharField(default='', db_default='', max_length=10)),
                ('asked_at', UtcDatetimeField(description='when the last confirmation mail was asked for', auto_now=False, auto_now_add=False)),
                ('confirmed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'follower', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'An address that asked to follow the findings: confirmed by its own link (double opt-in), or'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FollowerMail',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('follower', fields.ForeignKeyField('jurycourt.Follower', source_field='follower_id', db_constraint=True, to_field='id', related_name='mails', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(description='follow_confirm or finding', max_length=30)),
                ('dedupe_key', fields.CharField(unique=True, max_length=120)),
                ('params', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('claimed_by', fields.CharField(null=True, max_length=64)),
                ('claimed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('channel', fields.CharField(default='email', db_default='email', max_length=10)),
                ('state', fields.CharField(default='queued', db_default='queued', max_length=15)),
                ('state_detail', fields.CharField(default='', db_default='', max_length=200)),
                ('state_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('provider_ref', fields.CharField(null=True, max_length=64)),
                ('not_before', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'follower_mail', 'app': 'jurycourt', 'indexes': [Index(fields=['finished_at'])], 'pk_attr': 'id', 'table_description': "A mail to a follower, sent exactly once by the outbox's claim (same columns as OutboxMessage's"},
            bases=['Model'],
        ),
    ]
