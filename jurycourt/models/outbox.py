"""Messages waiting to be sent. Each is claimed in a transaction and sent exactly once."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.messaging import DeliveryState
from jurycourt.models.fields import UtcDatetimeField


class OutboxMessage(Model):
    """A message to a person. Never holds a respondent's name or any case detail."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="messages", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=30)
    dedupe_key = fields.CharField(max_length=120, unique=True)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    #: The facts a message of a known kind is written from (domain.duties.COMPOSERS), so it is
    #: written again at send time in the recipient's language then; None: subject and body are final.
    params = fields.JSONField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    claimed_by = fields.CharField(max_length=64, null=True)
    claimed_at = UtcDatetimeField(null=True)
    # When a sender was done with it: handed over, or found that it cannot be delivered (see ``state``).
    finished_at = UtcDatetimeField(null=True, db_index=True)
    attempts = fields.IntField(default=0)
    #: email or text (jurycourt.domain.messaging.Channel), one row per channel the person chose.
    channel = fields.CharField(max_length=10, default="email", db_default="email")
    #: Where the message is (DeliveryState): "sent" only once it has left, never for a person with no address.
    state = fields.CharField(max_length=15, default="queued", db_default="queued")
    state_detail = fields.CharField(max_length=200, default="", db_default="",
                                    description="why it cannot be delivered, or the provider's error code")
    state_at = UtcDatetimeField(null=True)

    #: The text provider's id for the message (its delivery reports name it).
    provider_ref = fields.CharField(max_length=64, null=True)
    #: The short form for a text message (the subject and body are the email's).
    text = fields.CharField(max_length=400, default="", db_default="")
    #: Not before this moment (quiet hours, the one-text-an-hour pace).
    not_before = UtcDatetimeField(null=True)
    #: Messages about one thing (a hearing) share a thread: email clients show them together.
    thread = fields.CharField(max_length=60, default="", db_default="")

    @property
    def delivery(self) -> DeliveryState:
        """``state`` as the domain's DeliveryState (what pages test it against)."""
        return DeliveryState(self.state)

    class Meta:
        table = "outbox_message"
        indexes = (("provider_ref",),)


class Lease(Model):
    """A named lease one process holds at a time (e.g. the in-server outbox sender)."""

    name = fields.CharField(max_length=40, primary_key=True)
    holder = fields.CharField(max_length=64)
    expires_at = UtcDatetimeField()

    class Meta:
        table = "lease"


class TextConsent(Model):
    """Consent to receive text messages at a number, with who gave it and how (a minor's guardian
    gives it for them too, where the program's rule asks for it)."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="text_consents", on_delete=fields.CASCADE)
    phone = fields.CharField(max_length=20, description="E.164")
    by_guardian = fields.BooleanField(default=False)
    source = fields.CharField(max_length=200, description="how it was given: a form, a call, in person")
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    given_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "text_consent"
        unique_together = (("person", "phone", "by_guardian"),)


class TextStop(Model):
    """A number that replied STOP: nothing is texted to it until it replies START."""

    phone = fields.CharField(max_length=20, primary_key=True)
    stopped_at = UtcDatetimeField()

    class Meta:
        table = "text_stop"


class InboundText(Model):
    """A text message received: answered by a keyword or a YES/NO reply, or waiting in the coordinators'
    inbox. ``provider_ref`` is unique, so a repeated webhook is recorded once."""

    id = fields.IntField(primary_key=True)
    provider_ref = fields.CharField(max_length=64, unique=True)
    phone = fields.CharField(max_length=20, db_index=True)
    body = fields.CharField(max_length=1600)
    received_at = UtcDatetimeField()
    outcome = fields.CharField(max_length=20, description="stop, start, help, accepted, declined, asked, refused, "
                                                           "inbox")
    handled_at = UtcDatetimeField(null=True, description="when a coordinator dealt with an inbox item")

    class Meta:
        table = "inbound_text"
