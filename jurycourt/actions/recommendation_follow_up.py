"""The one follow-up of published recommendations, whoever made them: the named body's response
and each dated status change or milestone, for an inquiry's finding or a citizens' panel's
recommendation alike.

- ``record_answer(actor, target, ...)``/``record_step(actor, target, ...)``: the shared writers
  (the inquiry's findings and the panel's recommendations each say which item and check access).
- ``panel_target(actor, recommendation_id)``: a citizens' panel recommendation, published, for a
  coordinator of its program; ``name_body``, ``panel_response`` and ``panel_step`` write its follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import inquiries as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.recommendation_follow_up import Source, check_step
from jurycourt.i18n import _
from jurycourt.models import FindingResponse, PanelRecommendation, Publication, StatusChange


@dataclass(frozen=True)
class Target:
    """One published recommendation (or an inquiry's indictment, which has responses only)."""

    source: Source
    item_id: int
    program_id: int
    audit_subject: tuple[str, int]
    has_status: bool = True

    @property
    def link(self) -> dict[str, int]:
        return {"finding_id": self.item_id} if self.source == Source.INQUIRY else {"recommendation_id": self.item_id}

    @property
    def audit_item(self) -> dict[str, int]:
        return {"finding" if self.source == Source.INQUIRY else "recommendation": self.item_id}


def _text(value: str, field: str, limit: int, message: str = "") -> str:
    value = value.strip()
    if message and not value:
        raise Refused(message, field)
    if len(value) > limit:
        raise Refused(_("Use at most %(limit)s characters.") % {"limit": limit}, field)
    return value


async def refuse_identifying(program_id: int, field: str, text: str) -> None:
    """Refuse text bound for the public follow-up that could identify a respondent, a guardian or a minor."""
    if text and await guard.text_findings(program_id, field, text):
        raise Refused(_("This could identify a respondent, a guardian or a minor, and it will be public."), field)


async def record_answer(actor: Viewer, target: Target, *, stance: str, text: str, responded_on: date | None,
                        today: date | None = None) -> FindingResponse:
    """Record the named body's response, in its own words, dated (never in the future)."""
    try:
        parsed = rules.Stance(stance)
    except ValueError:
        raise Refused(_("Choose whether the body agrees, agrees in part or disagrees."), "stance") from None
    text = _text(text, "response", 20_000, _("Enter the body's response in its own words."))
    if responded_on is None:
        raise Refused(_("Enter the date of the response."), "responded_on")
    if responded_on > (today or clock.today()):
        raise Refused(_("This date is in the future."), "responded_on")
    await refuse_identifying(target.program_id, "response", text)
    async with in_transaction():
        response = await FindingResponse.create(**target.link, stance=parsed, text=text, responded_on=responded_on,
                                                recorded_by_id=actor.person_id)
        await record(f"{target.source.value}.response_recorded", actor_id=actor.person_id,
                     program_id=target.program_id, subject=target.audit_subject, **target.audit_item,
                     stance=str(parsed))
    return response


async def current_status(target: Target) -> rules.RecommendationStatus:
    last = await StatusChange.filter(**target.link).order_by("-changed_on", "-id").first()
    return last.status if last else rules.RecommendationStatus.NO_RESPONSE


async def record_step(actor: Viewer, target: Target, *, status: str, reason: str, changed_on: date | None,
                      milestone: str = "", progress: str = "", today: date | None = None) -> StatusChange:
    """A new dated entry of the public timeline: a status the current one may move to (a rejection
    says why), or, while in progress, a milestone reached and the share done. Never edited."""
    if not target.has_status:
        raise Refused(_("Only recommendations have a status."), "status")
    parsed, share = check_step(await current_status(target), status, reason, milestone, progress)
    reason, milestone = _text(reason, "reason", 2000), " ".join(milestone.split())
    changed_on = changed_on or (today or clock.today())
    if changed_on > (today or clock.today()):
        raise Refused(_("This date is in the future."), "changed_on")
    await refuse_identifying(target.program_id, "reason", reason)
    await refuse_identifying(target.program_id, "milestone", milestone)
    async with in_transaction():
        change = await StatusChange.create(**target.link, status=parsed, reason=reason, changed_on=changed_on,
                                           milestone=milestone, progress=share, recorded_by_id=actor.person_id)
        await record(f"{target.source.value}.status_changed", actor_id=actor.person_id,
                     program_id=target.program_id, subject=target.audit_subject, **target.audit_item,
                     status=str(parsed))
    return change


# --- a citizens' panel's recommendations ---------------------------------------------------------

async def panel_target(actor: Viewer, recommendation_id: int) -> Target:
    """A citizens' panel recommendation in a published publication, for a coordinator of its program
    (404 for anyone else)."""
    recommendation = await PanelRecommendation.get_or_none(id=recommendation_id).select_related("panel")
    if recommendation is None:
        raise NotFound()
    require(coordinates(actor, recommendation.panel.program_id))
    if recommendation.publication_id is None or not await Publication.exists(
            id=recommendation.publication_id, state=PublicationState.PUBLISHED):
        raise Refused(_("Responses and statuses are recorded once the recommendation is published."))
    return Target(Source.PANEL, recommendation.id, recommendation.panel.program_id, ("panel", recommendation.panel_id))


async def name_body(actor: Viewer, recommendation_id: int, body_named: str) -> None:
    """Name the body a published panel recommendation asks to act (shown on the public tracker)."""
    target = await panel_target(actor, recommendation_id)
    body_named = _text(" ".join(body_named.split()), "body_named", 200, _("Say to whom it is addressed."))
    await refuse_identifying(target.program_id, "body_named", body_named)
    async with in_transaction():
        await PanelRecommendation.filter(id=target.item_id).update(body_named=body_named)
        await record("panel.body_named", actor_id=actor.person_id, program_id=target.program_id,
                     subject=target.audit_subject, **target.audit_item)
