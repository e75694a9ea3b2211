from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.separation import ProvenanceKind
from jurycourt.models.fields import UtcDatetimeField


class Account(Model):
    """How a person signs in. The hash is argon2id, the login is stored case-folded."""

    id = fields.IntField(primary_key=True)
    person = fields.OneToOneField("jurycourt.Person", related_name="account", on_delete=fields.RESTRICT)
    login = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=200)
    is_active = fields.BooleanField(default=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    password_changed_at = UtcDatetimeField(auto_now_add=True)
    totp_secret = fields.CharField(
        max_length=300, default="", db_default="", description="TOTP secret sealed with the site key, empty when none"
    )
    totp_enabled_at = UtcDatetimeField(null=True, description="when the code was confirmed, null while enrolling")
    totp_last_step = fields.BigIntField(
        default=0, db_default=0, description="time step of the last accepted code (no replay)"
    )

    class Meta:
        table = "account"


class WebSession(Model):
    """A signed-in browser. The cookie carries a random token, only its SHA-256 is stored."""

    id = fields.CharField(max_length=64, primary_key=True)
    account = fields.ForeignKeyField("jurycourt.Account", related_name="sessions")
    created_at = UtcDatetimeField()
    last_seen_at = UtcDatetimeField()
    expires_at = UtcDatetimeField()

    class Meta:
        table = "web_session"


class Throttle(Model):
    """Attempts counted per key (a login, or a client address and what it tries), for every throttle.

    A row whose window and wait are both over (``window_start`` and ``blocked_until`` more than a
    window ago) means nothing any more and may be deleted."""

    key = fields.CharField(max_length=200, primary_key=True)
    attempts = fields.IntField(default=0)
    window_start = UtcDatetimeField()
    blocked_until = UtcDatetimeField(null=True)

    class Meta:
        table = "throttle"


class RecoveryCode(Model):
    """A single-use code that stands in for a TOTP code. Only its SHA-256 is stored."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("jurycourt.Account", related_name="recovery_codes", on_delete=fields.CASCADE)
    code_hash = fields.CharField(max_length=64)
    created_at = UtcDatetimeField(auto_now_add=True)
    used_at = UtcDatetimeField(null=True)

    class Meta:
        table = "recovery_code"


class Provenance(Model):
    """Who could have had a hand in a person's account: who created the person, issued the link
    they redeemed, granted them the coordinator role. ``by`` is null for the operator's command.
    Rows are only ever added; separation of duties reads them as a graph."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.CASCADE)
    kind = fields.CharEnumField(ProvenanceKind, max_length=20)
    by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    at = UtcDatetimeField()

    class Meta:
        table = "account_provenance"
        indexes = (("person_id",), ("by_id",))
