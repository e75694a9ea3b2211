"""Referring agencies, their data-sharing agreements and the contacts who refer through the portal."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.agencies import AgencyKind
from jurycourt.models.fields import UtcDatetimeField


class Agency(Model):
    """An agency that refers young people to a program, under a recorded data-sharing agreement."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="agencies", on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=120)
    kind = fields.CharEnumField(AgencyKind, max_length=12)
    agreement_starts = fields.DateField(null=True)
    agreement_ends = fields.DateField(null=True)
    agreement_shares = fields.TextField(default="", description="what the agreement lets each side share")
    agreement_signed_by = fields.CharField(max_length=200, default="")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "agency"
        unique_together = (("program", "name"),)


class AgencyContact(Model):
    """A person at an agency who may refer and follow the agency's referrals (one agency each)."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField("jurycourt.Agency", related_name="contacts", on_delete=fields.RESTRICT)
    person = fields.OneToOneField("jurycourt.Person", related_name="agency_contact", on_delete=fields.RESTRICT)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "agency_contact"
