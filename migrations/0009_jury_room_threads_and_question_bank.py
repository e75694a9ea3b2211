from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0008_cases_sealing')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Thread',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('topic', fields.CharField(description='What owns the thread: deliberation, panel, inquiry', max_length=20)),
                ('topic_id', fields.IntField()),
                ('version', fields.IntField(default=0, description='Bumped by every write to the thread, so live pages can ask "anything new?" in one read.')),
                ('sealed_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'thread', 'app': 'jurycourt', 'unique_together': (('topic', 'topic_id'),), 'pk_attr': 'id', 'table_description': 'The thread of one proceeding, named by its owner (topic and topic id), sealed at its end.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Deliberation',
            name='thread',
            field=fields.ForeignKeyField('jurycourt.Thread', source_field='thread_id', null=True, description="The room's thread of statements (the threads component)", db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        # The room's statements move into the shared threads component (a new table). Written by
        # hand: the generated AlterModelOptions would not rename the table. Room text written
        # before this migration is not carried over.
        ops.DeleteModel(name='Statement'),
        ops.CreateModel(
            name='Statement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread', fields.ForeignKeyField('jurycourt.Thread', source_field='thread_id', db_constraint=True, to_field='id', related_name='statements', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('jurycourt.Person', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('body', fields.TextField(unique=False)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
                ('hidden_reason', fields.CharField(null=True, max_length=300)),
            ],
            options={'table': 'thread_statement', 'app': 'jurycourt', 'indexes': [Index(fields=['thread_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One short statement in a thread, kept even when a coordinator hides it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BankQuestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('offence_category', fields.CharField(max_length=40)),
                ('body', fields.TextField(unique=False)),
                ('approved_by', fields.ForeignKeyField('jurycourt.Person', source_field='approved_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('juries_worked', fields.IntField(default=0, description='How many juries marked this question as having worked (one per case, see BankWorked).')),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'bank_question', 'app': 'jurycourt', 'indexes': [Index(fields=['program_id', 'offence_category', 'juries_worked'])], 'pk_attr': 'id', 'table_description': 'An approved question for juries hearing cases of one offence category.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BankWorked',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('bank_question', fields.ForeignKeyField('jurycourt.BankQuestion', source_field='bank_question_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('case_id', fields.IntField(description="A plain id: the count outlives a sealed case's questions")),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'bank_worked', 'app': 'jurycourt', 'unique_together': (('bank_question', 'case_id'),), 'pk_attr': 'id', 'table_description': 'One jury (the case it heard) marked a question from the bank as having worked.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Question',
            name='bank_question',
            field=fields.ForeignKeyField('jurycourt.BankQuestion', source_field='bank_question_id', null=True, description='The bank question it came from', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
    ]
