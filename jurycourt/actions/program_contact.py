"""A coordinator publishes their program's public contact (the Get involved page and program cards)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.program_contact import check_public_contact
from jurycourt.models import Program


async def set_public_contact(actor: Viewer, program_id: int, email: str, phone: str) -> Program:
    """Set the email address and phone number the public site shows for the program (either may be
    empty). Only the program's coordinators may; the values are public by design, so the audit
    event names which changed, not what they became."""
    require(coordinates(actor, program_id))
    email, phone = check_public_contact(email, phone)
    async with in_transaction():
        program = await Program.filter(id=program_id).select_for_update().get()
        changed = [name for name, old, new in (("email", program.contact_email, email),
                                               ("phone", program.contact_phone, phone)) if old != new]
        program.contact_email, program.contact_phone = email, phone
        await program.save(update_fields=["contact_email", "contact_phone"])
        await record("program.contact_set", actor_id=actor.person_id, program_id=program_id,
                     subject=("program", program_id), changed=changed)
    return program
