"""Deliberation threads: the statements of one proceeding (a jury room, a panel, an inquiry)."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Thread(Model):
    """The thread of one proceeding, named by its owner (topic and topic id), sealed at its end."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    topic = fields.CharField(max_length=20, description="What owns the thread: deliberation, panel, inquiry")
    topic_id = fields.IntField()
    #: Bumped by every write to the thread, so live pages can ask "anything new?" in one read.
    version = fields.IntField(default=0)
    sealed_at = UtcDatetimeField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "thread"
        unique_together = (("topic", "topic_id"),)


class Statement(Model):
    """One short statement in a thread, kept even when a coordinator hides it."""

    id = fields.BigIntField(primary_key=True)
    thread = fields.ForeignKeyField("jurycourt.Thread", related_name="statements", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    body = fields.TextField()
    created_at = UtcDatetimeField(auto_now_add=True)
    hidden_reason = fields.CharField(max_length=300, null=True)

    class Meta:
        table = "thread_statement"
        indexes = (("thread_id", "id"),)
