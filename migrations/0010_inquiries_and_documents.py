from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from jurycourt.domain.inquiries import FindingKind, FindingState, InquiryState, MemberRole, RecommendationStatus, Stance, VoteChoice
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0009_jury_room_threads_and_question_bank')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Document',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('topic', fields.CharField(max_length=30)),
                ('topic_id', fields.IntField()),
                ('filename', fields.CharField(max_length=120)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('data', fields.BinaryField()),
                ('uploaded_by', fields.ForeignKeyField('jurycourt.Person', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'document', 'app': 'jurycourt', 'indexes': [Index(fields=['topic', 'topic_id'])], 'pk_attr': 'id', 'table_description': 'A file kept in the database, its type found by sniffing its content, never trusted from the name.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Inquiry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='inquiries', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('question', fields.TextField(unique=False)),
                ('scope', fields.TextField(default='', unique=False)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('threshold_numerator', fields.IntField(default=2)),
                ('threshold_denominator', fields.IntField(default=3)),
                ('state', fields.CharEnumField(default=InquiryState.CHARTERED, description='CHARTERED: chartered\nINVESTIGATING: investigating\nDRAFTING: drafting\nPUBLISHED: published\nFOLLOW_UP: follow_up\nCLOSED: closed', enum_type=InquiryState, max_length=14)),
                ('introduction', fields.TextField(default='', unique=False)),
                ('response_days', fields.IntField(default=90)),
                ('publication', fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'inquiry', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'state'])], 'pk_attr': 'id', 'table_description': 'A chartered inquiry: its question, scope, term, vote threshold (an exact fraction) and state.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EvidenceItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('inquiry', fields.ForeignKeyField('jurycourt.Inquiry', source_field='inquiry_id', db_constraint=True, to_field='id', related_name='evidence', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=10)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('source_url', fields.CharField(default='', max_length=500)),
                ('tags', fields.CharField(default='', max_length=400)),
                ('document', fields.ForeignKeyField('jurycourt.Document', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('added_by', fields.ForeignKeyField('jurycourt.Person', source_field='added_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('added_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_evidence', 'app': 'jurycourt', 'indexes': [Index(fields=['inquiry_id', 'added_at'])], 'pk_attr': 'id', 'table_description': "One entry of an inquiry's evidence log: a document, note, data or source, tagged."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Finding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('inquiry', fields.ForeignKeyField('jurycourt.Inquiry', source_field='inquiry_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='INDICTMENT: indictment\nRECOMMENDATION: recommendation', enum_type=FindingKind, max_length=14)),
                ('position', fields.IntField(default=0)),
                ('title', fields.CharField(max_length=200)),
                ('body_named', fields.CharField(max_length=200)),
                ('text', fields.TextField(unique=False)),
                ('due_on', fields.DateField(null=True)),
                ('youth_role', fields.TextField(default='', unique=False)),
                ('evidence_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('state', fields.CharEnumField(default=FindingState.DRAFT, description='DRAFT: draft\nADOPTED: adopted\nNOT_ADOPTED: not_adopted', enum_type=FindingState, max_length=12)),
                ('votes_for', fields.IntField(null=True)),
                ('votes_against', fields.IntField(null=True)),
                ('votes_abstain', fields.IntField(null=True)),
                ('members_in_office', fields.IntField(null=True)),
                ('votes_needed', fields.IntField(null=True)),
                ('decided_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_finding', 'app': 'jurycourt', 'indexes': [Index(fields=['inquiry_id', 'position'])], 'pk_attr': 'id', 'table_description': 'An indictment (body named, what it failed to do) or a recommendation (to whom, action, by'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FindingResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('jurycourt.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('stance', fields.CharEnumField(description='AGREES: agrees\nPARTLY: partly\nDISAGREES: disagrees', enum_type=Stance, max_length=10)),
                ('text', fields.TextField(unique=False)),
                ('responded_on', fields.DateField()),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_finding_response', 'app': 'jurycourt', 'indexes': [Index(fields=['finding_id', 'responded_on'])], 'pk_attr': 'id', 'table_description': "The named body's response to a published finding, in its own words."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FindingVote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('jurycourt.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('choice', fields.CharEnumField(description='FOR: for\nAGAINST: against\nABSTAIN: abstain', enum_type=VoteChoice, max_length=8)),
                ('cast_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_finding_vote', 'app': 'jurycourt', 'unique_together': (('finding', 'person'),), 'pk_attr': 'id', 'table_description': "A member's one vote on a finding: for, against or abstain."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InquiryMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('inquiry', fields.ForeignKeyField('jurycourt.Inquiry', source_field='inquiry_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(default=MemberRole.MEMBER, description='FOREPERSON: foreperson\nMEMBER: member', enum_type=MemberRole, max_length=12)),
                ('joined_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('left_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inquiry_member', 'app': 'jurycourt', 'unique_together': (('inquiry', 'person'),), 'indexes': [Index(fields=['person_id', 'left_at'])], 'pk_attr': 'id', 'table_description': "A grand juror's seat on an inquiry, from joining until leaving office (left_at)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatusChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('jurycourt.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(description='NO_RESPONSE: no_response\nACCEPTED: accepted\nIN_PROGRESS: in_progress\nIMPLEMENTED: implemented\nREJECTED: rejected', enum_type=RecommendationStatus, max_length=12)),
                ('reason', fields.TextField(default='', unique=False)),
                ('changed_on', fields.DateField()),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_status_change', 'app': 'jurycourt', 'indexes': [Index(fields=['finding_id', 'changed_on'])], 'pk_attr': 'id', 'table_description': "A dated change of a recommendation's public status (never edited: the history is the timeline)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Witness',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('inquiry', fields.ForeignKeyField('jurycourt.Inquiry', source_field='inquiry_id', db_constraint=True, to_field='id', related_name='witnesses', on_delete=OnDelete.CASCADE)),
                ('hearing', fields.ForeignKeyField('jurycourt.Hearing', source_field='hearing_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('name', fields.CharField(max_length=120)),
                ('body', fields.CharField(max_length=200)),
                ('invited_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('invited_by', fields.ForeignKeyField('jurycourt.Person', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('testimony', fields.TextField(default='', unique=False)),
                ('testimony_evidence', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('testimony_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inquiry_witness', 'app': 'jurycourt', 'indexes': [Index(fields=['inquiry_id', 'invited_at'])], 'pk_attr': 'id', 'table_description': 'An official or agency invited to an inquiry hearing, and the testimony summary afterwards.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WitnessQuestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('witness', fields.ForeignKeyField('jurycourt.Witness', source_field='witness_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(unique=False)),
                ('asked_by', fields.ForeignKeyField('jurycourt.Person', source_field='asked_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'inquiry_witness_question', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': 'A question a member prepared in advance for a witness.'},
            bases=['Model'],
        ),
    ]
