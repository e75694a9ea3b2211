"""Survey invitations and answers, kept apart so no answer can be joined to anyone.

- ``invite(viewer, program_id, questionnaire, phase)``: a fresh single-use code (only its hash is
  stored, with no person); the caller hands the link over or sends it by the person's channel.
- ``send_invitation(viewer, program_id, questionnaire, phase, person_id, link_for)``: the same, sent
  through the outbox (email or text, as the person chose). The message is the person's own; the
  code's row never names them.
- ``send_follow_up_surveys(base_url)``: the youth's survey, sent with each follow-up check come due.
- ``answer(code, raw, kept_code)``: use the code once and store the answers; a "before" answer
  returns a second code for the respondent to keep for the "after" survey.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import outbox
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.messaging import unreachable
from jurycourt.domain.surveys import (
    AFTER,
    BEFORE,
    FOLLOW_UP_SURVEY,
    check_answers,
    code_hash,
    questionnaire,
    survey_link,
)
from jurycourt.i18n import _
from jurycourt.models import FollowUp, Membership, OutboxMessage, Person, Program, SurveyCode, SurveyResponse
from jurycourt.queries.reach import reach_of


async def invite(viewer: Viewer, program_id: int, key: str, phase: str) -> str:
    """A new invitation's code (shown once: only its hash is kept)."""
    require(coordinates(viewer, program_id), hide=True)
    return await _new_code(viewer.person_id, program_id, key, phase)


async def _new_code(actor_id: int | None, program_id: int, key: str, phase: str) -> str:
    questionnaire(key, phase)
    code = secrets.token_urlsafe(16)
    await SurveyCode.create(program_id=program_id, questionnaire=key, phase=phase, code_hash=code_hash(code))
    # The audit says a code was made, not for whom: the log must not join a person to it either.
    await record("survey.invited", actor_id=actor_id, program_id=program_id, questionnaire=key, phase=phase)
    return code


async def _send(person_id: int, dedupe_key: str, link: str) -> OutboxMessage | None:
    words = {"link": link}
    return await outbox.enqueue(person_id, "survey", dedupe_key, subject=_("A short survey"),
                                body=_("Please tell us how it went. The survey is anonymous: %(link)s") % words,
                                text=_("A short anonymous survey: %(link)s") % words)


async def send_follow_up_surveys(base_url: str, now: datetime | None = None) -> int:
    """With each follow-up check that has come due, the youth's own short survey (the young people's
    "after" questionnaire) goes to the respondent through the outbox, once per check, by their
    channels. The check only notes that it went (``survey_sent``): the code's row names no one, so
    the answer cannot be joined to the youth or the case. Checks of a sealed case (no case left)
    send nothing. Returns how many went."""
    now = now or clock.now()
    due = await FollowUp.filter(survey_sent=False, checked_on__isnull=True, case_id__isnull=False,
                                due_on__lte=now.date() + timedelta(days=1)).select_related("case", "program")
    sent = 0
    for check in due:
        if check.case.respondent_id is None or check.due_on > now.astimezone(ZoneInfo(check.program.time_zone)).date():
            continue
        async with in_transaction():
            if not await FollowUp.filter(id=check.id, survey_sent=False).update(survey_sent=True):
                continue  # another round took it
            code = await _new_code(None, check.program_id, FOLLOW_UP_SURVEY, AFTER)
            if await _send(check.case.respondent_id, f"survey:follow_up:{check.id}", survey_link(base_url, code)):
                sent += 1
    return sent


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
        reason = next(why for why in blocked if why)  # each blocked channel has its reason
        raise Refused(_("A survey can't reach them: %(reason)s. Fix it under How messages reach them, or hand "
                        "them a link from the surveys page.") % {"reason": _(reason)}, "which")
    code = await invite(viewer, program_id, key, phase)
    await _send(person_id, f"survey:{secrets.token_hex(12)}", link_for(code))  # the key holds nothing of the code


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
