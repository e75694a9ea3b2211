import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models.fields import UtcDatetimeField


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0005_jury_room')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Publication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name='publications', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='INQUIRY_REPORT: inquiry_report\nPANEL_RECOMMENDATIONS: panel_recommendations\nJUSTICE_SUMMARY: justice_summary\nOUTCOMES_REPORT: outcomes_report', enum_type=PublicationKind, max_length=30)),
                ('slug', fields.CharField(unique=True, max_length=90)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('body_markdown', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('toc', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('topics', fields.CharField(default='', max_length=400)),
                ('state', fields.CharEnumField(default=PublicationState.DRAFT, description='DRAFT: draft\nIN_REVIEW: in_review\nPUBLISHED: published\nWITHDRAWN: withdrawn', enum_type=PublicationState, max_length=12)),
                ('released_words', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('submitted_by', fields.ForeignKeyField('jurycourt.Person', source_field='submitted_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('approved_by', fields.ForeignKeyField('jurycourt.Person', source_field='approved_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('published_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('withdrawal_notice', fields.TextField(default='', unique=False)),
                ('withdrawal_proposed_by', fields.ForeignKeyField('jurycourt.Person', source_field='withdrawal_proposed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('withdrawn_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'publication', 'app': 'jurycourt', 'indexes': [Index(fields=['state', 'published_at']), Index(fields=['program_id', 'state'])], 'pk_attr': 'id', 'table_description': 'A report, recommendations or outcomes the program publishes, from draft to the public site.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Erratum',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('publication', fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', db_constraint=True, to_field='id', related_name='errata', on_delete=OnDelete.RESTRICT)),
                ('published_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('text', fields.TextField(unique=False)),
                ('created_by', fields.ForeignKeyField('jurycourt.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'erratum', 'app': 'jurycourt', 'indexes': [Index(fields=['publication_id', 'published_at'])], 'pk_attr': 'id', 'table_description': 'A dated correction shown with a published publication, whose own text stays as it was.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Deliberation',
            name='version',
            field=fields.IntField(default=0, db_default=0, description='Bumped by every write in the room, so live pages can ask "anything new?" in one read.'),
        ),
    ]
