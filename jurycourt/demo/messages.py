"""The demo's ways of reaching people: who chose texts, email or both, recorded consents (a guardian's
for the teens), a family phone that replied STOP, a first outbox round already sent (texts printed,
never sent anywhere) with honest states, delivery reports, and a text waiting in the inbox; then
reminders waiting, an invitation link sent by text, and followers of the findings."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt.actions.accounts import issue_link
from jurycourt.actions.link_sharing import send_link
from jurycourt.actions.outbox import send_pending
from jurycourt.actions.reminders import enqueue_reminders
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.links import LinkKind
from jurycourt.domain.messaging import Channel, phone_number
from jurycourt.domain.roles import Role
from jurycourt.jobs.outbox_senders import ConsoleSender, TextSender
from jurycourt.jobs.texts import ConsoleTexts
from jurycourt.models import (
    Account,
    Follower,
    FollowerMail,
    InboundText,
    OutboxMessage,
    Person,
    Program,
    Publication,
    TextConsent,
    TextStop,
)
from jurycourt.settings import Settings


async def seed_contacts(accounts: dict[str, Account], others: list[Person]) -> None:
    """Before invitations go out: each person's channel and consents."""
    coordinator = accounts["coordinator"].person_id
    for n, person in enumerate(others):
        if n % 3 == 0:  # a teen on texts, with their own consent and a guardian's
            person.phone, person.contact_by = f"202-555-02{n:02d}", "text"
            await person.save(update_fields=["phone", "contact_by"])
            for by_guardian in (False, True):
                await TextConsent.create(person=person, phone=phone_number(person.phone), by_guardian=by_guardian,
                                         source="intake form, signed" if not by_guardian else "guardian, by phone",
                                         recorded_by_id=coordinator)
        elif n % 3 == 1:
            person.email = f"{person.given_name.lower()}.{person.family_name.lower()}{n}@example.org"
            await person.save(update_fields=["email"])
        # n % 3 == 2: no address at all yet: the coordinator's page lists them as out of reach
    juror = await Person.get(id=accounts["juror"].person_id)
    juror.contact_by = "both"
    await juror.save(update_fields=["contact_by"])
    for by_guardian in (False, True):
        await TextConsent.create(person=juror, phone=phone_number(juror.phone), by_guardian=by_guardian,
                                 source="signed pledge form" if not by_guardian else "guardian, at training",
                                 recorded_by_id=coordinator)
    respondent = await Person.get(id=accounts["respondent"].person_id)
    respondent.copies_to_guardian = True
    await respondent.save(update_fields=["copies_to_guardian"])


async def seed_first_round(program: Program, others: list[Person], today: date) -> None:
    """Send what is queued once, at noon of the demo's day, with printing senders; then a delivery
    report for some texts, a family phone that replied STOP, and a question in the inbox."""
    noon = datetime.combine(today, time(12), tzinfo=ZoneInfo(program.time_zone)).astimezone(UTC)
    settings = Settings(environment="development", base_url="http://127.0.0.1:8000")
    quiet = io.StringIO()
    await send_pending(ConsoleSender(quiet), channels=("email",))
    await send_pending(TextSender(settings, ConsoleTexts(quiet), now=lambda: noon), channels=("text",))
    sent_texts = await OutboxMessage.filter(channel="text", state="sent").order_by("id").limit(4)
    for message in sent_texts[:3]:
        message.state, message.state_at = "delivered", noon + timedelta(minutes=1)
        await message.save(update_fields=["state", "state_at"])
    texting = [p for n, p in enumerate(others) if n % 3 == 0]
    if texting:
        await TextStop.create(phone=phone_number(texting[-1].phone), stopped_at=noon - timedelta(days=3))
        await InboundText.create(provider_ref="demo-inbox-1", phone=phone_number(texting[0].phone),
                                 body="Can my mom drive me? She gets off at 6", received_at=noon - timedelta(hours=2),
                                 outcome="inbox")


async def seed_reaching_out(program: Program, accounts: dict[str, Account], others: list[Person], today: date) -> None:
    """After the first round: the reminders due at noon waiting on /outbox (the day before, tonight's
    text with the place), an invitation link a coordinator sent by text, and followers of the findings
    (one confirmed, told of the latest text; one who has not confirmed yet)."""
    noon = datetime.combine(today, time(12), tzinfo=ZoneInfo(program.time_zone)).astimezone(UTC)
    await enqueue_reminders(noon)
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    texting = [p for n, p in enumerate(others) if n % 3 == 0 and not await Account.exists(person_id=p.id)]
    if len(texting) > 1:
        settings = Settings(environment="development", base_url="http://127.0.0.1:8000")
        issued = await issue_link(coordinator, texting[1], LinkKind.INVITE, settings)
        await send_link(coordinator, texting[1], issued.link.id, issued.token, Channel.TEXT,
                        f"{settings.base_url}/welcome/{issued.token}", texting_on=True,
                        default_zone=program.time_zone)
    confirmed = await Follower.create(email="neighbour@example.org", language="en-US",
                                      asked_at=noon - timedelta(days=20), confirmed_at=noon - timedelta(days=20))
    await Follower.create(email="reader@example.org", language="es-US", asked_at=noon - timedelta(hours=3))
    latest = await Publication.filter(state="published").order_by("-published_at").first()
    if latest is not None:
        await FollowerMail.create(follower=confirmed, kind="finding", dedupe_key=f"finding:{latest.id}:{confirmed.id}",
                                  params={"publication_id": latest.id}, state="sent", finished_at=noon,
                                  state_at=noon, attempts=1)
