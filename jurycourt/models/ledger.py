"""The time-credit ledger: accounts, balances, postings and their entries.

Postings and entries are append-only (database triggers refuse UPDATE and DELETE, see
migrations/0003_ledger_triggers.py). A balance row is the one cached figure, kept in the same
transaction as the entries it sums.
"""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.ledger import AccountKind, PostingKind
from jurycourt.models.fields import UtcDatetimeField


class LedgerAccount(Model):
    """A time-credit account: a person's in a program, or the program's issuing or rewards account.

    ``key`` is "person:<id>", "issuing" or "rewards", unique within the program.
    """

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(AccountKind, max_length=10)
    key = fields.CharField(max_length=40)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.RESTRICT)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_account"
        unique_together = (("program", "key"),)
        indexes = (("person_id",),)


class LedgerBalance(Model):
    """The balance of one account in minutes: the sum of its entries, kept as they are posted."""

    id = fields.IntField(primary_key=True)
    account = fields.OneToOneField("jurycourt.LedgerAccount", related_name="balance", on_delete=fields.RESTRICT)
    minutes = fields.BigIntField(default=0)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "ledger_balance"


class Posting(Model):
    """One balanced movement of time credits: two or more entries that sum to zero.

    Never updated or deleted. ``reference`` names its cause (e.g. "seat:123"), and a retried
    request with the same ``idempotency_key`` finds this posting instead of posting again.
    """

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(PostingKind, max_length=20)
    reference = fields.CharField(max_length=80)
    idempotency_key = fields.CharField(max_length=120, unique=True)
    fingerprint = fields.CharField(max_length=64)
    memo = fields.CharField(max_length=300, default="")
    reverses = fields.OneToOneField("jurycourt.Posting", related_name="reversed_by", null=True,
                                    on_delete=fields.RESTRICT)
    occurred_at = UtcDatetimeField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)
    recorded_at = UtcDatetimeField(auto_now_add=True)

    entries: fields.ReverseRelation["LedgerEntry"]

    class Meta:
        table = "ledger_posting"
        indexes = (("program_id", "occurred_at"), ("reference",))


class LedgerEntry(Model):
    """One line of a posting: minutes into (positive) or out of (negative) one account."""

    id = fields.IntField(primary_key=True)
    posting = fields.ForeignKeyField("jurycourt.Posting", related_name="entries", on_delete=fields.RESTRICT)
    account = fields.ForeignKeyField("jurycourt.LedgerAccount", related_name=False, on_delete=fields.RESTRICT)
    minutes = fields.IntField()

    class Meta:
        table = "ledger_entry"
        indexes = (("account_id", "id"),)
