"""Following the public site's findings by email: the rules and the words of its mail.

Double opt-in: an address is mailed findings only after it opened the confirmation link sent to it.
The form answers the same whatever the address's state, so it tells no one who follows; and at most
one confirmation mail goes to an address per day, so the form cannot be used to flood someone.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from jurycourt.domain.duties import Reminder
from jurycourt.domain.people import EMAIL_RE
from jurycourt.i18n import _

#: At most one confirmation mail per address within this long.
CONFIRMATION_SPACING = timedelta(days=1)
#: An address never confirmed is erased this long after it last asked (and its link stops working).
UNCONFIRMED_KEPT = timedelta(days=3)
ADDRESS_LIMIT = 254


def follower_address(raw: str) -> str | None:
    """The address as kept (trimmed, lower case), or None when it cannot be an email address."""
    address = unicodedata.normalize("NFKC", raw or "").strip().lower()
    if not address or len(address) > ADDRESS_LIMIT or not EMAIL_RE.match(address):
        return None
    return address


def may_send_confirmation(asked_at: datetime | None, now: datetime) -> bool:
    """Whether a new confirmation mail may go to an address that last asked at ``asked_at``."""
    return asked_at is None or now - asked_at >= CONFIRMATION_SPACING


def confirmation_usable(asked_at: datetime, now: datetime) -> bool:
    """A confirmation link works until its address would be erased."""
    return now - asked_at < UNCONFIRMED_KEPT


def confirmation(confirm_url: str) -> Reminder:
    """The mail that asks the address's owner to confirm (nothing is sent to it until they do)."""
    return Reminder(
        subject=_("Confirm that you want new findings by email"),
        body=_("Someone, probably you, asked to get the program's new findings and reports by email at this "
               "address.\n\nTo confirm, open this link:\n%(url)s\n\nIf it was not you, do nothing: you will get no "
               "more mail from us, and the address is erased within a few days.") % {"url": confirm_url})


def new_finding(title: str, summary: str, url: str, stop_url: str) -> Reminder:
    """The mail to followers when a text is published: its public title and summary and its link."""
    words = {"title": title, "url": url, "stop": stop_url}
    lead = _("New on the program's public site: %(title)s") % words
    parts = [lead, summary.strip()] if summary.strip() else [lead]
    parts.append(_("Read it here: %(url)s") % words)
    parts.append(_("You get this because you follow the findings by email. To stop, open %(stop)s") % words)
    return Reminder(subject=_("New finding: %(title)s") % words, body="\n\n".join(parts))
