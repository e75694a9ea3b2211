"""A citizens' panel that ended last year, whose published recommendations the bodies have answered
in several ways: one accepted, one in progress with milestones, one implemented, one rejected with
its reason, and one whose body is overdue (its reminder waits in the outbox)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions.recommendation_reminders import enqueue_overdue_reminders
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.inquiries import RecommendationStatus, Stance
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.publication import PublicationKind, PublicationState, store_topics
from jurycourt.formats.markdown import render_markdown
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

PUBLISHED_DAYS_AGO = 130  # past the 90 days a body has to answer
S = RecommendationStatus

#: (text, body named, votes for/against, response (stance, words, days after publication) or None,
#:  timeline: (status, days after publication, milestone, progress, reason))
RECOMMENDATIONS = [
    ("Open the youth centre on Saturday and Sunday afternoons, staffed by trained older teens.",
     "Parks and Recreation Department", (19, 3),
     (Stance.AGREES, "The department will open the centre at weekends from the spring.", 40),
     [(S.ACCEPTED, 40, "", None, ""),
      (S.IN_PROGRESS, 70, "Twelve older teens trained as weekend staff", 40, ""),
      (S.IN_PROGRESS, 110, "Saturday opening started", 70, "")]),
    ("Publish the bus timetable for the evening routes that pass the youth centre.",
     "City Transit Authority", (21, 1),
     (Stance.AGREES, "Done: the evening timetable is on every stop near the centre.", 30),
     [(S.ACCEPTED, 30, "", None, ""), (S.IMPLEMENTED, 60, "Timetables posted at the 14 stops", 100, "")]),
    ("Meet every young person referred for a first minor offence within two weeks.",
     "Police Department, Eastern District", (17, 5),
     (Stance.PARTLY, "We agree to meet within three weeks; two is not possible with current staffing.", 55),
     [(S.ACCEPTED, 55, "", None, "Accepted with three weeks instead of two.")]),
    ("Fund a late-night basketball league in the east park.",
     "City Council Budget Committee", (15, 7),
     (Stance.DISAGREES, "The committee will not fund new leagues this year.", 80),
     [(S.REJECTED, 80, "", None, "No new programs are funded in this year's budget.")]),
    ("Keep the library's study room open until 9 pm on school nights.",
     "Public Library Board", (20, 2), None, []),
]

BODY = """The panel was asked: *What would give young people somewhere to be after school?*

Twenty residents chosen by lot met over five evenings and adopted five recommendations.
"""


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), UTC)


async def seed_recommendation_answers(program: Program, accounts: dict[str, Account], today: date) -> Panel:
    """The ended panel, its publication and the answers to its recommendations; the overdue body's
    reminder is queued as the outbox round would."""
    coordinator = accounts["coordinator"].person_id
    published_on = today - timedelta(days=PUBLISHED_DAYS_AGO)
    panel = await Panel.create(program=program, kind=PanelKind.CITIZENS, title="After-school hours panel",
                               status=CitizensPanelStatus.ENDED)
    await CitizensPanel.create(panel=panel, question="What would give young people somewhere to be after school?",
                               size=20, reserves=4, ended_at=_at(published_on - timedelta(days=10)))
    body = BODY + "".join(f"\n## Recommendation {n}\n\n{text}\n" for n, (text, *_) in enumerate(RECOMMENDATIONS, 1))
    rendered = render_markdown(body)
    publication = await Publication.create(
        program=program, kind=PublicationKind.PANEL_RECOMMENDATIONS, slug="after-school-hours",
        title="Recommendations of the After-school hours panel",
        summary="Five recommendations adopted by a citizens' panel chosen by lot.", body_markdown=body,
        body_html=rendered.html, toc=[list(t) for t in rendered.toc], topics=store_topics(["citizens-panel", "youth"]),
        state=PublicationState.PUBLISHED, created_by_id=coordinator, submitted_by_id=coordinator,
        approved_by_id=accounts["coordinator2"].person_id, published_at=_at(published_on))
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
