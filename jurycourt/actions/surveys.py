"""Survey invitations and answers, kept apart so no answer can be joined to anyone.

- ``invite(viewer, program_id, questionnaire, phase)``: a fresh single-use code (only its hash is
  stored, with no person); the caller hands the link over or sends it by the person's channel.
- ``send_invitation(viewer, program_id, questionnaire, phase, person_id, link_for)``: the same, sent
  through the outbox (email or text, as the person chose). The message is the person's own; the
  code's row never names them.
- ``answer(code, raw, kept_code)``: use the code once and store the answers; a "before" answer
  returns a second code for the respondent to keep for the "after" survey.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import outbox
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.messaging import unreachable
from jurycourt.domain.surveys import BEFORE, check_answers, code_hash, questionnaire
from jurycourt.i18n import _
from jurycourt.models import Membership, Person, Program, SurveyCode, SurveyResponse
from jurycourt.queries.reach import reach_of


async def invite(viewer: Viewer, program_id: int, key: str, phase: str) -> str:
    """A new invitation's code (shown once: only its hash is kept)."""
    require(coordinates(viewer, program_id), hide=True)
    questionnaire(key, phase)
    code = secrets.token_urlsafe(16)
    await SurveyCode.create(program_id=program_id, questionnaire=key, phase=phase, code_hash=code_hash(code))
    # The audit says a code was made, not for whom: the log must not join a person to it either.
    await record("survey.invited", actor_id=viewer.person_id, program_id=program_id, questionnaire=key, phase=phase)
    return code


async def send_invitation(viewer: Viewer, program_id: int, key: str, phase: str, person_id: int,
                          link_for: Callable[[str], str], *, texting_on: bool = False) -> None:
    """Send a new invitation to ``person_id``, a member of the program, by the channels they chose
    (email, text or both). Refused, before any code is made, when no channel they chose may reach
    them (no address, no consent to texts, a number that replied STOP)."""
    require(coordinates(viewer, program_id), hide=True)
    questionnaire(key, phase)
    person = await Person.get_or_none(id=person_id)
    if person is None or not await Membership.exists(person_id=person_id, program_id=program_id):
        raise Refused(_("They are not a member of this program."), "program")
    blocked = unreachable(await reach_of(person, texting_on, clock.today()))
    if blocked:
        raise Refused(_("A survey can't reach them: %(reason)s. Fix it under How messages reach them, or hand "
                        "them a link from the surveys page.") % {"reason": _(blocked[0] or "")}, "which")
    code = await invite(viewer, program_id, key, phase)
    link = link_for(code)
    await outbox.enqueue(person_id, "survey", f"survey:{secrets.token_hex(12)}",  # nothing of the code
                         subject=_("A short survey"),
                         body=_("Please tell us how it went. The survey is anonymous: %(link)s") % {"link": link},
                         text=_("A short anonymous survey: %(link)s") % {"link": link})


async def open_code(code: str) -> SurveyCode:
    """The unused invitation of ``code``, or a refusal (used, or never made)."""
    found = await SurveyCode.get_or_none(code_hash=code_hash(code))
    if found is None:
        raise Refused(_("This survey link has been used already or is not valid."))
    return found


async def answer(code: str, raw: Mapping[str, str], kept_code: str = "") -> str:
    """Store the answers of the invitation ``code`` and use the code up; the code to keep for the
    "after" survey when this was the "before" one, else ""."""
    invitation = await open_code(code)
    asked = questionnaire(invitation.questionnaire, invitation.phase)
    answers = check_answers(asked, raw)
    keep = secrets.token_urlsafe(9) if invitation.phase == BEFORE else ""
    pair = code_hash(keep) if keep else (code_hash(kept_code) if kept_code.strip() else "")
    program = await Program.get(id=invitation.program_id)
    async with in_transaction():
        if not await SurveyCode.filter(id=invitation.id).delete():
            raise Refused(_("This survey link has been used already or is not valid."))
        await SurveyResponse.create(program_id=invitation.program_id, questionnaire=invitation.questionnaire,
                                    phase=invitation.phase, month=clock.today(program.time_zone).replace(day=1),
                                    answers=answers, pair_hash=pair)
    return keep
