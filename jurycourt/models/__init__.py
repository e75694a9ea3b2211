"""Persistence shapes only, one module per area. Tortoise discovers models from here."""

from jurycourt.models.accounts import Account, LoginThrottle, WebSession
from jurycourt.models.audit import AuditEvent
from jurycourt.models.links import AccessLink
from jurycourt.models.people import Membership, Person
from jurycourt.models.programs import Program

__all__ = [
    "AccessLink",
    "Account",
    "AuditEvent",
    "LoginThrottle",
    "Membership",
    "Person",
    "Program",
    "WebSession",
]
