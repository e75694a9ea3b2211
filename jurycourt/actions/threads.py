"""Writing to a deliberation thread: open it, post a statement, hide one, seal it.

The shared component behind the jury room, citizens' panels and grand jury inquiries. The owning
area checks who is acting (its query hands over ``domain.threads.Rights``) and calls:

- ``open_thread(program_id, topic, topic_id)`` → the Thread, made on first use (get-or-create;
  the unique (topic, topic_id) key settles a race between two first posts).
- ``post_statement(thread, author_id, rights, body)`` → the Statement, or ``Refused`` (empty,
  over-long, not allowed to post, sealed). Nothing is written on refusal: the view keeps the text.
  A thread the query handed over unsaved (``queries.threads.thread_of``: nobody posted yet) is
  opened by its first post.
- ``hide_statement(thread, actor_id, rights, statement_id, reason)``: a moderator hides a
  statement from other readers; the text and the reason are kept.
- ``seal(thread, actor_id)``: read-only from now on (call it inside the owner's own transaction).

Every write bumps ``Thread.version`` in its transaction, so live pages on any server process see
it at their next poll. Audit events name the thread and statement ids, never the text.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.domain.errors import Refused
from jurycourt.domain.threads import Rights, check_hide, check_post
from jurycourt.i18n import _
from jurycourt.models import Statement, Thread


async def open_thread(program_id: int, topic: str, topic_id: int) -> Thread:
    """The thread of ``topic`` ``topic_id``, created on first use."""
    thread = await Thread.get_or_none(topic=topic, topic_id=topic_id)
    if thread is not None:
        return thread
    try:
        async with in_transaction():
            return await Thread.create(program_id=program_id, topic=topic, topic_id=topic_id)
    except IntegrityError:
        return await Thread.get(topic=topic, topic_id=topic_id)


async def _bump(thread: Thread, **changes) -> bool:
    """Count one more write, unless the thread was sealed meanwhile (then False)."""
    return bool(await Thread.filter(id=thread.id, sealed_at=None).update(version=F("version") + 1, **changes))


def _sealed() -> Refused:
    return Refused(_("This thread is sealed: it is read-only now."), "body")


async def post_statement(thread: Thread, author_id: int, rights: Rights, body: str) -> Statement:
    """Add a statement to the thread; refused when empty, too long, not allowed or sealed."""
    text = check_post(rights, thread.sealed_at is not None, body)
    if thread.id is None:  # the first post opens the thread (reads never write)
        opened = await open_thread(thread.program_id, thread.topic, thread.topic_id)
        thread.id, thread.version, thread.sealed_at = opened.id, opened.version, opened.sealed_at
    async with in_transaction():
        if not await _bump(thread):
            raise _sealed()
        statement = await Statement.create(thread_id=thread.id, author_id=author_id, body=text)
        await record("thread.statement", actor_id=author_id, program_id=thread.program_id,
                     subject=("thread", thread.id), topic=thread.topic, statement=statement.id)
    return statement


async def hide_statement(thread: Thread, actor_id: int, rights: Rights, statement_id: int, reason: str) -> None:
    """A moderator hides an abusive statement from the other readers, with a reason; the text is kept."""
    text = check_hide(rights, thread.sealed_at is not None, reason)
    async with in_transaction():
        if not await Statement.filter(id=statement_id, thread_id=thread.id).update(hidden_reason=text):
            raise Refused(_("There is no such statement in this thread."), "reason")
        if not await _bump(thread):
            raise Refused(_("This thread is sealed: it is read-only now."), "reason")
        await record("thread.statement_hidden", actor_id=actor_id, program_id=thread.program_id,
                     subject=("thread", thread.id), topic=thread.topic, statement=statement_id)


async def seal(thread: Thread, actor_id: int) -> None:
    """Make the thread read-only (the proceeding has ended). Sealing twice changes nothing."""
    now = clock.now()
    async with in_transaction():
        if await _bump(thread, sealed_at=now):
            await record("thread.sealed", actor_id=actor_id, program_id=thread.program_id,
                         subject=("thread", thread.id), topic=thread.topic)
    thread.sealed_at = thread.sealed_at or now
