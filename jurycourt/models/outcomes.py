"""Outcomes: the follow-up checks after a completed case."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class FollowUp(Model):
    """One follow-up check of a completed case (at 6 months, 12 months, or as the program sets).

    It names no one: the youth is known to it only by ``pseudonym``, a keyed hash of their name and
    date of birth (so a later referral of the same youth can be recognised after the case is
    sealed), and the case link goes when the case is sealed. What it keeps are outcome flags. When
    the case's last check is recorded, the pseudonym of all its checks is erased."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="follow_ups", null=True, on_delete=fields.SET_NULL)
    pseudonym = fields.CharField(max_length=64, default="", description="keyed hash of the youth, empty once erased")
    months = fields.IntField(description="months after completion")
    due_on = fields.DateField()
    checked_on = fields.DateField(null=True)
    new_referral = fields.BooleanField(null=True, description="a new referral since completion, None while unknown")
    school_status = fields.CharField(max_length=20, default="", description="enrolled, graduated, working, out")
    survey_sent = fields.BooleanField(default=False)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "follow_up"
        indexes = (("program_id", "due_on"), ("pseudonym",), ("case_id", "months"))
