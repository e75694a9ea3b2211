"""Following the findings by email (no account): asking, confirming (double opt-in), stopping, the
mail to followers when a text is published, and erasing addresses never confirmed.

The links in the mail carry signed tokens (HMAC with the site's secret key), so nothing secret is
stored: the confirmation token names the moment the address last asked (asking again replaces it),
the stop token the follower alone (it works in every mail, and once the row is gone it does nothing).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.auth.tokens import same, sign
from jurycourt.domain import follow as rules
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _
from jurycourt.models import Follower, FollowerMail


def confirm_token(secret_key: str, follower: Follower) -> str:
    return sign(secret_key, f"follow-confirm:{follower.id}:{follower.asked_at.isoformat()}")


def stop_token(secret_key: str, follower_id: int) -> str:
    return sign(secret_key, f"follow-stop:{follower_id}")


async def ask_to_follow(raw_address: str, language: str, now: datetime | None = None) -> None:
    """Someone asks, on the public site, for new findings by email at an address: a confirmation
    mail is queued, unless the address follows already or was sent one within the day. The caller
    answers the same in every case (only a malformed address is refused, by its form)."""
    address = rules.follower_address(raw_address)
    if address is None:
        raise Refused(_("Enter an email address, like name@example.org."), "email")
    now = now or clock.now()
    follower = await Follower.get_or_none(email=address)
    if follower is None:
        try:
            async with in_transaction():
                follower = await Follower.create(email=address, language=language[:10], asked_at=now)
        except IntegrityError:  # the same address asked twice at once: the first one counts
            return
    elif follower.confirmed_at is not None or not rules.may_send_confirmation(follower.asked_at, now):
        return
    else:
        if not await Follower.filter(id=follower.id, asked_at=follower.asked_at).update(asked_at=now,
                                                                                         language=language[:10]):
            return  # another request took this day's confirmation
        follower.asked_at = now
    await FollowerMail.get_or_create(dedupe_key=f"follow_confirm:{follower.id}:{now.isoformat()}",
                                     defaults={"follower_id": follower.id, "kind": "follow_confirm"})


async def confirmable(follower_id: int, token: str, secret_key: str, now: datetime | None = None) -> Follower | None:
    """The follower a confirmation link names, when the link is genuine and still works."""
    follower = await Follower.get_or_none(id=follower_id)
    if follower is None or not same(confirm_token(secret_key, follower), token):
        return None
    if follower.confirmed_at is None and not rules.confirmation_usable(follower.asked_at, now or clock.now()):
        return None
    return follower


async def confirm_follow(follower_id: int, token: str, secret_key: str) -> bool:
    """Confirm an address by its own link; whether the link was genuine (confirming twice is fine)."""
    follower = await confirmable(follower_id, token, secret_key)
    if follower is None:
        return False
    if follower.confirmed_at is None:
        await Follower.filter(id=follower.id, confirmed_at=None).update(confirmed_at=clock.now())
    return True


async def stop_following(follower_id: int, token: str, secret_key: str) -> bool:
    """Stop the mail to an address by the link in any of its mails: the address is erased at once
    (with its queued mail). Whether the link was genuine; stopping twice changes nothing."""
    if not same(stop_token(secret_key, follower_id), token):
        return False
    await Follower.filter(id=follower_id).delete()
    return True


async def tell_followers(publication_id: int) -> int:
    """Queue a mail about a newly published text to every confirmed follower, once each (its words
    are written when it is sent, from what the public site may then show). Returns how many."""
    followers = await Follower.filter(confirmed_at__isnull=False).values_list("id", flat=True)
    keys = {f"finding:{publication_id}:{follower_id}": follower_id for follower_id in followers}
    done = set(await FollowerMail.filter(dedupe_key__in=list(keys)).values_list("dedupe_key", flat=True))
    fresh = [FollowerMail(follower_id=follower_id, kind="finding", dedupe_key=key,
                          params={"publication_id": publication_id})
             for key, follower_id in keys.items() if key not in done]
    if fresh:
        await FollowerMail.bulk_create(fresh, batch_size=500)
    return len(fresh)


async def erase_unconfirmed(now: datetime) -> int:
    """Erase addresses that asked to follow but never confirmed, ``UNCONFIRMED_KEPT`` after asking."""
    ids = await Follower.filter(confirmed_at__isnull=True, asked_at__lte=now - rules.UNCONFIRMED_KEPT).values_list(
        "id", flat=True)
    if ids:
        await Follower.filter(id__in=list(ids)).delete()
    return len(ids)
