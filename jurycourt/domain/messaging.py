"""Rules of reaching people: channels, delivery states, text-message keywords and replies, quiet hours.

Pure rules: no database, no clock (the caller gives the time), no provider.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from jurycourt.i18n import N_, _l


class Channel(StrEnum):
    """How one message travels."""

    EMAIL = "email"
    TEXT = "text"

    @property
    def label(self) -> str:
        return str(CHANNEL_LABELS[self])


CHANNEL_LABELS = {Channel.EMAIL: _l("email"), Channel.TEXT: _l("text message")}


class ContactChoice(StrEnum):
    """The channels a person chose (or a coordinator chose for them)."""

    EMAIL = "email"
    TEXT = "text"
    BOTH = "both"

    @property
    def channels(self) -> tuple[Channel, ...]:
        return {ContactChoice.EMAIL: (Channel.EMAIL,), ContactChoice.TEXT: (Channel.TEXT,),
                ContactChoice.BOTH: (Channel.EMAIL, Channel.TEXT)}[self]

    @property
    def label(self) -> str:
        return str(CONTACT_LABELS[self])


CONTACT_LABELS = {ContactChoice.EMAIL: _l("Email"), ContactChoice.TEXT: _l("Text messages"),
                  ContactChoice.BOTH: _l("Email and text messages")}


class DeliveryState(StrEnum):
    """Where one message is. Only ``SENT`` and ``DELIVERED`` mean it left jurycourt."""

    QUEUED = "queued"            # waiting for a sender (or for quiet hours to end)
    SENT = "sent"                # handed to the mail server or the text provider
    DELIVERED = "delivered"      # the provider reports it reached the phone
    FAILED = "failed"            # tried and refused (after the retries), or the provider reports failure
    UNDELIVERABLE = "undeliverable"  # no usable address, no consent, or the number asked to stop

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def left(self) -> bool:
        return self in (DeliveryState.SENT, DeliveryState.DELIVERED)


STATE_LABELS = {
    DeliveryState.QUEUED: _l("waiting"), DeliveryState.SENT: _l("sent"), DeliveryState.DELIVERED: _l("delivered"),
    DeliveryState.FAILED: _l("failed"), DeliveryState.UNDELIVERABLE: _l("cannot be delivered"),
}

#: A provider's status words, mapped to ours (Twilio's message statuses).
PROVIDER_STATES = {
    "accepted": DeliveryState.QUEUED, "queued": DeliveryState.QUEUED, "sending": DeliveryState.SENT,
    "sent": DeliveryState.SENT, "delivered": DeliveryState.DELIVERED, "failed": DeliveryState.FAILED,
    "undelivered": DeliveryState.UNDELIVERABLE, "canceled": DeliveryState.FAILED, "read": DeliveryState.DELIVERED,
}
#: A later report never moves a message back (a late "sent" after "delivered" changes nothing).
STATE_RANK = {DeliveryState.QUEUED: 0, DeliveryState.SENT: 1, DeliveryState.DELIVERED: 2,
              DeliveryState.FAILED: 2, DeliveryState.UNDELIVERABLE: 2}


def advances(current: DeliveryState, reported: DeliveryState) -> bool:
    """Whether a provider's report moves a message on (reports arrive late and out of order)."""
    return STATE_RANK[reported] > STATE_RANK[current]


# Why a message cannot be delivered: stored in English with the message and shown to coordinators in
# their language (translated when the page is rendered).
NO_EMAIL = N_("no email address")
NO_PHONE = N_("no usable mobile number")
NO_CONSENT = N_("no consent to text messages recorded")
NO_GUARDIAN_CONSENT = N_("a guardian's consent to text messages is needed (under 18)")
STOPPED = N_("this number replied STOP")
TEXTING_OFF = N_("text messages are not turned on for this site")


