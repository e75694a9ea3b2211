"""The person harmed: adding them to a case, their consent and wishes, the safety plan and its
second review, the impact statement, and what is passed on to them (the apology, the outcome, a
follow-up call, the survey). Nothing reaches them before their consent is recorded
(``domain.harmed.check_contact``).

Every function takes a record from an access-checked query (``queries.harmed``) and checks again
that the actor coordinates its program.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from tortoise.transactions import in_transaction

from jurycourt import clock, i18n
from jurycourt.actions import guard, outbox
from jurycourt.actions.audit import record
from jurycourt.actions.surveys import send_invitation
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import harmed as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.harmed import Wish
from jurycourt.domain.justice import ActionKind, ActionStatus, ContactWish
from jurycourt.domain.messaging import ContactChoice
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus
from jurycourt.i18n import _
from jurycourt.models import (
    AgreementAction,
    Case,
    MatterParticipant,
    Person,
    PersonHarmed,
    Program,
    Sanction,
)


def _manage(actor: Viewer, found: PersonHarmed) -> None:
    require(coordinates(actor, found.program_id), hide=True)


async def _today(found: PersonHarmed) -> date:
    return clock.today((await Program.get(id=found.program_id)).time_zone)


async def _done(found: PersonHarmed, actor: Viewer, step: str, **detail: object) -> None:
    # The audit names the record, never the person or anything they said.
    await record(f"harmed.{step}", actor_id=actor.person_id, program_id=found.program_id,
                 subject=("person_harmed", found.id), **detail)


async def add_to_case(actor: Viewer, case: Case, values: Mapping[str, str]) -> PersonHarmed:
    """Record the person harmed of a case (one per case), protected from then on like a minor."""
    require(coordinates(actor, case.program_id), hide=True)
    if case.sealed_at is not None or case.state.is_end:
        raise Refused(_("The person harmed is recorded while the case is open."), "given_name")
    if await PersonHarmed.exists(case_id=case.id):
        raise Refused(_("This case has its person harmed already."), "given_name")
    if not values.get("given_name") or not values.get("family_name"):
        raise Refused(_("Give their given and family names."), "given_name")
    language = values.get("language") or i18n.DEFAULT_LANGUAGE
    channel = values.get("contact_by") or ContactChoice.EMAIL.value
    if language not in i18n.LANGUAGES:
        raise Refused(_("Choose one of the languages listed."), "language")
    if channel not in {c.value for c in ContactChoice}:
        raise Refused(_("Choose how messages reach them."), "contact_by")
    for name, limit in (("given_name", 80), ("family_name", 80), ("phone", 40), ("email", 254)):
        if len(values.get(name, "")) > limit:
            raise Refused(_("Use at most %(limit)s characters.") % {"limit": limit}, name)
    async with in_transaction():
        person = await Person.create(given_name=values["given_name"], family_name=values["family_name"],
                                     phone=values.get("phone", ""), email=values.get("email", ""),
                                     language=language, contact_by=channel)
        found = await PersonHarmed.create(program_id=case.program_id, case_id=case.id, person=person)
        await _done(found, actor, "added")
    await guard.withhold_failing(case.program_id)  # newly protected: named in a publication?
    return found


async def for_participant(participant: MatterParticipant, program_id: int) -> PersonHarmed:
    """The record that extends a justice matter's person harmed (made the first time it is needed)."""
    found, _made = await PersonHarmed.get_or_create(participant_id=participant.id, defaults={
        "program_id": program_id, "person_id": participant.person_id})
    return found


async def record_consent(actor: Viewer, found: PersonHarmed, given: str, on: date | None, how: str) -> None:
    """Record whether they agreed to be contacted, the day, and how they said so. A refusal clears
    their wishes: nothing is offered to someone who asked not to be contacted."""
    _manage(actor, found)
    agreed, day, way = rules.check_consent(given, on, how, await _today(found))
    changes: dict[str, object] = {"consent": agreed, "consent_on": day, "consent_how": way.value,
                                  "consent_by_id": actor.person_id}
    if not agreed:
        changes["wishes"] = Wish.NOTHING.value
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(**changes)
        await _done(found, actor, "consent", agreed=agreed, how=way.value)
    for key, value in changes.items():
        setattr(found, key, value)


