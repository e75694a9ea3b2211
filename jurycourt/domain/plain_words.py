"""The words a teen or a parent reads on screen for the program's domain words.

The code, the database and the coordinators' pages speak the court's language (respondent,
sanction, monitoring, disposition); a young person reading about themselves, and their parent,
read the plain words below instead. One table per kind of word, so every page that shows one of
these things to a family says it the same way, in English and in Spanish. Coordinators' pages keep
the domain labels (``CaseState.label`` and the like): they are the words of their work.
"""

from __future__ import annotations

from jurycourt.i18n import _l

#: Domain word → the words a teen or a parent reads. Headings and running text use these.
GLOSSARY = {
    "sanction": _l("what you agreed to do"),
    "sanctions": _l("What you agreed to do"),
    "obligation": _l("what you agreed to do"),
    "monitoring": _l("checking in"),
    "respondent": _l("taking part in teen court"),
    "disposition": _l("what the jury decided"),
    "referral": _l("how you came to us"),
    "hearing": _l("your teen court hearing"),
    "breach": _l("the agreement was not kept"),
    "guardian": _l("parent or guardian"),
}

#: A case's state as the young person and their family read it (domain.cases.CaseState values).
CASE_STATES = {
    "referred": _l("Getting started"),
    "intake": _l("Getting ready"),
    "scheduled": _l("Hearing booked"),
    "heard": _l("Hearing done"),
    "monitoring": _l("Doing what you agreed"),
    "completed": _l("Finished"),
    "failed": _l("Sent back to the referrer"),
    "declined": _l("Not taken on"),
    "withdrawn": _l("Stopped"),
}

#: A justice matter's state as the family reads it (domain.justice.MatterState values).
MATTER_STATES = {
    "referred": _l("Getting started"),
    "preparing": _l("Getting ready"),
    "meeting_scheduled": _l("Meeting booked"),
    "agreed": _l("Agreement made"),
    "monitoring": _l("Checking in"),
    "completed": _l("Finished"),
    "breached": _l("Agreement not kept"),
    "withdrawn": _l("Stopped"),
}

#: One thing to do's status, as the family reads it (domain.sanctions.SanctionStatus values).
OBLIGATION_STATUSES = {
    "assigned": _l("Not started"),
    "in_progress": _l("Under way"),
    "done": _l("Done"),
    "waived": _l("Not needed any more"),
    "failed": _l("Not done"),
}

#: A role, named for the person who holds it (domain.roles.Role values): a teen is never told
#: they are a "respondent".
ROLES_FOR_SELF = {
    "respondent": _l("Taking part in teen court"),
    "guardian": _l("Parent or guardian"),
    "juror": _l("Peer juror"),
    "grand_juror": _l("Grand juror"),
    "panelist": _l("Panel member"),
    "coordinator": _l("Coordinator"),
    "referrer": _l("Agency contact"),
    "confirmation_caller": _l("Confirmation caller"),
}


def plain(word: str) -> str:
    """The plain words for a domain word (the word itself when the glossary has none)."""
    found = GLOSSARY.get(word)
    return str(found) if found is not None else word


def case_state(state: str) -> str:
    """A case's state in the family's words."""
    return str(CASE_STATES[str(state)])


def matter_state(state: str) -> str:
    """A justice matter's state in the family's words."""
    return str(MATTER_STATES[str(state)])


def obligation_status(status: str) -> str:
    """A sanction's status in the family's words."""
    return str(OBLIGATION_STATUSES[str(status)])


def role_for_self(role: str) -> str:
    """A role as the person holding it reads it on their own page."""
    return str(ROLES_FOR_SELF[str(role)])
