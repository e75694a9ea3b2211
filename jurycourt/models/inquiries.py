"""Youth Grand Jury inquiries: charter and members, evidence, witnesses, findings and their votes,
and after publication the named bodies' responses and each recommendation's dated statuses."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.inquiries import (
    FindingKind,
    FindingState,
    InquiryState,
    MemberRole,
    RecommendationStatus,
    Stance,
    VoteChoice,
)
from jurycourt.models.fields import UtcDatetimeField


class Inquiry(Model):
    """A chartered inquiry: its question, scope, term, vote threshold (an exact fraction) and state."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="inquiries", on_delete=fields.RESTRICT)
    title = fields.CharField(max_length=200)
    question = fields.TextField()
    scope = fields.TextField(default="")
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    threshold_numerator = fields.IntField(default=2)
    threshold_denominator = fields.IntField(default=3)
    state = fields.CharEnumField(InquiryState, max_length=14, default=InquiryState.CHARTERED)
    introduction = fields.TextField(default="")
    response_days = fields.IntField(default=90)
    publication = fields.ForeignKeyField("jurycourt.Publication", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "inquiry"
        indexes = (("program_id", "state"),)


class InquiryMember(Model):
    """A grand juror's seat on an inquiry, from joining until leaving office (left_at)."""

    id = fields.IntField(primary_key=True)
    inquiry = fields.ForeignKeyField("jurycourt.Inquiry", related_name="members", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    role = fields.CharEnumField(MemberRole, max_length=12, default=MemberRole.MEMBER)
    joined_at = UtcDatetimeField(auto_now_add=True)
    left_at = UtcDatetimeField(null=True)

    class Meta:
        table = "inquiry_member"
        unique_together = (("inquiry", "person"),)
        indexes = (("person_id", "left_at"),)


class EvidenceItem(Model):
    """One entry of an inquiry's evidence log: a document, note, data or source, tagged."""

    id = fields.IntField(primary_key=True)
    inquiry = fields.ForeignKeyField("jurycourt.Inquiry", related_name="evidence", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=10)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    source_url = fields.CharField(max_length=500, default="")
    tags = fields.CharField(max_length=400, default="")
    document = fields.ForeignKeyField("jurycourt.Document", related_name=False, null=True, on_delete=fields.SET_NULL)
    added_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    added_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_evidence"
        indexes = (("inquiry_id", "added_at"),)


class Witness(Model):
    """An official or agency invited to an inquiry hearing, and the testimony summary afterwards."""

    id = fields.IntField(primary_key=True)
    inquiry = fields.ForeignKeyField("jurycourt.Inquiry", related_name="witnesses", on_delete=fields.CASCADE)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name=False, null=True, on_delete=fields.SET_NULL)
    name = fields.CharField(max_length=120)
    body = fields.CharField(max_length=200)
    invited_at = UtcDatetimeField(auto_now_add=True)
    invited_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    testimony = fields.TextField(default="")
    testimony_evidence = fields.JSONField(default=list)
    testimony_at = UtcDatetimeField(null=True)

    class Meta:
        table = "inquiry_witness"
        indexes = (("inquiry_id", "invited_at"),)


class WitnessQuestion(Model):
    """A question a member prepared in advance for a witness."""

    id = fields.IntField(primary_key=True)
    witness = fields.ForeignKeyField("jurycourt.Witness", related_name="questions", on_delete=fields.CASCADE)
    text = fields.TextField()
    asked_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_witness_question"


class Finding(Model):
    """An indictment (body named, what it failed to do) or a recommendation (to whom, action, by
    when, role of young people), with the evidence it rests on and, once voted, its tally."""

    id = fields.IntField(primary_key=True)
    inquiry = fields.ForeignKeyField("jurycourt.Inquiry", related_name="findings", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(FindingKind, max_length=14)
    position = fields.IntField(default=0)
    title = fields.CharField(max_length=200)
    body_named = fields.CharField(max_length=200)
    text = fields.TextField()
    due_on = fields.DateField(null=True)
    youth_role = fields.TextField(default="")
    evidence_ids = fields.JSONField(default=list)
    state = fields.CharEnumField(FindingState, max_length=12, default=FindingState.DRAFT)
    votes_for = fields.IntField(null=True)
    votes_against = fields.IntField(null=True)
    votes_abstain = fields.IntField(null=True)
    members_in_office = fields.IntField(null=True)
    votes_needed = fields.IntField(null=True)
    decided_at = UtcDatetimeField(null=True)
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_finding"
        indexes = (("inquiry_id", "position"),)


class FindingVote(Model):
    """A member's one vote on a finding: for, against or abstain."""

    id = fields.IntField(primary_key=True)
    finding = fields.ForeignKeyField("jurycourt.Finding", related_name="votes", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    choice = fields.CharEnumField(VoteChoice, max_length=8)
    cast_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_finding_vote"
        unique_together = (("finding", "person"),)


class FindingResponse(Model):
    """The named body's response to a published finding or a citizens' panel's published
    recommendation (exactly one of the two), in its own words."""

    id = fields.IntField(primary_key=True)
    finding = fields.ForeignKeyField("jurycourt.Finding", related_name="responses", null=True,
                                     on_delete=fields.CASCADE)
    recommendation = fields.ForeignKeyField("jurycourt.PanelRecommendation", related_name="responses", null=True,
                                            on_delete=fields.CASCADE)
    stance = fields.CharEnumField(Stance, max_length=10)
    text = fields.TextField()
    responded_on = fields.DateField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_finding_response"
        indexes = (("finding_id", "responded_on"), ("recommendation_id", "responded_on"))


class StatusChange(Model):
    """A dated change of a recommendation's public status, or a milestone on its way (never edited:
    the history is the timeline). Of an inquiry's finding or of a citizens' panel's recommendation."""

    id = fields.IntField(primary_key=True)
    finding = fields.ForeignKeyField("jurycourt.Finding", related_name="status_changes", null=True,
                                     on_delete=fields.CASCADE)
    recommendation = fields.ForeignKeyField("jurycourt.PanelRecommendation", related_name="status_changes",
                                            null=True, on_delete=fields.CASCADE)
    status = fields.CharEnumField(RecommendationStatus, max_length=12)
    reason = fields.TextField(default="")
    milestone = fields.CharField(max_length=200, default="", db_default="")
    progress = fields.IntField(null=True, description="Share done, 0 to 100, when the body says")
    changed_on = fields.DateField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "inquiry_status_change"
        indexes = (("finding_id", "changed_on"), ("recommendation_id", "changed_on"))
