"""Persistence shapes only, one module per area. Tortoise discovers models from here."""

from jurycourt.models.accounts import Account, LoginThrottle, WebSession
from jurycourt.models.audit import AuditEvent
from jurycourt.models.hearings import (
    Affiliation,
    Availability,
    CalendarFeed,
    Conflict,
    Hearing,
    Room,
    Seat,
    SeatProposal,
)
from jurycourt.models.links import AccessLink
from jurycourt.models.outbox import Lease, OutboxMessage
from jurycourt.models.people import Membership, Person
from jurycourt.models.programs import Program

__all__ = [
    "AccessLink",
    "Account",
    "Affiliation",
    "AuditEvent",
    "Availability",
    "CalendarFeed",
    "Conflict",
    "Hearing",
    "Lease",
    "OutboxMessage",
    "Room",
    "Seat",
    "SeatProposal",
    "LoginThrottle",
    "Membership",
    "Person",
    "Program",
    "WebSession",
]
