"""A drawn citizens' panel's recommendations: members draft them, the coordinator records each vote, and the
adopted ones become a draft publication."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import publications
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import managed_panel
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import PublicationKind
from jurycourt.i18n import gettext
from jurycourt.models import CitizensPanel, Panel, PanelRecommendation, Publication, Volunteer
from jurycourt.queries.citizens_panels import sitting_role


async def _sitting_panel(actor: Viewer, panel_id: int) -> Panel:
    """The panel, for one of its members or a coordinator of its program (404 otherwise), once drawn."""
    panel, _ = await sitting_role(actor, panel_id)
    if panel.status != CitizensPanelStatus.DRAWN:
        raise Refused(gettext("Recommendations are drafted once the panel is drawn and sitting."))
    return panel


async def draft_recommendation(actor: Viewer, panel_id: int, text: str) -> PanelRecommendation:
    """A member (or the coordinator) drafts a recommendation for the panel to vote on."""
    panel = await _sitting_panel(actor, panel_id)
    text = text.strip()
    if not text or len(text) > 2000:
        raise Refused(gettext("Write the recommendation (at most 2,000 characters)."), "text")
    async with in_transaction():
        recommendation = await PanelRecommendation.create(panel_id=panel.id, text=text, drafted_by_id=actor.person_id)
        await record("citizens_panel.recommendation_drafted", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("recommendation", recommendation.id))
    return recommendation


async def record_vote(actor: Viewer, panel_id: int, recommendation_id: int, *, votes_for: str, votes_against: str,
                      abstentions: str, minority_statement: str) -> PanelRecommendation:
    """The coordinator records the vote on a recommendation and any minority statement. The share of support
    is computed exactly from the counts whenever it is shown."""
    panel, citizens = await managed_panel(actor, panel_id)
    if panel.status != CitizensPanelStatus.DRAWN:
        raise Refused(gettext("Votes are recorded while the panel is sitting."))
    try:
        counts = int(votes_for or 0), int(votes_against or 0), int(abstentions or 0)
    except ValueError as exc:
        raise Refused(gettext("Give the votes as whole numbers."), "votes_for") from exc
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).count()
    share = rules.check_votes(*counts, members or citizens.size)
    if len(minority_statement) > 4000:
        raise Refused(gettext("Use at most 4,000 characters."), "minority_statement")
    async with in_transaction():
        locked = PanelRecommendation.filter(id=recommendation_id, panel_id=panel.id).select_for_update()
        recommendation = await locked.first()
        if recommendation is None:
            raise NotFound()
        if recommendation.publication_id is not None:  # its share of support is in that publication's text
            raise Refused(gettext("This recommendation is in a publication already: its vote can no longer change."))
        recommendation.votes_for, recommendation.votes_against, recommendation.abstentions = counts
        recommendation.minority_statement, recommendation.voted_at = minority_statement.strip(), clock.now()
        await recommendation.save()
        await record("citizens_panel.vote_recorded", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("recommendation", recommendation.id), share=rules.percent_text(share))
    return recommendation


def share_of(recommendation: PanelRecommendation):
    """The exact share of support of a voted recommendation (None before the vote)."""
    if recommendation.voted_at is None:
        return None
    return rules.support_share(recommendation.votes_for, recommendation.votes_against)


def _body(citizens: CitizensPanel, adopted: list[PanelRecommendation]) -> str:
    parts = [gettext("The panel was asked: *%(question)s*") % {"question": citizens.question}, "",
             (gettext("%(size)s residents chosen by lot deliberated and adopted %(num_adopteds)s "
                      "recommendations. Each shows its share of support among the votes cast.")
              % {"size": citizens.size, "num_adopteds": len(adopted)})]
    for number, r in enumerate(adopted, start=1):
        share = share_of(r)
        parts += ["", f"## Recommendation {number} ({rules.percent_text(share)} support)", "", r.text]
        if r.minority_statement:
            parts += ["", "**Minority statement.** " + r.minority_statement]
    return "\n".join(parts)


async def draft_publication(actor: Viewer, panel_id: int) -> Publication:
    """Turn the adopted recommendations (more than half of the votes cast) into a draft publication.

    Each one goes into one publication only, and is linked to it: the impact figures count it once that
    publication is published. Recommendations adopted later go into a later publication.
    """
    panel, citizens = await managed_panel(actor, panel_id)
    async with in_transaction():
        voted = await PanelRecommendation.filter(panel_id=panel.id, voted_at__isnull=False).order_by(
            "id").select_for_update()
        adopted = [r for r in voted if rules.adopted(share_of(r))]
        if not adopted:
            raise Refused(gettext("No recommendation has been adopted yet."))
        adopted = [r for r in adopted if r.publication_id is None]
        if not adopted:
            raise Refused(gettext("Every adopted recommendation is in a publication already: edit it in Publications."))
        publication = await publications.create_draft(
            actor, panel.program_id, title=(gettext("Recommendations of the %(panel)s") % {"panel": panel.title})[:160],
            summary=(gettext("%(num_adopteds)s recommendations adopted by a citizens' panel chosen by lot.")
                     % {"num_adopteds": len(adopted)}),
            kind=PublicationKind.PANEL_RECOMMENDATIONS.value, topics="citizens panel", body=_body(citizens, adopted))
        await PanelRecommendation.filter(id__in=[r.id for r in adopted]).update(publication_id=publication.id)
        await record("citizens_panel.recommendations_drafted", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), publication=publication.id, recommendations=len(adopted))
    return publication
