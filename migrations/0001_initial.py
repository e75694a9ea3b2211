from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.links import LinkKind
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Lease',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('holder', fields.CharField(max_length=64)),
                ('expires_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lease', 'app': 'jurycourt', 'pk_attr': 'name', 'table_description': 'A named lease one process holds at a time (e.g. the in-server outbox sender).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200)),
                ('failures', fields.IntField(default=0)),
                ('window_start', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_until', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
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
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
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
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
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
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('password_changed_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'How a person signs in. The hash is argon2id, the login is stored case-folded.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Affiliation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='affiliations', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=12)),
                ('key', fields.CharField(max_length=120)),
            ],
            options={'table': 'affiliation', 'app': 'jurycourt', 'unique_together': (('person', 'kind', 'key'),), 'indexes': [Index(fields=['kind', 'key'])], 'pk_attr': 'id', 'table_description': "A person's school or household, so everyone sharing one conflicts with each other."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='calendar_feeds', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'calendar_feed', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A person's secret, revocable calendar feed URL (only the token's SHA-256 is kept)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=30)),
                ('dedupe_key', fields.CharField(unique=True, max_length=120)),
                ('subject', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('claimed_by', fields.CharField(null=True, max_length=64)),
                ('claimed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', UtcDatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
            ],
            options={'table': 'outbox_message', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A message to a person. Never holds a respondent's name or any case detail."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Program',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=120)),
                ('time_zone', fields.CharField(default='America/New_York', max_length=64)),
                ('rules', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'program', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A youth court or panel scheme: the unit that owns people, proceedings and a ledger.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', UtcDatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
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
            name='Availability',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='availability', on_delete=OnDelete.CASCADE)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('starts_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('entered_by', fields.ForeignKeyField('jurycourt.Person', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'availability', 'app': 'jurycourt', 'indexes': [Index(fields=['person_id', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'A span of time a person says they can serve.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Conflict',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='conflicts', on_delete=OnDelete.CASCADE)),
                ('other', fields.ForeignKeyField('jurycourt.Person', source_field='other_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('relation', fields.CharField(max_length=20)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'conflict', 'app': 'jurycourt', 'unique_together': (('person', 'other'),), 'pk_attr': 'id', 'table_description': 'A declared conflict between two people (relative, same household or school, knows them).'},
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
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'jurycourt', 'unique_together': (('person', 'program', 'role'),), 'pk_attr': 'id', 'table_description': "A person's role in a program, over time: a respondent may later become a juror."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Room',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='rooms', on_delete=OnDelete.RESTRICT)),
                ('venue', fields.CharField(max_length=120)),
                ('name', fields.CharField(max_length=80)),
                ('capacity', fields.IntField(default=12)),
            ],
            options={'table': 'room', 'app': 'jurycourt', 'unique_together': (('program', 'venue', 'name'),), 'pk_attr': 'id', 'table_description': 'A room at a venue where a program holds hearings.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Hearing',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='hearings', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='JURY_HEARING: jury_hearing\nPANEL_SESSION: panel_session\nINQUIRY_HEARING: inquiry_hearing', enum_type=SessionKind, max_length=20)),
                ('title', fields.CharField(default='', max_length=120)),
                ('starts_at', UtcDatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('ends_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('room', fields.ForeignKeyField('jurycourt.Room', source_field='room_id', null=True, db_constraint=True, to_field='id', related_name='hearings', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=HearingStatus.PLANNED, description='PLANNED: planned\nCONFIRMED: confirmed\nHELD: held\nCANCELLED: cancelled', enum_type=HearingStatus, max_length=12)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'hearing', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'starts_at']), Index(fields=['room_id', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'A scheduled session of any proceeding: jury hearing, panel session or inquiry hearing.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Seat',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name='seats', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='seats', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(description='FOREPERSON: foreperson\nJUROR: juror\nBAILIFF: bailiff\nCLERK: clerk\nCHAIR: chair\nMEMBER: member\nGRAND_JUROR: grand_juror', enum_type=SeatRole, max_length=12)),
                ('status', fields.CharEnumField(default=SeatStatus.PROPOSED, description='PROPOSED: proposed\nINVITED: invited\nACCEPTED: accepted\nDECLINED: declined', enum_type=SeatStatus, max_length=10)),
                ('invited_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('responded_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_in_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_out_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('no_show', fields.BooleanField(default=False)),
            ],
            options={'table': 'seat', 'app': 'jurycourt', 'unique_together': (('hearing', 'person'),), 'indexes': [Index(fields=['person_id', 'status'])], 'pk_attr': 'id', 'table_description': "A person's seat at a hearing, its invitation and the attendance that credits hours once."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SeatProposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('seed', fields.BigIntField()),
                ('inputs', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('result', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'seat_proposal', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A stored seat proposal: the seed and inputs, so anyone can reproduce and audit it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebSession',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('account', fields.ForeignKeyField('jurycourt.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'web_session', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A signed-in browser. The cookie carries a random token, only its SHA-256 is stored.'},
            bases=['Model'],
        ),
    ]
