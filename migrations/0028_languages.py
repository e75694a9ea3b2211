from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0021_citizens_recommendation_publication')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Person',
            name='language',
            field=fields.CharField(default='en-US', db_default='en-US', description='The language of everything for this person (pages, messages, letters): a tag of i18n.LANGUAGES.', max_length=10),
        ),
    ]
