"""The deliberation thread component's writes and reads, as panels and inquiries will use them."""

from __future__ import annotations

import asyncio

import pytest

from jurycourt.actions import threads
from jurycourt.domain.errors import Refused
from jurycourt.domain.threads import Rights
from jurycourt.models import AuditEvent, Statement, Thread
from jurycourt.queries.threads import ThreadReader, read_thread, thread_of
from tests.web.members import person_id

POSTER = Rights(post=True)
MODERATOR = Rights(post=True, moderate=True)


@pytest.fixture
async def thread(demo):
    return await threads.open_thread(demo.id, "panel", 7)


async def test_opening_a_thread_twice_or_at_once_gives_the_same_thread(demo, thread):
    again = await asyncio.gather(*(threads.open_thread(demo.id, "panel", 7) for _ in range(5)))
    assert {t.id for t in again} == {thread.id}
    other = await threads.open_thread(demo.id, "inquiry", 7)
    assert other.id != thread.id and await Thread.filter(topic__in=["panel", "inquiry"], topic_id=7).count() == 2


async def test_reading_a_thread_nobody_wrote_to_makes_nothing_and_the_first_post_opens_it(demo):
    juror = await person_id("juror")
    unsaved = await thread_of(demo.id, "panel", 8)
    seat = ThreadReader(unsaved, juror, POSTER)
    assert (await read_thread(seat)).statements == [] and seat.etag()
    assert not await Thread.exists(topic="panel", topic_id=8)  # a read never writes
    with pytest.raises(Refused):
        await threads.hide_statement(unsaved, juror, MODERATOR, 1, "Off topic.")
    statement = await threads.post_statement(unsaved, juror, POSTER, "First.")
    opened = await Thread.get(topic="panel", topic_id=8)
    assert unsaved.id == opened.id == statement.thread_id and opened.version == 1
    assert [s.body for s in (await read_thread(seat)).statements] == ["First."]
    assert (await thread_of(demo.id, "panel", 8)).id == opened.id


async def test_a_refused_statement_writes_nothing_and_an_accepted_one_bumps_the_version(thread):
    juror = await person_id("juror")
    for body, rights in (("   ", POSTER), ("x" * 501, POSTER), ("Fine.", Rights())):
        with pytest.raises(Refused):
            await threads.post_statement(thread, juror, rights, body)
    assert await Statement.filter(thread_id=thread.id).count() == 0
    statement = await threads.post_statement(thread, juror, POSTER, "  I think she meant it.  ")
    assert statement.body == "I think she meant it."
    assert (await Thread.get(id=thread.id)).version == 1
    event = await AuditEvent.filter(action="thread.statement").order_by("-id").first()
    assert event.detail == {"topic": "panel", "statement": statement.id}


async def test_a_hidden_statement_keeps_its_text_for_moderators_only(thread):
    juror, coordinator = await person_id("juror"), await person_id("coordinator")
    statement = await threads.post_statement(thread, juror, POSTER, "Something rude.")
    with pytest.raises(Refused, match="Only a coordinator"):
        await threads.hide_statement(thread, juror, POSTER, statement.id, "Not nice.")
    with pytest.raises(Refused, match="no such statement"):
        await threads.hide_statement(thread, coordinator, MODERATOR, statement.id + 99, "Not nice.")
    await threads.hide_statement(thread, coordinator, MODERATOR, statement.id, "Insults a person.")
    thread = await Thread.get(id=thread.id)
    as_juror = await read_thread(ThreadReader(thread, juror, POSTER))
    as_coordinator = await read_thread(ThreadReader(thread, coordinator, MODERATOR))
    assert as_juror.statements[0].hidden_reason == "Insults a person."
    assert as_juror.statements[0].body == ""
    assert as_coordinator.statements[0].body == "Something rude."
    event = await AuditEvent.get(action="thread.statement_hidden")
    assert "rude" not in str(event.detail) and "Insults" not in str(event.detail)


async def test_a_sealed_thread_refuses_statements_and_hiding_even_from_a_stale_copy(thread):
    juror, coordinator = await person_id("juror"), await person_id("coordinator")
    statement = await threads.post_statement(thread, juror, POSTER, "Before the end.")
    stale = await Thread.get(id=thread.id)
    await threads.seal(thread, coordinator)
    with pytest.raises(Refused, match="sealed"):
        await threads.post_statement(stale, juror, POSTER, "After the end.")
    with pytest.raises(Refused, match="sealed"):
        await threads.hide_statement(stale, coordinator, MODERATOR, statement.id, "Late.")
    assert [s.body for s in await Statement.filter(thread_id=thread.id)] == ["Before the end."]
    assert (await Statement.get(id=statement.id)).hidden_reason is None


async def test_the_etag_changes_with_every_write_and_with_the_readers_rights(thread):
    juror = await person_id("juror")
    before = ThreadReader(await Thread.get(id=thread.id), juror, POSTER).etag()
    await threads.post_statement(thread, juror, POSTER, "One.")
    after = ThreadReader(await Thread.get(id=thread.id), juror, POSTER).etag()
    assert before != after
    assert after != ThreadReader(await Thread.get(id=thread.id), juror, Rights()).etag()
