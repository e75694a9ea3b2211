"""A deliberation thread's rules: short statements, hidden (never erased) by a moderator, sealed.

A thread belongs to one proceeding (a jury room, a citizens' panel, a grand jury inquiry). The
owning area decides who reads, posts and moderates it and hands that decision over as ``Rights``.
"""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _

STATEMENT_MAX = 500
REASON_MAX = 300


@dataclass(frozen=True)
class Rights:
    """What one reader may do in a thread, decided by the owning area's query.

    ``post``: may add statements now (e.g. a seated juror while the room is talking).
    ``moderate``: may hide a statement and sees hidden text (a coordinator).
    """

    post: bool = False
    moderate: bool = False

    @property
    def key(self) -> str:
        """A short tag for the ETag: readers with different rights see different pages."""
        return ("m" if self.moderate else "") + ("p" if self.post else "") or "r"


def check_text(body: str, limit: int, field: str = "body", what: str = "statement") -> str:
    """A statement, question or reason: trimmed, not empty, at most ``limit`` characters."""
    text = body.strip()
    if not text:
        raise Refused(_("Write your %(what)s first.") % {"what": what}, field)
    if len(text) > limit:
        raise Refused((_("Use at most %(limit)s characters (this %(what)s has %(num_texts)s).")
                       % {"limit": limit, "what": what, "num_texts": len(text)}), field)
    return text


def check_post(rights: Rights, sealed: bool, body: str) -> str:
    """A statement: by someone allowed to post, in a thread that is not sealed, of a fitting length."""
    if sealed:
        raise Refused(_("This thread is sealed: it is read-only now."), "body")
    if not rights.post:
        raise Refused(_("You can't add statements here now."), "body")
    return check_text(body, STATEMENT_MAX)


def check_hide(rights: Rights, sealed: bool, reason: str) -> str:
    """Only a moderator hides a statement, with a reason, before the thread is sealed."""
    if not rights.moderate:
        raise Refused(_("Only a coordinator hides a statement."), "reason")
    if sealed:
        raise Refused(_("This thread is sealed: it is read-only now."), "reason")
    return check_text(reason, REASON_MAX, "reason", "reason")
