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


class SurveyCode(Model):
    """An unused survey invitation: only the hash of its single-use code, and which questionnaire it
    opens. Nothing says whom it was given to, and it is deleted when it is used."""

    id = fields.UUIDField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    questionnaire = fields.CharField(max_length=20)
    phase = fields.CharField(max_length=10, description="once, before or after")
    code_hash = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "survey_code"


class SurveyResponse(Model):
    """One anonymous answer to a questionnaire: no person, no code, no time finer than the month,
    and a random id (so the order of rows says nothing). A before/after pair shares ``pair_hash``,
    the hash of a second code only the respondent kept."""

    id = fields.UUIDField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    questionnaire = fields.CharField(max_length=20)
    phase = fields.CharField(max_length=10)
    month = fields.DateField(description="the first day of the month it was given")
    answers = fields.JSONField(description="question key to answer 1 to 5")
    pair_hash = fields.CharField(max_length=64, default="")

    class Meta:
        table = "survey_response"
        indexes = (("program_id", "month"),)


class CaseDemographics(Model):
    """The respondent's gender, race and ethnicity in the funder's categories, for the fairness
    audit: recorded only with consent and where the program turns it on. Erased when the case is
    sealed."""

    id = fields.IntField(primary_key=True)
    case = fields.OneToOneField("jurycourt.Case", related_name="demographics", on_delete=fields.CASCADE)
    gender = fields.CharField(max_length=20)
    race = fields.CharField(max_length=20)
    ethnicity = fields.CharField(max_length=20)
    consent_given_on = fields.DateField()
    consent_source = fields.CharField(max_length=10, description="youth or guardian")

    class Meta:
        table = "case_demographics"
