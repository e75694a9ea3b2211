"""The contact section of a person's page and of one's own messages page: channels, numbers, consents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jurycourt import clock
from jurycourt.domain.messaging import CONTACT_LABELS, phone_number
from jurycourt.jobs import texts
from jurycourt.queries.reach import reach_of
from jurycourt.web.forms import Form

if TYPE_CHECKING:
    from jurycourt.models import Person

CHOICES = [(choice.value, label) for choice, label in CONTACT_LABELS.items()]


async def contact_context(person: Person, settings, form: Form | None = None) -> dict:
    """What the contact section of a page shows about one person."""
    reach = await reach_of(person, texts.texting_on(settings), clock.now().date())
    return {"contact_person": person, "reach": reach, "contact_choices": CHOICES,
            "contact_form": form or Form({"contact_by": person.contact_by,
                                          "copies_to_guardian": "1" if person.copies_to_guardian else ""}),
            "usable_phone": phone_number(person.phone)}
