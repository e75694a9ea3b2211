"""Reading the outbox: a coordinator sees the messages to people of the programs they coordinate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Subquery

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.messaging import DeliveryState, phone_number
from jurycourt.i18n import gettext
from jurycourt.models import FollowerMail, InboundText, Membership, OutboxMessage, Person
from jurycourt.queries.paging import Page, paginate

#: Messages that carry a sign-in link (an invitation or a password reset): whoever holds the link can
#: sign in as the person, so no coordinator reads it on the outbox page.
SIGN_IN_KINDS = frozenset({"access_link"})


async def outbox_page(viewer: Viewer, number: int) -> Page:
    """One page of messages to the viewer's people, newest first (404 for anyone not a coordinator)."""
    require(coordinates(viewer))
    members = Membership.filter(program_id__in=viewer.coordinated_programs).values("person_id")
    query = OutboxMessage.filter(person_id__in=Subquery(members)).select_related("person").order_by("-id")
    page = await paginate(query, number)
    for message in page.items:
        if message.kind in SIGN_IN_KINDS:  # shown, not saved: the outbox still sends the link itself
            message.body = message.text = gettext("A sign-in link for them: not shown here, as only they may use it.")
    return page


FOLLOWER_MAIL_SHOWN = 50


@dataclass(frozen=True)
class FollowerLine:
    """A mail to a follower of the findings as the outbox shows it: the address masked, the words
    (written at send time, with the follower's own confirm and stop links) never shown."""

    address: str
    subject: str
    body: str
    channel: str
    created_at: datetime
    state: str
    state_detail: str
    state_at: datetime | None
    finished_at: datetime | None
    not_before: datetime | None
    attempts: int

    @property
    def delivery(self) -> DeliveryState:
        return DeliveryState(self.state)


def masked_address(address: str) -> str:
    """An address with its name hidden but its first letter ("j…@example.org"): enough to tell two
    followers apart, not enough to write to one (they asked the public site, not the program)."""
    name, _at, domain = address.partition("@")
    return f"{name[:1]}…@{domain}" if domain else "…"


async def follower_mail(viewer: Viewer) -> list[FollowerLine]:
    """The latest mails to followers of the findings (follow by email), for coordinators: each
    carries a link only its follower may use (confirm, stop), so its words are not shown, like a
    sign-in link's."""
    require(coordinates(viewer))
    subjects = {"follow_confirm": gettext("Confirm that you want new findings by email"),
                "finding": gettext("A new finding was published")}
    hidden = gettext("A mail with links only the follower may use: not shown here.")
    mails = await FollowerMail.all().select_related("follower").order_by("-id").limit(FOLLOWER_MAIL_SHOWN)
    return [FollowerLine(masked_address(m.follower.email), subjects.get(m.kind, m.kind), hidden, m.channel,
                         m.created_at, m.state, m.state_detail, m.state_at, m.finished_at, m.not_before, m.attempts)
            for m in mails]


async def inbox(viewer: Viewer, item_id: int | None = None) -> list:
    """Texts received that no rule answered and no coordinator has dealt with yet: those from a number
    of one of the viewer's people, and those from numbers nobody in any program has (newest first).
    With ``item_id``, that one item, if the viewer may see it (the rule the action that handles it
    checks too)."""
    require(coordinates(viewer))
    items = InboundText.filter(outcome="inbox", handled_at=None)
    if item_id is not None:
        items = items.filter(id=item_id)
    items = await items.order_by("-id").limit(100)
    if not items:
        return []
    mine = Membership.filter(program_id__in=viewer.coordinated_programs).values("person_id")
    ours = {phone_number(p) for p in await Person.filter(id__in=Subquery(mine)).values_list("phone", flat=True)}
    known = {phone_number(p) for p in await Person.exclude(phone="").values_list("phone", flat=True)}
    return [item for item in items if item.phone in ours or item.phone not in known]
