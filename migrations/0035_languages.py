from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from jurycourt.models.fields import UtcDatetimeField


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0033_throttles')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OutboxMessage',
            name='params',
            field=fields.JSONField(null=True, description="The facts a message of a known kind is written from, so it is written again at send time in the recipient's language."),
        ),
        ops.AddField(
            model_name='Publication',
            name='language',
            field=fields.CharField(default='en-US', max_length=10, description='The language it is written in.'),
        ),
        ops.CreateModel(
            name='PublicationTranslation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('publication', fields.ForeignKeyField('jurycourt.Publication', source_field='publication_id', db_constraint=True, to_field='id', related_name='translations', on_delete=OnDelete.CASCADE)),
                ('language', fields.CharField(max_length=10)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('body_markdown', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('translated_by', fields.ForeignKeyField('jurycourt.Person', source_field='translated_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('translator_name', fields.CharField(default='', max_length=120)),
                ('updated_at', UtcDatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'publication_translation', 'app': 'jurycourt', 'unique_together': (('publication', 'language'),), 'pk_attr': 'id', 'table_description': 'A translation of a publication made by a person, shown beside its original and labelled as a translation.'},
            bases=['Model'],
        ),
    ]