async def record_wishes(actor: Viewer, found: PersonHarmed, chosen: list[str]) -> None:
    """Record what they want (several wishes, or "nothing more"), once they agreed to contact."""
    _manage(actor, found)
    rules.check_contact(found.consent)
    wishes = rules.check_wishes(chosen)
    stored = ",".join(w.value for w in wishes)
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(wishes=stored)
        await _done(found, actor, "wishes", wishes=stored)
    found.wishes = stored


async def write_safety_plan(actor: Viewer, found: PersonHarmed, raw: Mapping[str, str]) -> None:
    """Write (or rewrite) the risk assessment and safety plan; a rewritten plan needs its review again."""
    _manage(actor, found)
    answers = rules.check_safety_answers(raw)
    changes = {"safety_answers": answers, "safety_by_id": actor.person_id, "safety_on": await _today(found),
               "reviewed_by_id": None, "reviewed_on": None}
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(**changes)
        await _done(found, actor, "safety_plan")
    for key, value in changes.items():
        setattr(found, key, value)


async def review_safety_plan(actor: Viewer, found: PersonHarmed) -> None:
    """A second coordinator (never the plan's author) reviews the safety plan."""
    _manage(actor, found)
    rules.check_review(found.safety_by_id, actor.person_id, found.safety_answers is not None,
                       found.reviewed_by_id is not None)
    today = await _today(found)
    async with in_transaction():
        if not await PersonHarmed.filter(id=found.id, reviewed_by_id__isnull=True,
                                         safety_on=found.safety_on).update(reviewed_by_id=actor.person_id,
                                                                           reviewed_on=today):
            raise Refused(_("The safety plan changed just now: look again."))
        await _done(found, actor, "safety_reviewed")
    found.reviewed_by_id, found.reviewed_on = actor.person_id, today


async def record_statement(actor: Viewer, found: PersonHarmed, text: str) -> None:
    """Keep their impact statement (with their consent), for the jury or panel to read as it deliberates."""
    _manage(actor, found)
    statement = rules.check_statement(found.consent, text)
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(impact_statement=statement)
        await _done(found, actor, "statement")
    found.impact_statement = statement


async def _apology_done(found: PersonHarmed) -> bool:
    if found.case_id is not None:
        return await Sanction.exists(case_id=found.case_id, kind=SanctionKind.APOLOGY_LETTER,
                                     status=SanctionStatus.DONE)
    participant = await MatterParticipant.get(id=found.participant_id)
    return await AgreementAction.exists(matter_id=participant.matter_id, kind=ActionKind.APOLOGY,
                                        status=ActionStatus.DONE)


async def pass_on_apology(actor: Viewer, found: PersonHarmed) -> None:
    """Record that the apology letter, once written, was passed on to them: only if they asked for it."""
    _manage(actor, found)
    rules.check_wish(found.consent, rules.wishes_of(found.wishes), Wish.APOLOGY)
    if found.apology_passed_on is not None:
        raise Refused(_("The apology was passed on already."))
    if not await _apology_done(found):
        raise Refused(_("The apology is passed on once it is written and marked done."))
    today = await _today(found)
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(apology_passed_on=today)
        await _done(found, actor, "apology_passed_on")
    found.apology_passed_on = today


def outcome_words(state: str) -> str | None:
    """What the person harmed is told of the outcome, in the current language (None: nothing yet)."""
    return {
        "heard": _("The young person's case was heard. They agreed to put things right and are doing so now."),
        "monitoring": _("The case was heard. The person responsible agreed to put things right and is doing so "
                        "now."),
        "agreed": _("An agreement was signed. The person responsible is now carrying it out."),
        "completed": _("The person responsible did everything that was agreed to put things right. The case is "
                       "closed."),
        "failed": _("The person responsible did not complete what was agreed. The case went back to the agency "
                    "that referred it."),
        "breached": _("The person responsible did not keep to the agreement. The matter went back to the agency "
                      "that referred it."),
    }.get(state)


