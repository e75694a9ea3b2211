"""A citizens' panel's sessions as the members live them: who sits at which table, who facilitates it,
who came, and the honorarium and expenses each member claims."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.member_support import AttendanceMark, ClaimKind, ClaimStatus
from jurycourt.models.fields import UtcDatetimeField


class TableSeat(Model):
    """A member's table at one session (tables are numbered from 1 on the page, stored from 0)."""

    id = fields.IntField(primary_key=True)
    session = fields.ForeignKeyField("jurycourt.CitizensPanelSession", related_name=False, on_delete=fields.CASCADE)
    volunteer = fields.ForeignKeyField("jurycourt.Volunteer", related_name=False, on_delete=fields.CASCADE)
    table = fields.IntField()

    class Meta:
        table = "citizens_table_seat"
        unique_together = (("session", "volunteer"),)


class TableFacilitator(Model):
    """Who facilitates one table at one session: a member of staff or a volunteer, by name."""

    id = fields.IntField(primary_key=True)
    session = fields.ForeignKeyField("jurycourt.CitizensPanelSession", related_name=False, on_delete=fields.CASCADE)
    table = fields.IntField()
    name = fields.CharField(max_length=120)

    class Meta:
        table = "citizens_table_facilitator"
        unique_together = (("session", "table"),)


class MemberAttendance(Model):
    """Whether a member came to a session (the honorarium follows it)."""

    id = fields.IntField(primary_key=True)
    session = fields.ForeignKeyField("jurycourt.CitizensPanelSession", related_name=False, on_delete=fields.CASCADE)
    volunteer = fields.ForeignKeyField("jurycourt.Volunteer", related_name=False, on_delete=fields.CASCADE)
    mark = fields.CharEnumField(AttendanceMark, max_length=8)
    marked_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    marked_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "citizens_member_attendance"
        unique_together = (("session", "volunteer"),)


class MemberClaim(Model):
    """An honorarium or expense for one member and one session, paid once a second person approves it.

    The receipt is kept by the documents component, owned by ("member_claim", claim id).
    """

    id = fields.IntField(primary_key=True)
    session = fields.ForeignKeyField("jurycourt.CitizensPanelSession", related_name=False, on_delete=fields.CASCADE)
    volunteer = fields.ForeignKeyField("jurycourt.Volunteer", related_name=False, on_delete=fields.CASCADE)
    kind = fields.CharEnumField(ClaimKind, max_length=12)
    amount_cents = fields.IntField()
    note = fields.CharField(max_length=300, default="")
    receipt = fields.ForeignKeyField("jurycourt.Document", related_name=False, null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(ClaimStatus, max_length=10, default=ClaimStatus.PENDING)
    entered_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    decided_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)
    decided_at = UtcDatetimeField(null=True)

    class Meta:
        table = "citizens_member_claim"
        indexes = (("session_id", "status"), ("volunteer_id", "status"))
