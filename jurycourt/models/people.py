from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models.fields import UtcDatetimeField


class Person(Model):
    """Anyone the program knows: respondents, guardians, jurors, panelists, coordinators."""

    id = fields.IntField(primary_key=True)
    given_name = fields.CharField(max_length=80)
    family_name = fields.CharField(max_length=80)
    preferred_name = fields.CharField(max_length=80, default="")
    date_of_birth = fields.DateField(null=True)
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=40, default="")
    address = fields.CharField(max_length=300, default="")
    #: The language of everything for this person (pages, messages, letters): a tag of i18n.LANGUAGES.
    language = fields.CharField(max_length=10, default="en-US", db_default="en-US")
    #: How messages reach this person (jurycourt.domain.messaging.ContactChoice): email, text or both.
    contact_by = fields.CharField(max_length=5, default="email", db_default="email")
    #: A guardian who gets a copy of what is sent about this minor's duties.
    copies_to_guardian = fields.BooleanField(default=False, db_default=False)
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    memberships: fields.ReverseRelation["Membership"]

    class Meta:
        table = "person"
        indexes = (("family_name", "given_name"),)

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"


class Membership(Model):
    """A person's role in a program, over time: a respondent may later become a juror."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="memberships", on_delete=fields.RESTRICT)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="memberships", on_delete=fields.RESTRICT)
    role = fields.CharEnumField(Role, max_length=20)
    status = fields.CharEnumField(MembershipStatus, max_length=10, default=MembershipStatus.ACTIVE)
    training_date = fields.DateField(null=True)
    pledge_date = fields.DateField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    active_since = UtcDatetimeField(null=True, description="when the role last became active: a coordinator's "
                                                           "seniority counts from here")
    requested_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                          on_delete=fields.SET_NULL,
                                          description="who asked for a pending coordinator role")

    class Meta:
        table = "membership"
        unique_together = (("person", "program", "role"),)
        # The coordinator's to-do finds serving members with no pledge or training date by seeking NULLs.
        indexes = (("program_id", "pledge_date"), ("program_id", "training_date"))
