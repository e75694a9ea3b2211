from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.links import LinkKind
from jurycourt.models.fields import UtcDatetimeField


class AccessLink(Model):
    """A single-use, expiring link a coordinator hands over: an invitation or a password reset."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(LinkKind, max_length=10)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="access_links")
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name="issued_links", on_delete=fields.RESTRICT)
    created_at = UtcDatetimeField(auto_now_add=True)
    expires_at = UtcDatetimeField()
    used_at = UtcDatetimeField(null=True)
    #: A link for a coordinator works only once a second, independent coordinator confirms it.
    awaiting_confirmation = fields.BooleanField(default=False, db_default=False)
    confirmed_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                          on_delete=fields.SET_NULL)

    class Meta:
        table = "access_link"
