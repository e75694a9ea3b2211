"""Separation of duties in the database: account provenance, and the check that a step has its
second, independent and senior coordinator (or a written reason where the program has none).

The rules are in ``jurycourt.domain.separation``; this module loads what they need and records
the provenance and the steps taken alone (``duties.acted_alone``, flagged on /audit and listed by
``jurycourt check --deploy``).
"""

from __future__ import annotations

from jurycourt import clock, i18n
from jurycourt.actions.audit import record
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import separation as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.separation import ACTED_ALONE, ProvenanceKind
from jurycourt.models import Provenance
from jurycourt.queries.separation import coordinators_among, is_coordinator, standing
from jurycourt.settings import Settings


def seniority_days(settings: Settings | None) -> int:
    """``coordinator_seniority_days`` of these settings (the declared default without any)."""
    return (settings or Settings()).coordinator_seniority_days


async def note_provenance(person_id: int, kind: ProvenanceKind, by: int | None) -> None:
    """Record that ``by`` had a hand in ``person_id``'s account (inside the caller's transaction)."""
    if by is not None and by != person_id:
        await Provenance.create(person_id=person_id, kind=kind, by_id=by, at=clock.now())


async def require_second(actor: Viewer, program_id: int, first: int, step: str, *, alone_reason: str = "",
                         settings: Settings | None = None, subject: tuple[str, int] | None = None) -> bool:
    """Refuse unless ``actor`` may be the second coordinator for ``first``'s step: independent of
    them and senior enough. Where no coordinator of the program qualifies, the actor may act alone
    with a written ``alone_reason`` (recorded and flagged). True when the step is taken alone."""
    days = seniority_days(settings)
    found = await standing(actor.person_id, program_id, first, days)
    if found.problem is None:
        return False
    problem = i18n._(found.problem).format(days=days)
    if found.others:
        raise Refused(problem + " " + i18n._("Ask another coordinator of the program."))
    try:
        reason = rules.lone_reason(alone_reason)
    except ValueError:
        raise Refused(problem + " " + i18n._(
            "No other coordinator of this program can be the second one: to act alone, write why."),
            "alone_reason") from None
    await record(ACTED_ALONE, actor_id=actor.person_id, program_id=program_id, subject=subject,
                 step=step, reason=reason)
    return True


async def require_for_beneficiary(actor: Viewer, program_id: int, beneficiary: int | None, step: str, *,
                                  alone_reason: str = "", settings: Settings | None = None,
                                  subject: tuple[str, int] | None = None) -> None:
    """A step that raises ``beneficiary``'s credit (``step`` is its entry in
    ``domain.separation.BENEFICIARIES``): when they are the actor or a coordinator, the actor must
    be a second coordinator independent of them."""
    if step not in rules.BENEFICIARIES:  # pragma: no cover - a programming error the domain test catches
        raise KeyError(step)
    if beneficiary is None:
        return
    if beneficiary == actor.person_id or await is_coordinator(beneficiary):
        await require_second(actor, program_id, beneficiary, step, alone_reason=alone_reason, settings=settings,
                             subject=subject)


async def require_for_beneficiaries(actor: Viewer, program_id: int, beneficiaries: list[int], step: str, *,
                                    alone_reason: str = "", settings: Settings | None = None,
                                    subject: tuple[str, int] | None = None) -> None:
    """``require_for_beneficiary`` for many people at once (a held hearing's attendees): one query
    finds the coordinators among them, and only their steps (and the actor's own) need a second."""
    if step not in rules.BENEFICIARIES:  # pragma: no cover - a programming error the domain test catches
        raise KeyError(step)
    coordinators = await coordinators_among(beneficiaries)
    for beneficiary in dict.fromkeys(beneficiaries):
        if beneficiary == actor.person_id or beneficiary in coordinators:
            await require_second(actor, program_id, beneficiary, step, alone_reason=alone_reason, settings=settings,
                                 subject=subject)
