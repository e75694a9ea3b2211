"""Text messages end to end: the real Twilio client against a local fake of its API, the real webhook
views with real signatures, and the outbox's rules (consent, STOP, quiet hours, pace, exactly once)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from jurycourt.actions.outbox import enqueue, send_pending
from jurycourt.app import create_app
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.roles import Role
from jurycourt.jobs import texts
from jurycourt.jobs.outbox_senders import TextSender, run_outbox
from jurycourt.models import AuditEvent, InboundText, Membership, OutboxMessage, Person, Seat, TextConsent, TextStop
from tests import fake_twilio
from tests.databases import settings_for
from tests.duties import court, hearing_at, seat_for

NOON = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)  # 12:00 in New York


@pytest.fixture
def twilio():
    fake, server = fake_twilio.start()
    yield fake
    server.shutdown()


@pytest.fixture
def texting(twilio, database_url):
    return settings_for(database_url, **twilio.settings())


async def adult(phone: str, given: str = "Dana", *, consent: bool = True, program=None) -> Person:
    person = await Person.create(given_name=given, family_name="Okafor", phone=phone, contact_by="text",
                                 date_of_birth=date(1990, 1, 1))
    if program is not None:
        await Membership.create(person=person, program=program, role=Role.JUROR)
    if consent:
        await TextConsent.create(person=person, phone=texts_phone(phone), source="intake form")
    return person


def texts_phone(raw: str) -> str:
    from jurycourt.domain.messaging import phone_number
    return phone_number(raw)


async def send_texts(settings, now: datetime | None = None) -> int:
    provider = texts.provider_for(settings)
    try:
        return await send_pending(TextSender(settings, provider, now=lambda: now or NOON), channels=("text",))
    finally:
        await provider.aclose()


async def test_a_text_goes_only_to_a_number_with_consent_and_says_so_when_it_cannot(app, texting, twilio):
    program = await court()
    with_consent = await adult("(202) 555-0101", program=program)
    without = await adult("202.555.0102", "Remy", consent=False, program=program)
    await enqueue(with_consent.id, "invitation", "invitation:1", "You are invited", "Open jurycourt.",
                  text="Reply YES 1 or NO 1")
    await enqueue(without.id, "invitation", "invitation:2", "You are invited", "Open jurycourt.")
    assert await send_texts(texting) == 1
    (sent,) = twilio.sent
    assert (sent["To"], sent["From"], sent["Body"]) == ("+12025550101", fake_twilio.FROM, "Reply YES 1 or NO 1")
    assert sent["StatusCallback"] == "http://testserver/hooks/texts/status"
    first = await OutboxMessage.get(dedupe_key="invitation:1")
    assert (first.channel, first.state, first.provider_ref) == ("text", "sent", sent["sid"])
    refused = await OutboxMessage.get(dedupe_key="invitation:2")
    assert (refused.state, refused.state_detail) == ("undeliverable", "no consent to text messages recorded")


async def test_a_minor_needs_a_guardians_consent_too(app, texting, twilio):
    program = await court()
    teen = await adult("2025550103", "Kai", program=program)
    await Person.filter(id=teen.id).update(date_of_birth=date(2011, 5, 1))
    await enqueue(teen.id, "reminder", "reminder:1", "Reminder", "Body.")
    await send_texts(texting)
    message = await OutboxMessage.get(dedupe_key="reminder:1")
    assert (message.state, twilio.sent) == ("undeliverable", [])
    assert "guardian" in message.state_detail
    await TextConsent.create(person=teen, phone="+12025550103", by_guardian=True, source="guardian, by phone")
    await enqueue(teen.id, "reminder", "reminder:2", "Reminder", "Body.")
    assert await send_texts(texting) == 1


async def test_at_night_a_text_waits_for_the_morning_and_a_person_gets_one_an_hour(app, texting, twilio):
    program = await court()
    dana = await adult("2025550104", program=program)
    night = datetime(2026, 12, 8, 4, 0, tzinfo=UTC)  # 23:00 in New York
    await enqueue(dana.id, "reminder", "reminder:1", "Reminder", "Body.")
    assert await send_texts(texting, night) == 0
    waiting = await OutboxMessage.get(dedupe_key="reminder:1")
    assert waiting.state == "queued" and waiting.attempts == 0
    assert waiting.not_before == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)  # 08:00 in New York
    # The morning comes: it goes; a second one within the hour waits; a notice of a change does not.
    morning = datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    await OutboxMessage.filter(id=waiting.id).update(not_before=None)
    assert await send_texts(texting, morning) == 1
    await OutboxMessage.filter(id=waiting.id).update(finished_at=morning)
    await enqueue(dana.id, "reminder", "reminder:2", "Reminder", "Body.")
    tonight = morning + timedelta(hours=10)  # 18:00 in New York: within 12 hours
    await enqueue(dana.id, "hearing_cancelled", "changed:1", params=cancelled_facts(tonight))
    assert await send_texts(texting, morning + timedelta(minutes=10)) == 1
    assert twilio.sent[0]["Body"] == "Reminder"
    assert twilio.sent[1]["Body"].startswith("jurycourt: the jury hearing on Tue, December 8, 2026, 6:00")
    paced = await OutboxMessage.get(dedupe_key="reminder:2")
    assert paced.state == "queued" and paced.not_before == morning + timedelta(hours=1)


def cancelled_facts(starts_at: datetime, **more: str) -> dict[str, str]:
    return {"kind": "jury_hearing", "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=2)).isoformat(), "zone": "America/New_York", **more}


async def test_only_a_notice_about_a_duty_within_12_hours_breaks_the_pace_and_quiet_hours(app, texting, twilio):
    program = await court()
    dana = await adult("2025550105", program=program)
    await enqueue(dana.id, "reminder", "reminder:1", "Reminder", "Body.")
    assert await send_texts(texting, NOON) == 1
    await OutboxMessage.filter(dedupe_key="reminder:1").update(finished_at=NOON)
    soon = NOON + timedelta(minutes=5)
    # A hearing three days off is cancelled; one moved from next week to tonight; one moved away from tonight.
    await enqueue(dana.id, "hearing_cancelled", "far", params=cancelled_facts(NOON + timedelta(days=3)))
    await enqueue(dana.id, "hearing_moved", "to-tonight", params=cancelled_facts(
        NOON + timedelta(hours=6), was_at=(NOON + timedelta(days=7)).isoformat()))
    await enqueue(dana.id, "hearing_moved", "from-tonight", params=cancelled_facts(
        NOON + timedelta(days=7), was_at=(NOON + timedelta(hours=11)).isoformat()))
    assert await send_texts(texting, soon) == 2
    far = await OutboxMessage.get(dedupe_key="far")
    assert (far.state, far.not_before) == ("queued", NOON + timedelta(hours=1))
    assert {m.dedupe_key for m in await OutboxMessage.filter(state="sent")} == {"reminder:1", "to-tonight",
                                                                               "from-tonight"}
    # At night a near notice still goes; a far one waits for the morning.
    night = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)  # 22:00 in New York
    await enqueue(dana.id, "hearing_cancelled", "near-night", params=cancelled_facts(night + timedelta(hours=11)))
    await enqueue(dana.id, "hearing_cancelled", "far-night", params=cancelled_facts(night + timedelta(hours=13)))
    assert await send_texts(texting, night) == 1
    assert (await OutboxMessage.get(dedupe_key="near-night")).state == "sent"
    for waiting in ("far", "far-night"):
        assert (await OutboxMessage.get(dedupe_key=waiting)).state == "queued"


async def test_numbers_the_provider_refuses_are_undeliverable_and_an_opt_out_is_kept(app, texting, twilio):
    program = await court()
    out = await adult(fake_twilio.OPTED_OUT, program=program)
    landline = await adult(fake_twilio.NOT_MOBILE, "Lee", program=program)
    await enqueue(out.id, "reminder", "r:1", "Reminder", "Body.")
    await enqueue(landline.id, "reminder", "r:2", "Reminder", "Body.")
    await send_texts(texting)
    assert (await OutboxMessage.get(dedupe_key="r:1")).state_detail == "this number replied STOP"
    assert await TextStop.exists(phone=fake_twilio.OPTED_OUT)
    assert (await OutboxMessage.get(dedupe_key="r:2")).state_detail == "no usable mobile number"


async def test_two_senders_send_each_text_exactly_once(app, texting, twilio):
    program = await court()
    people = [await adult(f"20255502{n:02d}", f"P{n}", program=program) for n in range(12)]
    for n, person in enumerate(people):
        await enqueue(person.id, "hearing_cancelled", f"c:{n}", "Moved", "Body.")
    provider_a, provider_b = texts.provider_for(texting), texts.provider_for(texting)
    a = TextSender(texting, provider_a, now=lambda: NOON)
    b = TextSender(texting, provider_b, now=lambda: NOON)
    counts = await asyncio.gather(send_pending(a, channels=("text",)), send_pending(b, channels=("text",)))
    await provider_a.aclose()
    await provider_b.aclose()
    assert sum(counts) == 12
    assert sorted(m["To"] for m in twilio.sent) == sorted(f"+120255502{n:02d}" for n in range(12))


def signed(url: str, params: dict[str, str]) -> dict[str, str]:
    return {"x-twilio-signature": texts.signature(fake_twilio.TOKEN, url, sorted(params.items()))}


@pytest.fixture
async def hooks(texting):
    application = create_app(texting)
    from asgi_lifespan import LifespanManager
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.9", 443))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def post_hook(http, path: str, params: dict[str, str], signature: dict | None = None):
    headers = signature if signature is not None else signed(f"http://testserver{path}", params)
    return await http.post(path, data=params, headers=headers)


async def test_a_forged_webhook_is_refused_and_a_repeated_one_acts_once(hooks):
    program = await court()
    dana = await adult("2025550105", program=program)
    params = {"MessageSid": "SM" + "1" * 32, "From": "+12025550105", "Body": "STOP"}
    forged = await post_hook(hooks, "/hooks/texts/inbound", params, {"x-twilio-signature": "AAAA"})
    unsigned = await hooks.post("/hooks/texts/inbound", data=params)
    assert (forged.status_code, unsigned.status_code) == (403, 403)
    assert not await TextStop.exists(phone="+12025550105")
    first = await post_hook(hooks, "/hooks/texts/inbound", params)
    again = await post_hook(hooks, "/hooks/texts/inbound", params)
    assert first.status_code == again.status_code == 200
    assert "no more texts" in first.text and "<Message>" not in again.text
    assert await InboundText.filter(provider_ref=params["MessageSid"]).count() == 1
    # A signature over other parameters (a changed body) does not verify.
    tampered = {**params, "Body": "START"}
    assert (await post_hook(hooks, "/hooks/texts/inbound", tampered, signed("http://testserver/hooks/texts/inbound",
                                                                             params))).status_code == 403
    assert dana.id in (await AuditEvent.filter(action="texts.stopped").first()).detail["people"]


async def test_stop_on_a_family_phone_stops_everyone_there_until_start(hooks, texting):
    program = await court()
    mother = await adult("202-555-0106", "Rosa", program=program)
    son = await adult("(202) 5550106", "Teo", program=program)
    stop = {"MessageSid": "SM" + "2" * 32, "From": "+12025550106", "Body": " stop "}
    await post_hook(hooks, "/hooks/texts/inbound", stop)
    event = await AuditEvent.filter(action="texts.stopped").first()
    assert sorted(event.detail["people"]) == sorted([mother.id, son.id])
    await enqueue(son.id, "reminder", "r:9", "Reminder", "Body.")
    await send_texts(texting)
    assert (await OutboxMessage.get(dedupe_key="r:9")).state == "undeliverable"
    help_answer = await post_hook(hooks, "/hooks/texts/inbound", {**stop, "MessageSid": "SM" + "3" * 32,
                                                                  "Body": "HELP"})
    assert "Reply STOP" in help_answer.text
    await post_hook(hooks, "/hooks/texts/inbound", {**stop, "MessageSid": "SM" + "4" * 32, "Body": "START"})
    assert not await TextStop.exists(phone="+12025550106")


async def test_yes_and_no_answer_invitations_as_the_web_page_does(hooks):
    program = await court()
    dana = await adult("2025550107", program=program)
    first = await seat_for(dana, await hearing_at(program, NOON + timedelta(days=3)), status=SeatStatus.INVITED)

    async def say(body: str, n: int):
        return (await post_hook(hooks, "/hooks/texts/inbound",
                                {"MessageSid": f"SM{n:032d}", "From": "+12025550107", "Body": body})).text

    assert "you are serving" in await say("Yes", 1)
    assert (await Seat.get(id=first.id)).status == SeatStatus.ACCEPTED
    second = await seat_for(dana, await hearing_at(program, NOON + timedelta(days=5)), status=SeatStatus.INVITED)
    third = await seat_for(dana, await hearing_at(program, NOON + timedelta(days=7)), status=SeatStatus.INVITED)
    asked = await say("no", 2)
    assert f"{second.id}" in asked and f"{third.id}" in asked, "several invitations: the reply asks which"
    assert (await Seat.get(id=second.id)).status == SeatStatus.INVITED
    assert "not serving" in await say(f"NO {third.id}", 3)
    assert (await Seat.get(id=third.id)).status == SeatStatus.DECLINED
    # A seat no longer open (filled by someone else) is refused politely; nothing changes.
    await Seat.filter(id=second.id).update(person_id=(await adult("2025550199", "Other")).id)
    assert "no invitation waiting" in await say("YES", 4)
    # Anything else goes to the coordinators' inbox.
    await say("running late, sorry", 5)
    assert await InboundText.filter(outcome="inbox").count() == 1


async def test_delivery_reports_move_a_text_forward_only_and_twice_changes_nothing(hooks):
    program = await court()
    dana = await adult("2025550108", program=program)
    message = await enqueue(dana.id, "reminder", "r:1", "Reminder", "Body.")
    await OutboxMessage.filter(id=message.id).update(state="sent", provider_ref="SM" + "9" * 32, finished_at=NOON)
    report = {"MessageSid": "SM" + "9" * 32, "MessageStatus": "delivered"}
    for _ in range(2):
        assert (await post_hook(hooks, "/hooks/texts/status", report)).status_code == 204
    late = {**report, "MessageStatus": "sent"}
    await post_hook(hooks, "/hooks/texts/status", late)
    assert (await OutboxMessage.get(id=message.id)).state == "delivered"
    forged = await post_hook(hooks, "/hooks/texts/status", {**report, "MessageStatus": "failed"},
                             {"x-twilio-signature": "forged"})
    assert forged.status_code == 403 and (await OutboxMessage.get(id=message.id)).state == "delivered"


async def test_a_round_without_a_provider_in_production_marks_texts_undeliverable(app, database_url):
    dana = await adult("2025550109")
    await enqueue(dana.id, "reminder", "r:1", "Reminder", "Body.")
    production = settings_for(database_url).with_(environment="production", base_url="https://jury.example.org")
    await run_outbox(production)
    message = await OutboxMessage.get(dedupe_key="r:1")
    assert (message.state, message.state_detail) == ("undeliverable", "text messages are not turned on for this site")
