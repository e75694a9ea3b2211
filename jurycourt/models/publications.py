"""Publications of the program and their dated errata."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models.fields import UtcDatetimeField


class Publication(Model):
    """A report, recommendations or outcomes the program publishes, from draft to the public site."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="publications", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(PublicationKind, max_length=30)
    slug = fields.CharField(max_length=90, unique=True)
    title = fields.CharField(max_length=200)
    summary = fields.TextField(default="")
    body_markdown = fields.TextField(default="")
    body_html = fields.TextField(default="")
    toc = fields.JSONField(default=list)
    topics = fields.CharField(max_length=400, default="")
    #: The language it is written in (a tag of i18n.LANGUAGES): search reads it with that
    #: language's rules, and the public page says so (<article lang>).
    language = fields.CharField(max_length=10, default="en-US", db_default="en-US")
    state = fields.CharEnumField(PublicationState, max_length=12, default=PublicationState.DRAFT)
    released_words = fields.JSONField(default=list)
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    submitted_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                          on_delete=fields.SET_NULL)
    approved_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    published_at = UtcDatetimeField(null=True)
    withdrawal_notice = fields.TextField(default="")
    withdrawal_proposed_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                                    on_delete=fields.SET_NULL)
    withdrawn_at = UtcDatetimeField(null=True)
    #: When the guard found that the published text now identifies someone protected: withheld
    #: from every public output since, and a withdrawal proposed to the coordinators.
    withheld_at = UtcDatetimeField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    updated_at = UtcDatetimeField(auto_now=True)

    errata: fields.ReverseRelation["Erratum"]

    class Meta:
        table = "publication"
        indexes = (("state", "published_at"), ("program_id", "state"), ("updated_at",))


class PublicationTranslation(Model):
    """A translation of a publication made by a person, shown beside its original and labelled as a
    translation. One per language; the redaction guard reads it like the original."""

    id = fields.IntField(primary_key=True)
    publication = fields.ForeignKeyField("jurycourt.Publication", related_name="translations",
                                         on_delete=fields.CASCADE)
    language = fields.CharField(max_length=10)
    title = fields.CharField(max_length=200)
    summary = fields.TextField(default="")
    body_markdown = fields.TextField(default="")
    body_html = fields.TextField(default="")
    translated_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                           on_delete=fields.SET_NULL)
    translator_name = fields.CharField(max_length=120, default="")
    updated_at = UtcDatetimeField(auto_now=True)

    class Meta:
        table = "publication_translation"
        unique_together = (("publication", "language"),)


class Erratum(Model):
    """A dated correction shown with a published publication, whose own text stays as it was."""

    id = fields.IntField(primary_key=True)
    publication = fields.ForeignKeyField("jurycourt.Publication", related_name="errata", on_delete=fields.RESTRICT)
    published_at = UtcDatetimeField()
    text = fields.TextField()
    created_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)

    class Meta:
        table = "erratum"
        indexes = (("publication_id", "published_at"),)


class SealedIdentifier(Model):
    """What is kept of a sealed person's name, street, school, phone, email and birth date: a keyed
    hash under the pseudonym key, so the redaction guard still refuses it once the name is erased."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    digest = fields.CharField(max_length=64)
    reason = fields.CharField(max_length=16)

    class Meta:
        table = "sealed_identifier"
        unique_together = (("program", "digest"),)
