"""Reading a deliberation thread: its statements as one reader may see them, and its ETag.

The owning area's query decides who may read (raising ``NotFound`` for everyone else) and builds
a ``ThreadReader``: the thread, the reader's person id and their ``Rights``. Then:

- ``read_thread(seat)`` → ``ThreadView`` (statements in posting order, authors' first names),
  in one query whatever the number of statements. Hidden statements keep their text only for
  moderators: other readers get the reason, never the text.
- ``seat.etag()`` → the ETag of what this reader sees; it changes with every write to the thread
  (``Thread.version``) and with the reader's rights, so a live poll answers 304 from the thread
  row alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.domain.threads import Rights
from jurycourt.models import Statement, Thread


@dataclass(frozen=True)
class ThreadReader:
    """One reader at one thread, with what the owning area lets them do."""

    thread: Thread
    person_id: int
    rights: Rights

    @property
    def sealed(self) -> bool:
        return self.thread.sealed_at is not None

    @property
    def may_post(self) -> bool:
        return self.rights.post and not self.sealed

    @property
    def may_hide(self) -> bool:
        return self.rights.moderate and not self.sealed

    def etag(self) -> str:
        t = self.thread
        return f'"thread-{t.id}-{t.version}-{"s" if self.sealed else "o"}-{self.rights.key}"'


@dataclass(frozen=True)
class StatementView:
    """One statement as a reader sees it (plain values: a long thread builds no model objects)."""

    id: int
    author_id: int
    body: str
    hidden_reason: str | None


@dataclass
class ThreadView:
    """The statements of a thread as one reader sees them."""

    seat: ThreadReader
    statements: list[StatementView]
    names: dict[int, str]


async def thread_of(program_id: int, topic: str, topic_id: int) -> Thread:
    """The thread of ``topic`` ``topic_id``. A read never writes: until someone posts, this is a
    thread not yet saved (no id, version 0, no statements), and the first post creates it."""
    found = await Thread.get_or_none(topic=topic, topic_id=topic_id)
    return found if found is not None else Thread(program_id=program_id, topic=topic, topic_id=topic_id, version=0)


async def read_thread(seat: ThreadReader) -> ThreadView:
    """The thread's statements for ``seat``'s reader, in one query; hidden text only for moderators."""
    if seat.thread.id is None:  # nobody has posted yet
        return ThreadView(seat, [], {})
    rows = await Statement.filter(thread_id=seat.thread.id).order_by("id").values_list(
        "id", "author_id", "body", "hidden_reason", "author__preferred_name", "author__given_name")
    moderator = seat.rights.moderate
    statements = [StatementView(i, author, "" if hidden is not None and not moderator else body, hidden)
                  for i, author, body, hidden, _, _ in rows]
    names = {author: preferred or given for _, author, _, _, preferred, given in rows}
    return ThreadView(seat, statements, names)
