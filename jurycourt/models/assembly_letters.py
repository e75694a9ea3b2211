"""A citizens' panel recruiting by letter: its mailing (the address file, the sample's seed), each address
(and, once sampled, its letter), and each registration made with a letter's code."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Mailing(Model):
    """A panel's address file and the letters drawn from it. ``seed`` is secret to the program's
    coordinators: the sample, its variants and every registration code are derived from it."""

    id = fields.IntField(primary_key=True)
    panel = fields.OneToOneField("jurycourt.Panel", related_name="mailing", on_delete=fields.CASCADE)
    addresses = fields.IntField(default=0, description="Addresses in the imported file")
    imported_at = UtcDatetimeField(null=True)
    seed = fields.CharField(max_length=64, default="")
    sample_size = fields.IntField(default=0)
    variants = fields.IntField(default=1, description="1 (every letter is A) or 2 (letters A and B alternate)")
    reply_by = fields.DateField(null=True)
    sampled_at = UtcDatetimeField(null=True)
    sent_on = fields.DateField(null=True)
    erased_at = UtcDatetimeField(null=True)

    class Meta:
        table = "citizens_mailing"


class MailingAddress(Model):
    """One address of the file. Once sampled it is a letter: its rank in the sample, its variant and the
    keyed hash of its registration code (the code itself is derived again from the seed to print it)."""

    id = fields.IntField(primary_key=True)
    mailing = fields.ForeignKeyField("jurycourt.Mailing", related_name="rows", on_delete=fields.CASCADE)
    line = fields.IntField()
    reference = fields.CharField(max_length=40)
    address = fields.CharField(max_length=200)
    address2 = fields.CharField(max_length=200, default="")
    city = fields.CharField(max_length=100, default="")
    postal_code = fields.CharField(max_length=20)
    language = fields.CharField(max_length=8, default="")
    strata = fields.JSONField(default=dict)
    rank = fields.IntField(null=True)
    variant = fields.CharField(max_length=1, default="")
    code_hash = fields.CharField(max_length=64, null=True, unique=True)
    used_at = UtcDatetimeField(null=True)

    class Meta:
        table = "citizens_mailing_address"
        unique_together = (("mailing", "reference"),)
        indexes = (("mailing_id", "rank"),)


class LetterRegistration(Model):
    """A registration made with a letter's code, online or by phone: the volunteer it put in the pool and
    what the panel's organisers need to know to make taking part possible."""

    id = fields.IntField(primary_key=True)
    letter = fields.OneToOneField("jurycourt.MailingAddress", related_name="registration",
                                  on_delete=fields.CASCADE)
    volunteer = fields.OneToOneField("jurycourt.Volunteer", related_name="letter_registration",
                                     on_delete=fields.CASCADE)
    channel = fields.CharField(max_length=6, description="online or phone")
    language = fields.CharField(max_length=8, default="")
    access_needs = fields.TextField(default="")
    caring = fields.BooleanField(default=False, description="Cares for someone and needs cover to attend")
    caring_details = fields.TextField(default="")
    entered_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                        on_delete=fields.SET_NULL)
    registered_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "citizens_letter_registration"
