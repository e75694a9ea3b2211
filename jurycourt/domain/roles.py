"""The roles a person can hold in a program, and what each is called on the page."""

from __future__ import annotations

from enum import StrEnum

from jurycourt.i18n import _l


class Role(StrEnum):
    COORDINATOR = "coordinator"
    JUROR = "juror"
    PANELIST = "panelist"
    GRAND_JUROR = "grand_juror"
    RESPONDENT = "respondent"
    GUARDIAN = "guardian"
    #: A contact at a referring agency: refers, and follows only the agency's own referrals.
    REFERRER = "referrer"
    #: Staff who make a citizens' panel's confirmation calls: they see only the selected members' contacts
    #: and call statuses.
    CONFIRMATION_CALLER = "confirmation_caller"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.JUROR: _l("Peer juror"),
    Role.PANELIST: _l("Panel member"),
    Role.GRAND_JUROR: _l("Grand juror"),
    Role.RESPONDENT: _l("Respondent"),
    Role.GUARDIAN: _l("Guardian"),
    Role.REFERRER: _l("Agency contact"),
    Role.CONFIRMATION_CALLER: _l("Confirmation caller"),
}


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    #: A coordinator role asked for, waiting for a second, independent coordinator to confirm it.
    PENDING = "pending"


#: Roles whose holders serve on juries, panels or inquiries and must be trained and pledged.
SERVING_ROLES = frozenset({Role.JUROR, Role.PANELIST, Role.GRAND_JUROR})
