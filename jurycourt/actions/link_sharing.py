"""A coordinator sends a person their invitation (account set-up) or password reset link by text or by
email, through the outbox, by the same rules as every message (an address that works, consent to
texts, no STOP), or is told plainly why it cannot go."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.outbox import enqueue
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.tokens import digest, same
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.links import LinkUnusable, check_usable
from jurycourt.domain.messaging import Channel, obstacle
from jurycourt.i18n import _
from jurycourt.models import AccessLink, OutboxMessage, Person
from jurycourt.queries.reach import reach_of, zone_of


async def send_link(actor: Viewer, person: Person, link_id: int, token: str, channel: Channel, url: str,
                    *, texting_on: bool, default_zone: str) -> OutboxMessage:
    """Queue ``person``'s link (``url``, which carries ``token``) by ``channel``, once per link and channel.

    The token must be the link's own (it is shown once and never stored, so only the coordinator who
    holds the page can send it). Refused when the link is used or expired, or when the channel cannot
    reach the person, with the reason (no email address, no consent to texts, the number replied STOP).
    """
    require(coordinates(actor), hide=False)
    link = await AccessLink.get_or_none(id=link_id, person_id=person.id)
    if link is None or not same(link.token_hash, digest(token)):
        raise Refused(_("This link is not valid. Create a new one."))
    try:
        check_usable(link.expires_at, link.used_at, clock.now())
    except LinkUnusable:
        raise Refused(_("This link can no longer be used. Create a new one.")) from None
    why_not = obstacle(channel, await reach_of(person, texting_on, clock.now().date()))
    if why_not is not None:
        raise Refused(_("This link can't go by %(channel)s: %(reason)s. Add what is missing on their page, or "
                        "hand the link over yourself.") % {"channel": channel.label, "reason": _(why_not)}, "channel")
    zone = await zone_of(person.id, default_zone)
    facts = {"link": str(link.kind), "url": url, "expires_at": link.expires_at.isoformat(), "zone": zone.key}
    async with in_transaction():
        message = await enqueue(person.id, "access_link", f"access_link:{link.id}:{channel}", params=facts, by=channel)
        if message is None:
            raise Refused(_("This link is already on its way by %(channel)s.") % {"channel": channel.label},
                          "channel")
        await record(f"link.{link.kind}.sent", actor_id=actor.person_id, subject=("person", person.id),
                     channel=str(channel))
    return message
