"""The question bank: questions a coordinator approved for an offence category, ranked by use."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class BankQuestion(Model):
    """An approved question for juries hearing cases of one offence category."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    offence_category = fields.CharField(max_length=40)
    body = fields.TextField()
    approved_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    #: How many juries marked this question as having worked (one per case, see BankWorked).
    juries_worked = fields.IntField(default=0)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "bank_question"
        indexes = (("program_id", "offence_category", "juries_worked"),)


class BankWorked(Model):
    """One jury (the case it heard) marked a question from the bank as having worked."""

    id = fields.IntField(primary_key=True)
    bank_question = fields.ForeignKeyField("jurycourt.BankQuestion", related_name=False, on_delete=fields.CASCADE)
    case_id = fields.IntField(description="A plain id: the count outlives a sealed case's questions")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "bank_worked"
        unique_together = (("bank_question", "case_id"),)
