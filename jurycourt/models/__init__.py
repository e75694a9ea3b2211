"""Persistence shapes only, one module per area. Tortoise discovers models from here."""

from jurycourt.models.accounts import Account, Provenance, RecoveryCode, Throttle, WebSession
from jurycourt.models.agencies import Agency, AgencyContact
from jurycourt.models.assemblies import MemberAttendance, MemberClaim, TableFacilitator, TableSeat
from jurycourt.models.assembly_letters import LetterRegistration, Mailing, MailingAddress
from jurycourt.models.audit import AuditEvent, PendingRewrite
from jurycourt.models.cases import (
    Case,
    CaseEvent,
    CaseGuardian,
    CaseIntake,
    CaseView,
    DocketEntry,
    RestitutionPayment,
    Sanction,
)
from jurycourt.models.citizens_assembly import ConfirmationCall, MemberReplacement, PublishedCommitment
from jurycourt.models.citizens_panels import (
    CitizensPanel,
    CitizensPanelSession,
    Draw,
    PanelQuota,
    PanelRecommendation,
    SessionEvidence,
    Volunteer,
)
from jurycourt.models.documents import Document
from jurycourt.models.figures import PublishedFigures
from jurycourt.models.follow import Follower, FollowerMail
from jurycourt.models.harmed import PersonHarmed
from jurycourt.models.hearings import (
    Affiliation,
    Availability,
    CalendarFeed,
    Conflict,
    Hearing,
    HearingDisplay,
    Room,
    Seat,
    SeatProposal,
)
from jurycourt.models.inquiries import (
    EvidenceItem,
    Finding,
    FindingResponse,
    FindingVote,
    Inquiry,
    InquiryMember,
    StatusChange,
    Witness,
    WitnessQuestion,
)
from jurycourt.models.jury_room import Deliberation, PastVote, Proposal, Question, Support, Vote
from jurycourt.models.justice import (
    AgreementAction,
    AgreementSignOff,
    CompensationPayment,
    JusticeMatter,
    MatterEvent,
    MatterParticipant,
    MatterView,
    PanelVolunteer,
    PreparationVisit,
)
from jurycourt.models.ledger import LedgerAccount, LedgerBalance, LedgerEntry, Posting
from jurycourt.models.links import AccessLink
from jurycourt.models.outbox import InboundText, Lease, OutboxMessage, TextConsent, TextStop
from jurycourt.models.outcomes import CaseDemographics, FollowUp, SurveyCode, SurveyResponse
from jurycourt.models.panels import Panel
from jurycourt.models.people import Membership, Person
from jurycourt.models.programs import Program
from jurycourt.models.publications import Erratum, Publication, PublicationTranslation, SealedIdentifier
from jurycourt.models.question_bank import BankQuestion, BankWorked
from jurycourt.models.rewards import Reward, RewardRequest, ServiceClaim
from jurycourt.models.service_sites import ServiceExtension, ServiceHours, ServicePlacement, ServiceSite
from jurycourt.models.threads import Statement, Thread

__all__ = [
    "MemberAttendance",
    "MemberClaim",
    "TableFacilitator",
    "TableSeat",
    "ServiceExtension",
    "ServiceHours",
    "ServicePlacement",
    "ServiceSite",
    "Agency",
    "AgencyContact",
    "ConfirmationCall", "MemberReplacement", "PublishedCommitment",
    "LetterRegistration",
    "Mailing",
    "MailingAddress",
    "Follower",
    "FollowerMail",
    "FollowUp",
    "SurveyCode",
    "SurveyResponse",
    "CitizensPanel",
    "CitizensPanelSession",
    "Draw",
    "Panel",
    "PanelQuota",
    "PanelRecommendation",
    "Volunteer",
    "AccessLink",
    "Provenance",
    "Account",
    "Affiliation",
    "AuditEvent",
    "PendingRewrite",
    "BankQuestion",
    "BankWorked",
    "Availability",
    "Case",
    "CaseDemographics",
    "CaseEvent",
    "CaseGuardian",
    "CaseIntake",
    "CaseView",
    "CalendarFeed",
    "HearingDisplay",
    "Conflict",
    "Deliberation",
    "Document",
    "EvidenceItem",
    "Finding",
    "FindingResponse",
    "FindingVote",
    "Inquiry",
    "InquiryMember",
    "StatusChange",
    "Witness",
    "WitnessQuestion",
    "DocketEntry",
    "Hearing",
    "InboundText",
    "Lease",
    "LedgerAccount",
    "LedgerBalance",
    "LedgerEntry",
    "OutboxMessage",
    "TextConsent",
    "TextStop",
    "PastVote",
    "Posting",
    "Proposal",
    "Question",
    "RestitutionPayment",
    "Reward",
    "RewardRequest",
    "ServiceClaim",
    "Room",
    "Sanction",
    "Seat",
    "SessionEvidence",
    "SeatProposal",
    "Statement",
    "Support",
    "Thread",
    "Throttle",
    "Vote",
    "Membership",
    "Person",
    "PersonHarmed",
    "Program",
    "RecoveryCode",
    "Publication",
    "PublicationTranslation",
    "PublishedFigures",
    "SealedIdentifier",
    "Erratum",
    "WebSession",
    "Panel",
    "AgreementAction",
    "AgreementSignOff",
    "CompensationPayment",
    "JusticeMatter",
    "MatterEvent",
    "MatterParticipant",
    "MatterView",
    "PanelVolunteer",
    "PreparationVisit",
]
