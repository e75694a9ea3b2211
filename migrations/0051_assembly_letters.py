from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0050_merged_roles')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Mailing',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.OneToOneField('jurycourt.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='mailing', on_delete=OnDelete.CASCADE)),
                ('addresses', fields.IntField(default=0, description='Addresses in the imported file')),
                ('imported_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('seed', fields.CharField(default='', max_length=64)),
                ('sample_size', fields.IntField(default=0)),
                ('variants', fields.IntField(default=1, description='1 (every letter is A) or 2 (letters A and B alternate)')),
                ('reply_by', fields.DateField(null=True)),
                ('sampled_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_on', fields.DateField(null=True)),
                ('erased_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_mailing', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A panel's address file and the letters drawn from it. ``seed`` is secret to the program's"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MailingAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('mailing', fields.ForeignKeyField('jurycourt.Mailing', source_field='mailing_id', db_constraint=True, to_field='id', related_name='rows', on_delete=OnDelete.CASCADE)),
                ('line', fields.IntField()),
                ('reference', fields.CharField(max_length=40)),
                ('address', fields.CharField(max_length=200)),
                ('address2', fields.CharField(default='', max_length=200)),
                ('city', fields.CharField(default='', max_length=100)),
                ('postal_code', fields.CharField(max_length=20)),
                ('language', fields.CharField(default='', max_length=8)),
                ('strata', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('rank', fields.IntField(null=True)),
                ('variant', fields.CharField(default='', max_length=1)),
                ('code_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('used_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizens_mailing_address', 'app': 'jurycourt', 'unique_together': (('mailing', 'reference'),), 'indexes': [Index(fields=['mailing_id', 'rank'])], 'pk_attr': 'id', 'table_description': 'One address of the file. Once sampled it is a letter: its rank in the sample, its variant and the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LetterRegistration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('letter', fields.OneToOneField('jurycourt.MailingAddress', source_field='letter_id', db_constraint=True, to_field='id', related_name='registration', on_delete=OnDelete.CASCADE)),
                ('volunteer', fields.OneToOneField('jurycourt.Volunteer', source_field='volunteer_id', db_constraint=True, to_field='id', related_name='letter_registration', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(description='online or phone', max_length=6)),
                ('language', fields.CharField(default='', max_length=8)),
                ('access_needs', fields.TextField(default='', unique=False)),
                ('caring', fields.BooleanField(default=False, description='Cares for someone and needs cover to attend')),
                ('caring_details', fields.TextField(default='', unique=False)),
                ('entered_by', fields.ForeignKeyField('jurycourt.Person', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('registered_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'citizens_letter_registration', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A registration made with a letter's code, online or by phone: the volunteer it put in the pool and"},
            bases=['Model'],
        ),
    ]
