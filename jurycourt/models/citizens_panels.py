"""A citizens' panel chosen by lot: its charter, sessions, recruitment pool, quotas and draws."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.domain.panel_sessions import EvidenceKind
from jurycourt.models.fields import UtcDatetimeField


class CitizensPanel(Model):
    """The charter of a citizens' panel (one per Panel of kind citizens) and its public commitment."""

    id = fields.IntField(primary_key=True)
    panel = fields.OneToOneField("jurycourt.Panel", related_name="citizens", on_delete=fields.CASCADE)
    question = fields.TextField()
    size = fields.IntField()
    reserves = fields.IntField(default=5)
    table_size = fields.IntField(default=7, db_default=7, description="The most members at one discussion table")
    algorithm = fields.CharField(max_length=12, default="maximin")
    categories = fields.JSONField(default=list)
    privacy_notice = fields.TextField(default="")
    commitment = fields.CharField(max_length=64, default="")
    committed_at = UtcDatetimeField(null=True)
    ended_at = UtcDatetimeField(null=True)

    class Meta:
        table = "citizens_panel"


class CitizensPanelSession(Model):
    """A session in the panel's timetable: a hearing of the panel session kind."""

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name="citizens_sessions", on_delete=fields.CASCADE)
    hearing = fields.OneToOneField("jurycourt.Hearing", related_name="citizens_panel_link",
                                   on_delete=fields.CASCADE)

    class Meta:
        table = "citizens_panel_session"


class SessionEvidence(Model):
    """What one session of the panel heard: a document (kept by the documents component, owned by
    ("citizens_session", session id)) or the summary of an invited speaker's testimony.

    Only the panel's members and its program's coordinators ever read it: it is working material,
    not part of what the panel publishes.
    """

    id = fields.IntField(primary_key=True)
    session = fields.ForeignKeyField("jurycourt.CitizensPanelSession", related_name="evidence",
                                     on_delete=fields.CASCADE)
    kind = fields.CharEnumField(EvidenceKind, max_length=10)
    title = fields.CharField(max_length=200, description="The document's title, or the speaker's name")
    speaker_role = fields.CharField(max_length=200, default="", description="Who the speaker is or speaks for")
    summary = fields.TextField(default="", description="The testimony summary, or a note on the document")
    document = fields.ForeignKeyField("jurycourt.Document", related_name=False, null=True, on_delete=fields.SET_NULL)
    added_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    added_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "citizens_session_evidence"
        indexes = (("session_id", "added_at"),)


class Volunteer(Model):
    """A person in a panel's recruitment pool. The address is kept only as a household key (a hash).

    ``draw_ref`` is the random reference the volunteer has in the draw's published inputs; it is cleared
    when their data is erased, so nothing links them to the published (pseudonymised) pool any more.
    """

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name="volunteers", on_delete=fields.CASCADE)
    reference = fields.CharField(max_length=40)
    draw_ref = fields.CharField(max_length=16, null=True)
    name = fields.CharField(max_length=120)
    contact = fields.CharField(max_length=160, default="")
    household = fields.CharField(max_length=64)
    answers = fields.JSONField(default=dict)
    source = fields.CharField(max_length=8)
    status = fields.CharEnumField(VolunteerStatus, max_length=10, default=VolunteerStatus.POOL)
    reserve_rank = fields.IntField(null=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    access_needs = fields.CharField(max_length=500, default="", db_default="",
                                    description="What the member needs to take part (hearing loop, step-free)")
    caring = fields.CharField(max_length=500, default="", db_default="",
                              description="Caring responsibilities the panel provides for")
    withdraw_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "citizens_volunteer"
        unique_together = (("panel", "reference"),)
        indexes = (("panel_id", "status"),)


class PanelQuota(Model):
    """The minimum and maximum number of panel members with one category value."""

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name="quotas", on_delete=fields.CASCADE)
    category = fields.CharField(max_length=40)
    value = fields.CharField(max_length=40)
    min = fields.IntField()
    max = fields.IntField()

    class Meta:
        table = "citizens_quota"
        unique_together = (("panel", "category", "value"),)


class Draw(Model):
    """One run of the draw worker (a library feasibility check, a draw, or a verifying re-run).

    The inputs (always the pseudonymised, publishable form), seed, report, library versions and
    probabilities are kept so the draw can be replayed. When the panel ends, only the done draw keeps its
    inputs (the published record); every other run's inputs are emptied.
    """

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name="draws", on_delete=fields.CASCADE)
    purpose = fields.CharField(max_length=8)
    status = fields.CharEnumField(DrawStatus, max_length=8, default=DrawStatus.QUEUED)
    progress = fields.IntField(default=0)
    message = fields.CharField(max_length=300, default="")
    commitment = fields.CharField(max_length=64, default="")
    announced = fields.CharField(max_length=200, default="")
    seed = fields.CharField(max_length=20, default="")
    inputs = fields.JSONField(default=dict)
    result = fields.JSONField(default=dict)
    diagnosis = fields.JSONField(default=list)
    verifies = fields.ForeignKeyField("jurycourt.Draw", related_name=False, null=True, on_delete=fields.SET_NULL)
    started_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                        on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)
    started_at = UtcDatetimeField(null=True)
    finished_at = UtcDatetimeField(null=True)

    class Meta:
        table = "citizens_draw"
        indexes = (("panel_id", "created_at"),)


class PanelRecommendation(Model):
    """A recommendation the panel's members drafted, and the vote on it (abstentions are not cast).

    Once adopted and drafted into a publication it points at that publication, so the impact figures
    count exactly the recommendations the public has read (as an inquiry points at its report).
    """

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name="recommendations", on_delete=fields.CASCADE)
    text = fields.TextField()
    votes_for = fields.IntField(null=True)
    votes_against = fields.IntField(null=True)
    abstentions = fields.IntField(null=True)
    minority_statement = fields.TextField(default="")
    body_named = fields.CharField(max_length=200, default="", db_default="",
                                  description="The body asked to respond, once it is published")
    voted_at = UtcDatetimeField(null=True)
    drafted_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                        on_delete=fields.SET_NULL)
    publication = fields.ForeignKeyField(
        "jurycourt.Publication", related_name=False, null=True, on_delete=fields.SET_NULL,
        description="The publication this adopted recommendation was drafted into: counted once it is published")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "citizens_recommendation"
        indexes = (("panel_id", "created_at"),)
