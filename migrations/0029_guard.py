from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from jurycourt.models.fields import UtcDatetimeField


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0028_languages')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Publication',
            name='withheld_at',
            field=UtcDatetimeField(null=True, description='When the guard found that the published text now identifies someone protected: withheld'),
        ),
        ops.CreateModel(
            name='SealedIdentifier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('program', fields.ForeignKeyField('jurycourt.Program', source_field='program_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('digest', fields.CharField(max_length=64)),
                ('reason', fields.CharField(max_length=16)),
            ],
            options={'table': 'sealed_identifier', 'app': 'jurycourt', 'unique_together': (('program', 'digest'),), 'pk_attr': 'id', 'table_description': "What is kept of a sealed person's name, street, school, phone, email and birth date: a keyed"},
            bases=['Model'],
        ),
    ]
