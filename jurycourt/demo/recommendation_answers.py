"""The citizens' panel behind the demo's published recommendations, ended, whose bodies have answered
in several ways: accepted then in progress with milestones, rejected with its reason, and one body
overdue (its reminder waits in the outbox)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions.recommendation_reminders import enqueue_overdue_reminders
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.inquiries import RecommendationStatus, Stance
from jurycourt.domain.panels import PanelKind
from jurycourt.models import (
    Account,
    CitizensPanel,
    FindingResponse,
    Panel,
    PanelRecommendation,
    Program,
    Publication,
    StatusChange,
)

S = RecommendationStatus

#: The recommendations of the demo's published panel publication ("Responding to minor disorder", published
#: 100 days ago, past the 90 days a body has to answer), in its order: (text, body named, votes for/against,
#: response (stance, words, days after publication) or None, timeline: (status, days after publication,
#: milestone, share done, reason)).
RECOMMENDATIONS = [
    ("Send first, minor matters to the peer jury instead of the courts.", "Police Department", (20, 3),
     (Stance.AGREES, "The department will refer first, minor matters to the peer jury from next month.", 20),
     [(S.ACCEPTED, 20, "", None, ""),
      (S.IN_PROGRESS, 45, "Referral protocol signed with the peer jury", 50, ""),
      (S.IN_PROGRESS, 85, "The first thirty referrals heard", 75, "")]),
    ("Give every restorative agreement a named adult mentor.", "Youth Services Department", (19, 5),
     (Stance.DISAGREES, "There are not enough trained adult volunteers to name one for every agreement.", 60),
     [(S.REJECTED, 60, "", None, "Not enough trained adult volunteers this year.")]),
    ("Publish the share of agreements completed each year.", "Community Justice Panel", (22, 2),
     (Stance.AGREES, "The panel will publish the figure each January.", 30),
     [(S.ACCEPTED, 30, "", None, ""), (S.IN_PROGRESS, 70, "Last year's figures compiled", 40, "")]),
    ("Keep the recreation centre open until 10 pm on Fridays.", "Parks and Recreation Department", (17, 7),
     None, []),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), UTC)


async def seed_recommendation_answers(program: Program, accounts: dict[str, Account], today: date) -> Panel:
    """The ended panel behind the published recommendations and the answers to them; the overdue
    body's reminder is queued as the outbox round would."""
    coordinator = accounts["coordinator"].person_id
    publication = await Publication.get(slug="responding-to-minor-disorder")
    published_on = publication.published_at.date()
    panel = await Panel.create(program=program, kind=PanelKind.CITIZENS, title="Minor disorder panel",
                               status=CitizensPanelStatus.ENDED)
    await CitizensPanel.create(panel=panel, question="How should our neighbourhood respond when teenagers are "
                               "caught in minor disorder, such as graffiti, noise or fare evasion?",
                               size=24, reserves=4, ended_at=_at(published_on - timedelta(days=10)))
    for text, body_named, (votes_for, against), response, timeline in RECOMMENDATIONS:
        recommendation = await PanelRecommendation.create(
            panel=panel, text=text, body_named=body_named, votes_for=votes_for, votes_against=against, abstentions=0,
            voted_at=_at(published_on - timedelta(days=12)), publication=publication)
        if response:
            stance, words, days = response
            await FindingResponse.create(recommendation=recommendation, stance=stance, text=words,
                                         responded_on=published_on + timedelta(days=days), recorded_by_id=coordinator)
        for status, days, milestone, progress, reason in timeline:
            await StatusChange.create(recommendation=recommendation, status=status, milestone=milestone,
                                      progress=progress, reason=reason, changed_on=published_on + timedelta(days=days),
                                      recorded_by_id=coordinator)
    await enqueue_overdue_reminders(datetime.combine(today, time(12), UTC))
    return panel
