from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0042_outcomes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CaseDemographics',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.OneToOneField('jurycourt.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='demographics', on_delete=OnDelete.CASCADE)),
                ('gender', fields.CharField(max_length=20)),
                ('race', fields.CharField(max_length=20)),
                ('ethnicity', fields.CharField(max_length=20)),
                ('consent_given_on', fields.DateField()),
                ('consent_source', fields.CharField(description='youth or guardian', max_length=10)),
            ],
            options={'table': 'case_demographics', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "The respondent's gender, race and ethnicity in the funder's categories, for the fairness"},
            bases=['Model'],
        ),
    ]
