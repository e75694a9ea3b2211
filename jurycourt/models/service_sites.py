"""Community service: the sites that take teens, their placements and the hours supervisors confirm."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.service_sites import PlacementState
from jurycourt.models.fields import UtcDatetimeField


class ServiceSite(Model):
    """A place where teens serve community service hours, with the supervisor who confirms them."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    name = fields.CharField(max_length=120)
    address = fields.CharField(max_length=200, default="")
    work = fields.CharField(max_length=300, default="", description="the kinds of work offered")
    opening_hours = fields.CharField(max_length=200, default="", description="when teens may come")
    capacity = fields.IntField(description="teens placed here at one time")
    supervisor_name = fields.CharField(max_length=120)
    supervisor_phone = fields.CharField(max_length=40, default="")
    supervisor_email = fields.CharField(max_length=254, default="")
    active = fields.BooleanField(default=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "service_site"
        ordering = ["name", "id"]
        indexes = (("program_id", "active"),)


class ServicePlacement(Model):
    """A community service sanction placed at a site. Its supervisor link is signed with ``link_nonce``
    (a new nonce revokes the old link) and works until ``link_expires_at``."""

    id = fields.IntField(primary_key=True)
    sanction = fields.ForeignKeyField("jurycourt.Sanction", related_name="placements", on_delete=fields.CASCADE)
    site = fields.ForeignKeyField("jurycourt.ServiceSite", related_name="placements", on_delete=fields.RESTRICT)
    state = fields.CharEnumField(PlacementState, max_length=12, default=PlacementState.ACTIVE)
    started_on = fields.DateField()
    ended_on = fields.DateField(null=True)
    link_nonce = fields.CharField(max_length=32)
    link_expires_at = UtcDatetimeField()
    placed_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "service_placement"
        indexes = (("site_id", "state"), ("sanction_id", "state"))


class ServiceHours(Model):
    """Hours a supervisor confirmed, counted once: ``confirmation_key`` is the form's own key."""

    id = fields.IntField(primary_key=True)
    placement = fields.ForeignKeyField("jurycourt.ServicePlacement", related_name="hours", on_delete=fields.CASCADE)
    sanction = fields.ForeignKeyField("jurycourt.Sanction", related_name=False, on_delete=fields.CASCADE)
    confirmation_key = fields.CharField(max_length=64, unique=True)
    minutes = fields.IntField()
    served_on = fields.DateField()
    confirmed_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "service_hours"
        indexes = (("sanction_id",),)


class ServiceExtension(Model):
    """A community service deadline moved, by whom and why."""

    id = fields.IntField(primary_key=True)
    sanction = fields.ForeignKeyField("jurycourt.Sanction", related_name="extensions", on_delete=fields.CASCADE)
    previous_due_on = fields.DateField(null=True)
    due_on = fields.DateField()
    reason = fields.CharField(max_length=300)
    by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "service_extension"
