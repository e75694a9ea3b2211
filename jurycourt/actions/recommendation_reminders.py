"""Reminders about bodies that have not answered a published recommendation in time, queued in the
outbox once per recommendation, step and person: the day after the deadline, a month on and two
months on (``domain.recommendation_follow_up.REMINDER_DAYS``).

A named body is an organisation with no account here, so the reminder goes to each coordinator of
the program, who is the one to chase it: it names the body, the recommendation and the deadline,
all public words (guarded when they were written), never a person.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from jurycourt import clock, i18n
from jurycourt.actions.outbox import enqueue
from jurycourt.domain.recommendation_follow_up import reminder_key, reminder_step
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.i18n.formatting import local_date
from jurycourt.models import Membership, OutboxMessage, Person, Program
from jurycourt.queries.recommendation_tracker import Tracked, published

KIND = "recommendation_overdue"


def _words(item: Tracked, step: int) -> tuple[str, str]:
    body = item.body_named or i18n.gettext("The body named")
    subject = i18n.gettext("No answer yet from %(body)s") % {"body": body}
    text = i18n.gettext(
        "%(body)s was asked to answer “%(title)s” (%(made_by)s) by %(deadline)s and has not. Ask them for "
        "their response and record it on the follow-up page: the public tracker shows the recommendation "
        "as overdue until then.") % {"body": body, "title": item.title, "made_by": item.made_by,
                                     "deadline": local_date(item.deadline, "long")}
    if step:
        text += " " + i18n.ngettext("This is reminder %(num)s.", "This is reminder %(num)s.", step + 1) % {
            "num": step + 1}
    return subject, text


async def enqueue_overdue_reminders(now: datetime | None = None) -> int:
    """Queue the reminder step due today for every overdue published recommendation of every program,
    to each of the program's coordinators, in their language. Each key (``reminder_key``) is queued
    once, however often this runs and however many processes run it. Returns how many were queued."""
    now = now or clock.now()
    queued = 0
    for program in await Program.all().only("id", "time_zone"):
        today = now.astimezone(ZoneInfo(program.time_zone)).date()
        due = [(item, step) for item in await published([program.id], today)
               if (step := reminder_step(item.deadline, item.responses[0].responded_on if item.responses else None,
                                         today)) is not None]
        if not due:
            continue
        coordinators = await Person.filter(id__in=list(await Membership.filter(
            program_id=program.id, role=Role.COORDINATOR, status=MembershipStatus.ACTIVE).values_list(
            "person_id", flat=True))).only("id", "language")
        keys = {reminder_key(item.source, item.id, step, person.id): (item, step, person)
                for item, step in due for person in coordinators}
        done = set(await OutboxMessage.filter(dedupe_key__in=list(keys)).values_list("dedupe_key", flat=True))
        for key, (item, step, person) in keys.items():
            if key in done:
                continue
            with i18n.use_language(person.language):
                subject, body = _words(item, step)
            if await enqueue(person.id, KIND, key, subject, body):
                queued += 1
    return queued
