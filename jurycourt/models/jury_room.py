"""The jury room: a case's deliberation (its thread is a threads.Thread), questions, proposals, support and votes."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.jury_room import Phase
from jurycourt.models.fields import UtcDatetimeField


class Deliberation(Model):
    """One jury deliberating on one case of a hearing docket, sealed after the decision."""

    id = fields.IntField(primary_key=True)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name=False, on_delete=fields.CASCADE)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="deliberations", on_delete=fields.CASCADE)
    phase = fields.CharEnumField(Phase, max_length=14, default=Phase.PREPARING)
    under_vote_id = fields.IntField(null=True, description=(
        "The proposal under vote (a plain id: the proposal table refers back to this one)."))
    vote_closed = fields.BooleanField(default=False)
    close_reason = fields.CharField(max_length=300, default="", db_default="", description=(
        "Why the vote was closed before every seated juror had voted (the quorum rule asks for one)."))
    asking_id = fields.IntField(null=True, description=(
        "The shared question being asked now, as the foreperson moves through them (a plain id)."))
    phase_at = UtcDatetimeField(null=True, description="When the current phase opened (the hearing screen's timer).")
    round = fields.IntField(default=1, db_default=1, description=(
        "The round of deliberation: a vote that did not carry sends the room back for another."))
    #: Bumped by every write in the room, so live pages can ask "anything new?" in one read.
    version = fields.IntField(default=0, db_default=0)
    sealed_at = UtcDatetimeField(null=True)
    thread = fields.ForeignKeyField("jurycourt.Thread", related_name=False, null=True, on_delete=fields.SET_NULL,
                                  description="The room's thread of statements (the threads component)")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "deliberation"
        unique_together = (("hearing", "case"),)


class Question(Model):
    """A question a juror drafts for the respondent, private to its author until questioning opens."""

    id = fields.IntField(primary_key=True)
    case = fields.ForeignKeyField("jurycourt.Case", related_name=False, on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    body = fields.TextField()
    shared = fields.BooleanField(default=False)
    position = fields.IntField(default=0)
    worked = fields.BooleanField(default=False)
    bank_question = fields.ForeignKeyField("jurycourt.BankQuestion", related_name=False, null=True,
                                           on_delete=fields.SET_NULL, description="The bank question it came from")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "room_question"
        indexes = (("case_id", "position"),)


class Proposal(Model):
    """A proposed disposition: a list of sanctions as [{kind, quantity}]."""

    id = fields.IntField(primary_key=True)
    deliberation = fields.ForeignKeyField("jurycourt.Deliberation", related_name="proposals",
                                          on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    sanctions = fields.JSONField()
    round = fields.IntField(default=1, db_default=1, description="The round of deliberation it was made in.")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "room_proposal"


class Support(Model):
    """Support for, or an objection to, a proposal, with a reason (one per juror)."""

    id = fields.IntField(primary_key=True)
    proposal = fields.ForeignKeyField("jurycourt.Proposal", related_name="supports", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    supports = fields.BooleanField()
    reason = fields.CharField(max_length=300)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "room_support"
        unique_together = (("proposal", "person"),)


class Vote(Model):
    """The one vote of a seated juror on the proposal under vote in this round, with a reason
    (the votes of earlier rounds are kept as PastVote)."""

    id = fields.IntField(primary_key=True)
    deliberation = fields.ForeignKeyField("jurycourt.Deliberation", related_name="votes", on_delete=fields.CASCADE)
    proposal = fields.ForeignKeyField("jurycourt.Proposal", related_name="votes", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    in_favour = fields.BooleanField()
    reason = fields.CharField(max_length=300)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "room_vote"
        unique_together = (("deliberation", "person"),)


class PastVote(Model):
    """A vote of an earlier round, kept as it was cast when the vote did not carry and the room
    went back to deliberation (room_vote holds the current round's, one per juror)."""

    id = fields.IntField(primary_key=True)
    deliberation = fields.ForeignKeyField("jurycourt.Deliberation", related_name=False, on_delete=fields.CASCADE)
    round = fields.IntField()
    proposal = fields.ForeignKeyField("jurycourt.Proposal", related_name=False, on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    in_favour = fields.BooleanField()
    reason = fields.CharField(max_length=300)
    close_reason = fields.CharField(max_length=300, default="", description=(
        "Why that round's vote was closed early, if it was."))
    cast_at = UtcDatetimeField()

    class Meta:
        table = "room_vote_past"
        unique_together = (("deliberation", "round", "person"),)
