"""Follow-up checks: planned when a case is completed, recorded by a coordinator, unlinked from
the case when it is sealed, and their pseudonym erased once the case's last check is recorded.

- ``plan_follow_ups(case, program)``: the checks of a case just completed (in its transaction).
- ``record_check(viewer, follow_up_id, new_referral, school)``: a coordinator's answer to one check;
  once none of the youth's checks is left to make, their pseudonym is erased.
- ``unlink_sealed(case_id)``: sealing keeps the outcome flags and the pseudonym, not the case link.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.follow_ups import PURPOSE, check_answer, check_months, pseudonym_text, schedule
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.models import Case, FollowUp, Person, Program
from jurycourt.queries.publication_guard import pseudonym_key


async def youth_pseudonym(person_id: int | None) -> str:
    """The keyed pseudonym of a respondent (empty without one)."""
    person = await Person.get_or_none(id=person_id) if person_id else None
    if person is None:
        return ""
    return keyed_hash(pseudonym_key(), PURPOSE, pseudonym_text(person.given_name, person.family_name,
                                                                person.date_of_birth))


async def plan_follow_ups(case: Case, program: Program) -> int:
    """Create the checks of ``case``, completed on its ``closed_on`` (inside the caller's
    transaction); how many. A case checked already is not planned twice."""
    if case.closed_on is None or await FollowUp.exists(case_id=case.id):
        return 0
    pseudonym = await youth_pseudonym(case.respondent_id)
    planned = schedule(case.closed_on, check_months(program.rules))
    await FollowUp.bulk_create([FollowUp(program_id=program.id, case_id=case.id, pseudonym=pseudonym, months=months,
                                         due_on=due) for months, due in planned])
    return len(planned)


async def record_check(viewer: Viewer, follow_up_id: int, new_referral: str, school: str) -> FollowUp:
    """Record one check's outcome; when it is the last of its case, erase the pseudonym of all of
    them (only the flags stay). Refused answers raise ``Refused`` beside their field."""
    check = await FollowUp.get_or_none(id=follow_up_id)
    if check is None:
        raise NotFound()
    require(coordinates(viewer, check.program_id), hide=True)
    found, status = check_answer(new_referral, school)
    program = await Program.get(id=check.program_id)
    today = clock.today(program.time_zone)
    async with in_transaction():
        await FollowUp.filter(id=check.id).update(checked_on=today, new_referral=found, school_status=str(status))
        # The youth's checks (of every case of theirs): the pseudonym goes once none is left to make.
        siblings = FollowUp.filter(program_id=check.program_id, pseudonym=check.pseudonym)
        last = bool(check.pseudonym) and not await siblings.filter(checked_on__isnull=True).exists()
        if last:
            await siblings.update(pseudonym="")
        await record("follow_up.checked", actor_id=viewer.person_id, program_id=check.program_id,
                     subject=("follow_up", check.id), months=check.months, last=last)
    return await FollowUp.get(id=check.id)


async def unlink_sealed(case_id: int) -> None:
    """Sealing a case leaves its checks their flags and pseudonym, never the link to the case
    (inside the sealing transaction)."""
    await FollowUp.filter(case_id=case_id).update(case_id=None)
