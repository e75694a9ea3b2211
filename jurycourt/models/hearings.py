"""Hearings (sessions), rooms, availability, conflicts, seats and seat proposals."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models.fields import UtcDatetimeField


class Room(Model):
    """A room at a venue where a program holds hearings."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="rooms", on_delete=fields.RESTRICT)
    venue = fields.CharField(max_length=120)
    name = fields.CharField(max_length=80)
    capacity = fields.IntField(default=12)

    class Meta:
        table = "room"
        unique_together = (("program", "venue", "name"),)


class Hearing(Model):
    """A scheduled session of any proceeding: jury hearing, panel session or inquiry hearing.

    Times are UTC; pages show them in the program's time zone. The title is public-safe:
    it never names a respondent.
    """

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="hearings", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(SessionKind, max_length=20)
    title = fields.CharField(max_length=120, default="")
    starts_at = UtcDatetimeField(db_index=True)
    ends_at = UtcDatetimeField()
    room = fields.ForeignKeyField("jurycourt.Room", related_name="hearings", null=True, on_delete=fields.RESTRICT)
    status = fields.CharEnumField(HearingStatus, max_length=12, default=HearingStatus.PLANNED)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "hearing"
        indexes = (("program_id", "starts_at"), ("room_id", "starts_at"))


class Availability(Model):
    """A span of time a person says they can serve."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="availability", on_delete=fields.CASCADE)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    starts_at = UtcDatetimeField()
    ends_at = UtcDatetimeField()
    entered_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "availability"
        indexes = (("person_id", "starts_at"),)


class Conflict(Model):
    """A declared conflict between two people (relative, same household or school, knows them)."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="conflicts", on_delete=fields.CASCADE)
    other = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.CASCADE)
    relation = fields.CharField(max_length=20)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "conflict"
        unique_together = (("person", "other"),)


class Affiliation(Model):
    """A person's school or household, so everyone sharing one conflicts with each other."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="affiliations", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=12)  # school | household
    key = fields.CharField(max_length=120)

    class Meta:
        table = "affiliation"
        unique_together = (("person", "kind", "key"),)
        indexes = (("kind", "key"),)


class SeatProposal(Model):
    """A stored seat proposal: the seed and inputs, so anyone can reproduce and audit it."""

    id = fields.IntField(primary_key=True)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name="proposals", on_delete=fields.CASCADE)
    seed = fields.BigIntField()
    inputs = fields.JSONField()
    result = fields.JSONField()
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "seat_proposal"


class Seat(Model):
    """A person's seat at a hearing, its invitation and the attendance that credits hours once."""

    id = fields.IntField(primary_key=True)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name="seats", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="seats", on_delete=fields.RESTRICT)
    role = fields.CharEnumField(SeatRole, max_length=12)
    status = fields.CharEnumField(SeatStatus, max_length=10, default=SeatStatus.PROPOSED)
    invited_at = UtcDatetimeField(null=True)
    responded_at = UtcDatetimeField(null=True)
    checked_in_at = UtcDatetimeField(null=True)
    checked_out_at = UtcDatetimeField(null=True)
    no_show = fields.BooleanField(default=False)

    class Meta:
        table = "seat"
        unique_together = (("hearing", "person"),)
        indexes = (("person_id", "status"),)


class HearingDisplay(Model):
    """A hearing's secret, revocable display link for the courtroom's screen (only its SHA-256 is kept).

    It opens the hearing screen on the hearing's day only, without a session."""

    id = fields.IntField(primary_key=True)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name=False, on_delete=fields.CASCADE)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    revoked_at = UtcDatetimeField(null=True)

    class Meta:
        table = "hearing_display"


class CalendarFeed(Model):
    """A person's secret, revocable calendar feed URL (only the token's SHA-256 is kept)."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="calendar_feeds", on_delete=fields.CASCADE)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    revoked_at = UtcDatetimeField(null=True)

    class Meta:
        table = "calendar_feed"
