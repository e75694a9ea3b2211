from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.domain.panel_sessions import EvidenceKind
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0016_citizens_panels')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SessionEvidence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('jurycourt.CitizensPanelSession', source_field='session_id', db_constraint=True, to_field='id', related_name='evidence', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='DOCUMENT: document\nTESTIMONY: testimony', enum_type=EvidenceKind, max_length=10)),
                ('title', fields.CharField(description="The document's title, or the speaker's name", max_length=200)),
                ('speaker_role', fields.CharField(default='', description='Who the speaker is or speaks for', max_length=200)),
                ('summary', fields.TextField(default='', description='The testimony summary, or a note on the document', unique=False)),
                ('document', fields.ForeignKeyField('jurycourt.Document', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('added_by', fields.ForeignKeyField('jurycourt.Person', source_field='added_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('added_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'citizens_session_evidence', 'app': 'jurycourt', 'indexes': [Index(fields=['session_id', 'added_at'])], 'pk_attr': 'id', 'table_description': 'What one session of the panel heard: a document (kept by the documents component, owned by'},
            bases=['Model'],
        ),
    ]
