"""The person harmed on a youth court case or a community justice matter: consent, wishes, safety
plan, impact statement and what was passed on to them."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class PersonHarmed(Model):
    """The person harmed of one case (``case``) or one justice matter (``participant``, the matter's
    harmed participant: the matter's own record of them, extended here)."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    case = fields.OneToOneField("jurycourt.Case", related_name="person_harmed", null=True, on_delete=fields.CASCADE)
    participant = fields.OneToOneField("jurycourt.MatterParticipant", related_name="harmed_record", null=True,
                                       on_delete=fields.CASCADE)
    # NULL once the case is sealed: nothing links to them any more.
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.RESTRICT)
    #: None until asked, then True (agreed to be contacted) or False (refused).
    consent = fields.BooleanField(null=True)
    consent_on = fields.DateField(null=True)
    consent_how = fields.CharField(max_length=10, default="", db_default="")
    consent_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    #: Comma-separated domain.harmed.Wish values.
    wishes = fields.CharField(max_length=60, default="", db_default="")
    safety_answers = fields.JSONField(null=True)
    safety_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    safety_on = fields.DateField(null=True)
    reviewed_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    reviewed_on = fields.DateField(null=True)
    #: Never published, and erased when the case is sealed.
    impact_statement = fields.TextField(default="")
    apology_passed_on = fields.DateField(null=True)
    outcome_told_on = fields.DateField(null=True)
    follow_up_on = fields.DateField(null=True)
    follow_up_note = fields.CharField(max_length=500, default="", db_default="")
    survey_offered_on = fields.DateField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "person_harmed"
        indexes = (("program_id", "person_id"),)