def phone_number(raw: str, country_code: str = "1") -> str | None:
    """A phone number in E.164 form (``+12025550199``), or None when it cannot be one.

    Separators of any kind are ignored; ten digits are a number in the program's country (North
    American numbering by default), eleven starting with the country code likewise.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return None
    plus = text.startswith("+")
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    if plus:
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 10 and country_code == "1":
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith(country_code):
        return f"+{digits}"
    return None


class ReplyKind(StrEnum):
    STOP = "stop"
    START = "start"
    HELP = "help"
    YES = "yes"
    NO = "no"
    OTHER = "other"


#: The carriers' keywords (CTIA): any of these alone stops or restarts every text to the number.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "PARAR", "ALTO"}
START_WORDS = {"START", "UNSTOP", "OPTIN", "SUBSCRIBE"}
HELP_WORDS = {"HELP", "INFO", "AYUDA"}
YES_WORDS = {"YES", "Y", "SI", "SÍ", "OK", "ACCEPT"}
NO_WORDS = {"NO", "N", "DECLINE"}


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    reference: int | None = None


def read_reply(body: str) -> Reply:
    """What an incoming text says: a keyword, YES or NO with an optional invitation number, or other.

    ``"yes 4"``, ``"YES #4"``, ``"Sí"`` and ``" stop "`` are understood; anything longer is OTHER and
    goes to a coordinator's inbox.
    """
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", body or "").upper())
    if not words:
        return Reply(ReplyKind.OTHER)
    first, rest = words[0], words[1:]
    if len(words) == 1:
        for kind, vocabulary in ((ReplyKind.STOP, STOP_WORDS), (ReplyKind.START, START_WORDS),
                                 (ReplyKind.HELP, HELP_WORDS)):
            if first in vocabulary:
                return Reply(kind)
    reference = int(rest[0]) if len(rest) == 1 and rest[0].isascii() and rest[0].isdigit() and len(rest[0]) < 9 \
        else None
    if len(words) == 1 or reference is not None:
        if first in YES_WORDS:
            return Reply(ReplyKind.YES, reference)
        if first in NO_WORDS:
            return Reply(ReplyKind.NO, reference)
    return Reply(ReplyKind.OTHER)


# Quiet hours and the pace of texts.
QUIET_START = time(21, 0)
QUIET_END = time(8, 0)
TEXT_SPACING = timedelta(hours=1)
#: Kinds that may break quiet hours and the one-text-an-hour rule, in order of priority: answers to
#: the person's own text always; notices of a cancelled or moved duty only when it is near (``URGENT_LEAD``).
URGENT_KINDS = ("reply", "hearing_cancelled", "hearing_moved")
NOTICE_KINDS = ("hearing_cancelled", "hearing_moved")
#: A cancelled or moved duty starting within this long is urgent news; further off, it waits like any text.
URGENT_LEAD = timedelta(hours=12)


def is_urgent(kind: str, duty_times: list[datetime], now: datetime) -> bool:
    """Whether a text of ``kind`` may break quiet hours and the pace: an answer to the person's own text
    always; a notice that a duty was cancelled or moved only when the duty (as it was, or as it now is)
    starts within the next 12 hours; nothing else."""
    if kind not in URGENT_KINDS:
        return False
    if kind not in NOTICE_KINDS:
        return True
    return any(now <= at <= now + URGENT_LEAD for at in duty_times)


def in_quiet_hours(local: datetime, start: time = QUIET_START, end: time = QUIET_END) -> bool:
    """Whether a local time falls in the night when no text is sent (start inclusive, end exclusive)."""
    moment = local.time()
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_hours_end(local: datetime, start: time = QUIET_START, end: time = QUIET_END) -> datetime:
    """The first local moment after ``local`` when texts may go again (``local`` itself when not quiet)."""
    if not in_quiet_hours(local, start, end):
        return local
    morning = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return morning if morning > local else morning + timedelta(days=1)


def text_may_go(urgent: bool, last_text_at: datetime | None, now: datetime) -> bool:
    """At most one text per person per hour, except urgent ones (``is_urgent``)."""
    return urgent or last_text_at is None or now - last_text_at >= TEXT_SPACING


TEXT_LIMIT = 320  # two SMS segments: short, plain words


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """A text message's body cut to ``limit`` characters at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


@dataclass(frozen=True)
class Reach:
    """What jurycourt knows about reaching one person, gathered by the caller."""

    choice: ContactChoice
    email: str
    phone: str | None          # E.164, or None when the stored number is not usable
    consented: bool            # the person's own consent to texts at ``phone``
    guardian_consented: bool   # a guardian's consent to texts at ``phone``
    needs_guardian: bool       # a minor (or age unknown) in a program whose rule asks for a guardian's consent
    stopped: bool              # the number replied STOP
    texting_on: bool           # the site can send texts


def obstacle(channel: Channel, reach: Reach) -> str | None:
    """Why a message by ``channel`` cannot reach the person, or None when it can. One rule, used by the
    sender (to mark a message "cannot be delivered") and by the coordinator's list of people out of reach."""
    if channel == Channel.EMAIL:
        return None if "@" in reach.email else NO_EMAIL
    if not reach.texting_on:
        return TEXTING_OFF
    if reach.phone is None:
        return NO_PHONE
    if reach.stopped:
        return STOPPED
    if not reach.consented:
        return NO_CONSENT
    if reach.needs_guardian and not reach.guardian_consented:
        return NO_GUARDIAN_CONSENT
    return None


def unreachable(reach: Reach) -> list[str | None]:
    """The obstacles on every channel the person chose, when none of them works (else empty)."""
    obstacles = [obstacle(channel, reach) for channel in reach.choice.channels]
    return [] if any(o is None for o in obstacles) else obstacles
