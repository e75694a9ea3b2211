"""The Conflicts section of a coordinator's person page: what it shows and its two forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jurycourt.auth.viewer import Viewer
from jurycourt.i18n import _, _l
from jurycourt.queries.conflicts import conflict_sheet
from jurycourt.web.forms import Form

if TYPE_CHECKING:
    from jurycourt.models import Person

RELATION_OPTIONS = [("relative", _l("Relative")), ("household", _l("Same household")), ("school", _l("Same school")),
                    ("knows", _l("Knows them"))]
KIND_OPTIONS = [("school", "School"), ("household", "Household")]


async def section_context(viewer: Viewer, person: Person, conflict_form: Form | None = None,
                          affiliation_form: Form | None = None) -> dict:
    """Context for ``people/_conflicts.html``; a failed form passed in comes back as typed."""
    sheet = await conflict_sheet(viewer, person)
    choices = [("", _("Choose a person"))] + [
        (str(p.id), f"{p.family_name}, {p.preferred_name or p.given_name} (#{p.id})") for p in sheet.choices
    ]
    return {
        "conflict_sheet": sheet, "conflict_choices": choices, "relations": RELATION_OPTIONS,
        "relation_labels": dict(RELATION_OPTIONS), "affiliation_kinds": KIND_OPTIONS,
        "kind_labels": dict(KIND_OPTIONS),
        "conflict_form": conflict_form or Form({"relation": "relative"}),
        "affiliation_form": affiliation_form or Form({"kind": "school"}),
    }