async def _state_of(found: PersonHarmed) -> str:
    if found.case_id is not None:
        return str((await Case.get(id=found.case_id)).state)
    participant = await MatterParticipant.get(id=found.participant_id).select_related("matter")
    return str(participant.matter.state)


async def tell_outcome(actor: Viewer, found: PersonHarmed) -> None:
    """Send them the outcome through the outbox, in their language and by their channel: only if
    they agreed to contact and asked to be told, once the case has one."""
    _manage(actor, found)
    rules.check_wish(found.consent, rules.wishes_of(found.wishes), Wish.OUTCOME)
    if found.person_id is None:
        raise Refused(_("Their details were erased with the case."))
    person = await Person.get(id=found.person_id)
    with i18n.use_language(person.language):
        words = outcome_words(await _state_of(found))
        subject = _("The outcome of the case")
    if words is None:
        raise Refused(_("There is no outcome to tell yet."))
    today = await _today(found)
    async with in_transaction():
        await outbox.enqueue(person.id, "harmed_outcome", f"harmed-outcome:{found.id}:{today.isoformat()}",
                             subject=subject, body=words, text=words)
        await PersonHarmed.filter(id=found.id).update(outcome_told_on=today)
        await _done(found, actor, "outcome_told")
    found.outcome_told_on = today


async def record_follow_up(actor: Viewer, found: PersonHarmed, on: date | None, note: str) -> None:
    """Record the follow-up call: the day and a short note (never more than 500 characters)."""
    _manage(actor, found)
    rules.check_contact(found.consent)
    if on is None:
        raise Refused(_("Give the day of the call."), "follow_up_on")
    if on > await _today(found):
        raise Refused(_("That day has not come yet."), "follow_up_on")
    if len(note) > 500:
        raise Refused(_("Use at most 500 characters."), "follow_up_note")
    async with in_transaction():
        await PersonHarmed.filter(id=found.id).update(follow_up_on=on, follow_up_note=note.strip())
        await _done(found, actor, "follow_up")
    found.follow_up_on, found.follow_up_note = on, note.strip()


async def offer_survey(actor: Viewer, found: PersonHarmed, link_for: Callable[[str], str]) -> None:
    """Send them the people-harmed satisfaction survey (anonymous) by their own channel, with consent."""
    _manage(actor, found)
    rules.check_contact(found.consent)
    if found.person_id is None:
        raise Refused(_("Their details were erased with the case."))
    if found.survey_offered_on is not None:
        raise Refused(_("The survey was offered already."))
    today = await _today(found)
    async with in_transaction():
        await send_invitation(actor, found.program_id, "harmed", "once", found.person_id, link_for)
        await PersonHarmed.filter(id=found.id).update(survey_offered_on=today)
        await _done(found, actor, "survey_offered")
    found.survey_offered_on = today


async def check_meeting_safety(*, case_id: int | None = None, matter_id: int | None = None,
                               rules_of_program: dict | None = None) -> None:
    """Refuse a hearing or meeting the person harmed attends before its safety plan is ready."""
    if case_id is not None:
        found = await PersonHarmed.get_or_none(case_id=case_id)
        attends = found is not None and Wish.ATTEND in rules.wishes_of(found.wishes)
    else:
        participant = await MatterParticipant.get_or_none(matter_id=matter_id, role="harmed")
        found = await PersonHarmed.get_or_none(participant_id=participant.id) if participant else None
        attends = participant is not None and (participant.contact_wish == ContactWish.MEETING or (
            found is not None and Wish.ATTEND in rules.wishes_of(found.wishes)))
    if attends and found is not None and found.consent is False:
        attends = False
    rules.check_meeting(attends, found is not None and found.safety_answers is not None,
                        found is not None and found.reviewed_by_id is not None, rules_of_program)
