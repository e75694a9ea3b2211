import importlib

from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.agencies import AgencyKind
from jurycourt.domain.roles import Role
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields

#: A new role is a description-only change: SQLite would rebuild the table and lose its keys (see 0032).
DescriptionOnly = importlib.import_module("migrations.0032_duties_and_append_only").DescriptionOnly


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0045_service_sites')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Agency',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='agencies', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=120)),
                ('kind', fields.CharEnumField(description='POLICE: police\nSCHOOL: school\nPROBATION: probation\nHOUSING: housing\nOTHER: other', enum_type=AgencyKind, max_length=12)),
                ('agreement_starts', fields.DateField(null=True)),
                ('agreement_ends', fields.DateField(null=True)),
                ('agreement_shares', fields.TextField(default='', description='what the agreement lets each side share', unique=False)),
                ('agreement_signed_by', fields.CharField(default='', max_length=200)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agency', 'app': 'jurycourt', 'unique_together': (('program', 'name'),), 'pk_attr': 'id', 'table_description': 'An agency that refers young people to a program, under a recorded data-sharing agreement.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgencyContact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('jurycourt.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='contacts', on_delete=OnDelete.RESTRICT)),
                ('person', fields.OneToOneField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='agency_contact', on_delete=OnDelete.RESTRICT)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agency_contact', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A person at an agency who may refer and follow the agency's referrals (one agency each)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Case',
            name='agency_reference',
            field=fields.CharField(default='', db_default='', max_length=40),
        ),
        ops.AddField(
            model_name='Case',
            name='referring_agency',
            field=fields.ForeignKeyField('jurycourt.Agency', source_field='referring_agency_id', null=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT),
        ),
        DescriptionOnly(
            model_name='Membership',
            name='role',
            field=fields.CharEnumField(description='COORDINATOR: coordinator\nJUROR: juror\nPANELIST: panelist\nGRAND_JUROR: grand_juror\nRESPONDENT: respondent\nGUARDIAN: guardian\nREFERRER: referrer', enum_type=Role, max_length=20),
        ),
    ]
