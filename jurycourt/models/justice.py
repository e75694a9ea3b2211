"""Community justice panels: the matter, its people, visits, agreement, history and view log."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.justice import ActionKind, ActionStatus, MatterState, ParticipantRole
from jurycourt.models.fields import UtcDatetimeField


class JusticeMatter(Model):
    """A matter referred to a community justice panel, and where it stands in its lifecycle."""

    id = fields.IntField(primary_key=True)
    panel = fields.OneToOneField("jurycourt.Panel", related_name="justice_matter", on_delete=fields.CASCADE)
    state = fields.CharEnumField(MatterState, max_length=20, default=MatterState.REFERRED)
    agency = fields.CharField(max_length=40)
    referring_officer = fields.CharField(max_length=120, default="")
    referral_date = fields.DateField()
    offence = fields.CharField(max_length=40)
    summary = fields.TextField(default="")
    coordinator = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    meeting = fields.ForeignKeyField("jurycourt.Hearing", related_name=False, null=True, on_delete=fields.SET_NULL)
    publication = fields.ForeignKeyField("jurycourt.Publication", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    closed_on = fields.DateField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "justice_matter"


class MatterParticipant(Model):
    """The person responsible, the person harmed (with their wishes about contact) or a supporter."""

    id = fields.IntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="participants", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    role = fields.CharEnumField(ParticipantRole, max_length=12)
    contact_wish = fields.CharField(max_length=12, null=True)

    class Meta:
        table = "matter_participant"
        unique_together = (("matter", "person"),)


class PanelVolunteer(Model):
    """A trained volunteer sitting on a matter's panel, one of them the chair."""

    id = fields.IntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="volunteers", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    is_chair = fields.BooleanField(default=False)

    class Meta:
        table = "panel_volunteer"
        unique_together = (("matter", "person"),)
        indexes = (("person_id", "matter_id"),)


class PreparationVisit(Model):
    """A visit before the meeting: who visited whom, when, and a short note."""

    id = fields.IntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="visits", on_delete=fields.CASCADE)
    visited_on = fields.DateField()
    visitor = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    participant = fields.ForeignKeyField("jurycourt.MatterParticipant", related_name=False,
                                         on_delete=fields.CASCADE)
    note = fields.CharField(max_length=500, default="")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "preparation_visit"


class AgreementAction(Model):
    """One action of the written agreement, due by a date and tracked to done."""

    id = fields.IntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="actions", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(ActionKind, max_length=16)
    detail = fields.CharField(max_length=200, default="")
    due_on = fields.DateField()
    amount_cents = fields.IntField(null=True)
    months = fields.IntField(null=True)
    status = fields.CharEnumField(ActionStatus, max_length=10, default=ActionStatus.PENDING)
    done_on = fields.DateField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement_action"


class CompensationPayment(Model):
    """A payment towards a compensation action, in cents."""

    id = fields.IntField(primary_key=True)
    action = fields.ForeignKeyField("jurycourt.AgreementAction", related_name="payments", on_delete=fields.CASCADE)
    amount_cents = fields.IntField()
    paid_on = fields.DateField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "compensation_payment"


class AgreementSignOff(Model):
    """A person's sign-off of the agreement: who, in what capacity, on which day."""

    id = fields.IntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="signoffs", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    capacity = fields.CharField(max_length=20)
    signed_on = fields.DateField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement_signoff"
        unique_together = (("matter", "person"),)


class MatterEvent(Model):
    """One entry of a matter's append-only history: who moved it, when, from where, and why."""

    id = fields.BigIntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="events", on_delete=fields.CASCADE)
    at = UtcDatetimeField(auto_now_add=True)
    actor = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    action = fields.CharField(max_length=40)
    from_state = fields.CharField(max_length=20)
    to_state = fields.CharField(max_length=20)
    reason = fields.CharField(max_length=500, default="")

    class Meta:
        table = "matter_event"
        indexes = (("matter_id", "at"),)


class MatterView(Model):
    """Who looked at a matter, when, and which view of it they saw."""

    id = fields.BigIntField(primary_key=True)
    matter = fields.ForeignKeyField("jurycourt.JusticeMatter", related_name="views", on_delete=fields.CASCADE)
    viewer = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    at = UtcDatetimeField(auto_now_add=True)
    what = fields.CharField(max_length=40)

    class Meta:
        table = "matter_view"
        indexes = (("matter_id", "at"),)
