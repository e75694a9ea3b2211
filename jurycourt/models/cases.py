"""Peer jury cases: referral, intake, history, docket, sanctions and who viewed them."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.models.fields import UtcDatetimeField


class Case(Model):
    """A referral of a young person to the peer jury, and where it stands in its lifecycle."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="cases", on_delete=fields.RESTRICT)
    # NULL once sealed: the case no longer links to anyone.
    respondent = fields.ForeignKeyField("jurycourt.Person", related_name="cases", null=True,
                                        on_delete=fields.RESTRICT)
    state = fields.CharEnumField(CaseState, max_length=12, default=CaseState.REFERRED)
    # The referrer as a word (police, school…): every case has it; cases since agencies became records
    # also link the agency, its reference for the young person, and the contact who referred.
    agency = fields.CharField(max_length=40)
    referring_agency = fields.ForeignKeyField("jurycourt.Agency", related_name="cases", null=True,
                                              on_delete=fields.RESTRICT)
    agency_reference = fields.CharField(max_length=40, default="", db_default="")
    referring_officer = fields.CharField(max_length=120, default="")
    referral_date = fields.DateField()
    offence_category = fields.CharField(max_length=40)
    summary = fields.TextField(default="")
    disposition_date = fields.DateField(null=True)
    closed_on = fields.DateField(null=True)
    age_band = fields.CharField(max_length=12, default="")
    sealed_at = UtcDatetimeField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "case_file"
        # The coordinators' case list: newest referral first, of all states or of one.
        indexes = (("program_id", "state"), ("respondent_id", "state"), ("program_id", "referral_date", "id"),
                   ("program_id", "state", "referral_date", "id"))


class CaseGuardian(Model):
    """A parent or guardian of the respondent, party to the case."""

    id = fields.IntField(primary_key=True)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="guardians", on_delete=fields.CASCADE)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="guarded_cases", on_delete=fields.RESTRICT)

    class Meta:
        table = "case_guardian"
        unique_together = (("case", "person"),)


class CaseIntake(Model):
    """The intake checklist and the consent of the respondent and a guardian."""

    id = fields.IntField(primary_key=True)
    case = fields.OneToOneField("jurycourt.Case", related_name="intake", on_delete=fields.CASCADE)
    first_offence = fields.BooleanField(null=True)
    non_violent = fields.BooleanField(null=True)
    accepts_responsibility = fields.BooleanField(null=True)
    age = fields.IntField(null=True)
    respondent_consent_on = fields.DateField(null=True)
    guardian_consent_on = fields.DateField(null=True)
    consenting_guardian = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                                 on_delete=fields.SET_NULL)
    witness = fields.CharField(max_length=120, default="")
    consent_refused = fields.BooleanField(default=False)
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "case_intake"


class CaseEvent(Model):
    """One entry of a case's append-only history: who moved it, when, from where, and why."""

    id = fields.BigIntField(primary_key=True)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="events", on_delete=fields.CASCADE)
    at = UtcDatetimeField(auto_now_add=True)
    actor = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    action = fields.CharField(max_length=40)
    from_state = fields.CharField(max_length=12)
    to_state = fields.CharField(max_length=12)
    reason = fields.CharField(max_length=500, default="")

    class Meta:
        table = "case_event"
        indexes = (("case_id", "at"),)


class DocketEntry(Model):
    """A case's place on a jury hearing's docket (one docket at a time)."""

    id = fields.IntField(primary_key=True)
    hearing = fields.ForeignKeyField("jurycourt.Hearing", related_name="docket", on_delete=fields.RESTRICT)
    case = fields.OneToOneField("jurycourt.Case", related_name="docket_entry", on_delete=fields.CASCADE)
    position = fields.IntField(default=1)

    class Meta:
        table = "docket_entry"
        indexes = (("hearing_id", "position"),)


class Sanction(Model):
    """One sanction of a disposition, tracked to done, waived or failed."""

    id = fields.IntField(primary_key=True)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="sanctions", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=30)
    detail = fields.CharField(max_length=200, default="")
    quantity = fields.IntField(null=True)
    amount_cents = fields.IntField(null=True)
    due_on = fields.DateField(null=True)
    status = fields.CharEnumField(SanctionStatus, max_length=12, default=SanctionStatus.ASSIGNED)
    status_reason = fields.CharField(max_length=300, default="")
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "sanction"
        indexes = (("status", "due_on"), ("case_id", "status", "due_on"), ("status", "updated_at"))


class RestitutionPayment(Model):
    """A payment towards a restitution sanction, in cents."""

    id = fields.IntField(primary_key=True)
    sanction = fields.ForeignKeyField("jurycourt.Sanction", related_name="payments", on_delete=fields.CASCADE)
    amount_cents = fields.IntField()
    paid_on = fields.DateField()
    recorded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "restitution_payment"


class CaseView(Model):
    """Who looked at a case, when, and which view of it they saw."""

    id = fields.BigIntField(primary_key=True)
    case = fields.ForeignKeyField("jurycourt.Case", related_name="views", on_delete=fields.CASCADE)
    viewer = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    at = UtcDatetimeField(auto_now_add=True)
    what = fields.CharField(max_length=40)

    class Meta:
        table = "case_view"
        indexes = (("case_id", "at"),)
