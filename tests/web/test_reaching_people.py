"""Reaching people, on the pages: honest states on /outbox, the inbox of texts, each person's own
choice of channel, a coordinator's choices and consents for someone, and who is out of reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jurycourt.actions.outbox import enqueue
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.roles import Role
from jurycourt.models import Account, InboundText, Membership, OutboxMessage, Person, Program, TextConsent
from tests.duties import hearing_at, seat_for
from tests.web.helpers import Page, post_form, sign_in


async def _person(login: str) -> Person:
    return await Person.get(id=(await Account.get(login=login)).person_id)


async def test_the_outbox_shows_each_messages_channel_and_real_state_and_the_inbox(client, demo):
    juror = await _person("juror")
    message = await enqueue(juror.id, "invitation", "invitation:t", "Nobody can get this", "Generic.")
    await OutboxMessage.filter(id=message.id).update(state="undeliverable", state_detail="no email address",
                                                     finished_at=datetime.now(UTC))
    item = await InboundText.create(provider_ref="SM1", phone="+12025550111", body="running late",
                                    received_at=datetime.now(UTC), outcome="inbox")
    await sign_in(client, "coordinator")
    page = Page((await client.get("/outbox")).text)
    row = page.text[page.text.index("Nobody can get this"):][:300]
    assert "cannot be delivered" in row and "no email address" in row and "sent" not in row.split("cannot")[0]
    assert "running late" in page.text
    done = await post_form(client, f"/outbox/inbox/{item.id}/handled")
    assert done.status_code == 303
    assert "running late" not in (await client.get("/outbox")).text
    assert (await InboundText.get(id=item.id)).handled_at is not None


async def test_a_person_chooses_texts_and_agrees_on_their_own_page(client, demo):
    await sign_in(client, "juror")
    page = await client.get("/me/messages")
    assert page.status_code == 200 and "How we reach you" in page.text
    wrong = await post_form(client, "/me/messages", {"contact_by": "pigeon"})
    assert wrong.status_code == 400 and "Choose email, text messages or both." in wrong.text
    saved = await post_form(client, "/me/messages", {"contact_by": "both", "agree_texts": "1"})
    assert saved.status_code == 303
    juror = await _person("juror")
    assert juror.contact_by == "both"
    await TextConsent.filter(person_id=juror.id).delete()  # the demo recorded consents: record it anew
    await post_form(client, "/me/messages", {"contact_by": "text", "agree_texts": "1"})
    consent = await TextConsent.get(person_id=juror.id)
    assert not consent.by_guardian and "messages page" in consent.source


async def test_a_coordinator_sets_the_channel_and_records_a_guardians_consent(client, demo):
    respondent = await _person("respondent")
    await sign_in(client, "coordinator")
    page = await client.get(f"/people/{respondent.id}")
    assert "How messages reach them" in page.text
    kept = await post_form(client, f"/people/{respondent.id}/text-consent", {"by_guardian": "1", "source": ""})
    assert kept.status_code == 400 and "Say how the consent was given" in kept.text
    await post_form(client, f"/people/{respondent.id}/contact", {"contact_by": "text", "copies_to_guardian": "1"})
    await post_form(client, f"/people/{respondent.id}/text-consent", {"by_guardian": "1", "source": "intake, signed"})
    respondent = await Person.get(id=respondent.id)
    assert (respondent.contact_by, respondent.copies_to_guardian) == ("text", True)
    assert await TextConsent.exists(person_id=respondent.id, by_guardian=True, source="intake, signed")


async def test_the_coordinators_page_lists_people_no_channel_can_reach_before_their_duty(client, demo):
    coordinator = await Account.get(login="coordinator")
    program = (await Membership.filter(person_id=coordinator.person_id, role=Role.COORDINATOR).first()).program_id
    unreachable = await Person.create(given_name="Noel", family_name="Quiet", contact_by="email")
    await Membership.create(person=unreachable, program_id=program, role=Role.JUROR)
    await seat_for(unreachable, await hearing_at(await Program.get(id=program), datetime.now(UTC) + timedelta(days=2)),
                   status=SeatStatus.ACCEPTED)
    await sign_in(client, "coordinator")
    me = Page((await client.get("/me")).text)
    section = me.text[me.text.index("Out of reach before their next duty"):]
    assert "Noel Quiet" in section and "no email address" in section


async def test_a_coordinator_cannot_mark_done_a_text_from_another_programs_person(client, demo):
    from jurycourt.domain.roles import Role as R
    other = await Program.create(name="Elsewhere Youth Court")
    # (a number no demo person has: the demo's agency contact has 0177)
    stranger = await Person.create(given_name="Ola", family_name="Far", phone="202-555-0193")
    await Membership.create(person=stranger, program=other, role=R.JUROR)
    item = await InboundText.create(provider_ref="SM-other", phone="+12025550193", body="private question",
                                    received_at=datetime.now(UTC), outcome="inbox")
    await sign_in(client, "coordinator")
    assert "private question" not in (await client.get("/outbox")).text
    await post_form(client, f"/outbox/inbox/{item.id}/handled")
    assert (await InboundText.get(id=item.id)).handled_at is None, "not theirs to handle"
