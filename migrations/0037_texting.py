from tortoise.indexes import Index
from tortoise import migrations
from tortoise.migrations import operations as ops
from jurycourt.models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields

async def mark_delivery_states(apps, schema_editor) -> None:
    """Messages sent before delivery states existed: to a person with no email address they never
    left (they were marked sent without leaving), so they are "undeliverable"; the others "sent"."""
    client = schema_editor.client
    await client.execute_query(
        "UPDATE outbox_message SET state = 'undeliverable', state_detail = 'no email address', state_at = finished_at "
        "WHERE finished_at IS NOT NULL AND person_id IN (SELECT id FROM person WHERE email = '')")
    await client.execute_query(
        "UPDATE outbox_message SET state = 'sent', state_at = finished_at WHERE finished_at IS NOT NULL AND state = 'queued'")


async def forget_delivery_states(apps, schema_editor) -> None:
    """Going back drops the columns: nothing to undo."""


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0036_hearing_night')]

    initial = False

    operations = [
        ops.RenameField(model_name='OutboxMessage', old_name='sent_at', new_name='finished_at'),
        ops.AddField(
            model_name='OutboxMessage',
            name='thread',
            field=fields.CharField(default='', db_default='', description='Messages about one thing (a hearing) share a thread: email clients show them together.', max_length=60),
        ),
        ops.CreateModel(
            name='InboundText',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider_ref', fields.CharField(unique=True, max_length=64)),
                ('phone', fields.CharField(db_index=True, max_length=20)),
                ('body', fields.CharField(max_length=1600)),
                ('received_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(description='stop, start, help, accepted, declined, asked, refused, inbox', max_length=20)),
                ('handled_at', UtcDatetimeField(null=True, description='when a coordinator dealt with an inbox item', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inbound_text', 'app': 'jurycourt', 'pk_attr': 'id', 'table_description': "A text message received: answered by a keyword or a YES/NO reply, or waiting in the coordinators'"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TextConsent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('jurycourt.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='text_consents', on_delete=OnDelete.CASCADE)),
                ('phone', fields.CharField(description='E.164', max_length=20)),
                ('by_guardian', fields.BooleanField(default=False)),
                ('source', fields.CharField(description='how it was given: a form, a call, in person', max_length=200)),
                ('recorded_by', fields.ForeignKeyField('jurycourt.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('given_at', UtcDatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'text_consent', 'app': 'jurycourt', 'unique_together': (('person', 'phone', 'by_guardian'),), 'pk_attr': 'id', 'table_description': "Consent to receive text messages at a number, with who gave it and how (a minor's guardian"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TextStop',
            fields=[
                ('phone', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=20)),
                ('stopped_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'text_stop', 'app': 'jurycourt', 'pk_attr': 'phone', 'table_description': 'A number that replied STOP: nothing is texted to it until it replies START.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='channel',
            field=fields.CharField(default='email', db_default='email', description='email or text (jurycourt.domain.messaging.Channel), one row per channel the person chose.', max_length=10),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='not_before',
            field=UtcDatetimeField(null=True, description='Not before this moment (quiet hours, the one-text-an-hour pace).', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='provider_ref',
            field=fields.CharField(null=True, description="The text provider's id for the message (its delivery reports name it).", max_length=64),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='state',
            field=fields.CharField(default='queued', db_default='queued', description='Where the message is (DeliveryState): "sent" only once it has left, never for a person with no address.', max_length=15),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='state_at',
            field=UtcDatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='state_detail',
            field=fields.CharField(default='', db_default='', description="why it cannot be delivered, or the provider's error code", max_length=200),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='text',
            field=fields.CharField(default='', db_default='', description="The short form for a text message (the subject and body are the email's).", max_length=400),
        ),
        ops.AddField(
            model_name='Person',
            name='contact_by',
            field=fields.CharField(default='email', db_default='email', description='How messages reach this person (jurycourt.domain.messaging.ContactChoice): email, text or both.', max_length=5),
        ),
        ops.AddField(
            model_name='Person',
            name='copies_to_guardian',
            field=fields.BooleanField(default=False, db_default=False, description="A guardian who gets a copy of what is sent about this minor's duties."),
        ),
        ops.RunPython(mark_delivery_states, forget_delivery_states),
        ops.AddIndex(
            model_name='OutboxMessage',
            index=Index(fields=['provider_ref']),
        ),
    ]
