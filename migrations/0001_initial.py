from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.domain.links import LinkKind
from jurycourt.domain.roles import MembershipStatus, Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200)),
                ('failures', fields.IntField(default=0)),
                ('window_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_throttle', 'app': 'jurycourt', 'pk_attr': 'key', 'table_description': 'Failed sign-ins counted per key (a login name, or a client address).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('given_name', fields.CharField(max_length=80)),
                ('family_name', fields.CharField(max_length=80)),
                ('preferred_name', fields.CharField(default='', max_length=80)),
                ('date_of_birth', fields.DateField(null=True)),
                ('email', fields.CharField(default='', max_length=254)),
                ('phone', fields.CharField(default='', max_length=40)),
                ('address', fields.CharField(default='', max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'person', 'app': 'jurycourt', 'indexes': [Index(fields=['family_name', 'given_name'])], 'pk_attr': 'id', 'table_description': 'Anyone the program knows: respondents, guardians, jurors, panelists, coordinators.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccessLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('kind', fields.CharEnumField(description='INVITE: invite\nRESET: reset', enum_type=LinkKind, max_length=10)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='access_links', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', db_constraint=True, to_field='id', related_name='issued_links', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'access_link', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A single-use, expiring link a coordinator hands over: an invitation or a password reset.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.OneToOneField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='account', on_delete=OnDelete.RESTRICT)),
                ('login', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.CharField(max_length=200)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('password_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'How a person signs in. The hash is argon2id, the login is stored case-folded.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Program',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=120)),
                ('time_zone', fields.CharField(default='America/New_York', max_length=64)),
                ('rules', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'program', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A youth court or panel scheme: the unit that owns people, proceedings and a ledger.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('actor', fields.ForeignKeyField('jurycourt.Person', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=60)),
                ('subject_type', fields.CharField(default='', max_length=40)),
                ('subject_id', fields.CharField(default='', max_length=40)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'audit_event', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "Who did what to which record, when. Details never hold a respondent's personal data."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.RESTRICT)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(description='COORDINATOR: coordinator\nJUROR: juror\nPANELIST: panelist\nGRAND_JUROR: grand_juror\nRESPONDENT: respondent\nGUARDIAN: guardian', enum_type=Role, max_length=20)),
                ('status', fields.CharEnumField(default=MembershipStatus.ACTIVE, description='ACTIVE: active\nINACTIVE: inactive', enum_type=MembershipStatus, max_length=10)),
                ('training_date', fields.DateField(null=True)),
                ('pledge_date', fields.DateField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'jurycourt', 'unique_together': (('person', 'program', 'role'),), 'pk_attr': 'id', 'table_description': "A person's role in a program, over time: a respondent may later become a juror."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebSession',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('account', fields.ForeignKeyField('jurycourt.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'web_session', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A signed-in browser. The cookie carries a random token, only its SHA-256 is stored.'},
            bases=['Model'],
        ),
    ]
