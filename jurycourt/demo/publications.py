"""Demo publications: an inquiry report, a citizens' panel's recommendations, an outcomes report
(with an erratum) and a draft waiting for review.

The text names no demo person (the redaction guard would refuse it) and avoids words that are
demo family names, such as the adjective for people under 18: it says "teenagers" and "youth".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions import guard
from jurycourt.domain.publication import PublicationKind, PublicationState, store_topics
from jurycourt.formats.markdown import render_markdown
from jurycourt.models import Account, Erratum, Program, Publication

INQUIRY = """\
# Why we looked

Thirteen of us who had served as peer jurors spent six months asking one question: what does
the city do for teenagers who use drugs or alcohol, and for those at risk of starting? We heard
officials, read budgets and visited the few programs that exist.

# Findings

## Indictment: the office of the mayor

The mayor's office has no plan for prevention among teenagers. No one in the office could tell
us who is responsible for it.

## Indictment: the drug agency

The agency funds treatment for adults only. A teenager who asks for help is put on an adult
waiting list or sent away.

## Indictment: the city government

The city spends nothing on prevention or treatment for youth. The money it spends on youth
services goes to programs that do not ask teenagers what would help them.

# Recommendations

1. **Certified teen peer counsellors.** Train and certify teenagers as peer drug counsellors,
   paid in time credits, working alongside adult counsellors in schools and recreation centres.
2. **A drug-free club.** Open a drug-free club run by its members, whose dues are paid in time
   credits earned by service, with rewards for membership.
3. **Ask us.** Every youth program the city funds should have teenagers on the panel that
   chooses it.

We ask each body named here to answer each finding within 90 days.
"""

PANEL = """\
# The question

How should our neighbourhood respond when teenagers are caught in minor disorder, such as
graffiti, noise or fare evasion?

# How we worked

Twenty-four residents, chosen by lot from 310 volunteers with quotas by age band, gender and
neighbourhood, met over four sessions. We heard from a community justice panel chair, a
police sergeant, a school counsellor and two former respondents of the youth court.

# Recommendations and support

| Recommendation | Support |
|---|---|
| Send first, minor matters to the peer jury instead of the courts | 87% |
| Give every restorative agreement a named adult mentor | 79% |
| Publish the share of agreements completed each year | 92% |
| Keep the recreation centre open until 10 pm on Fridays | 71% |

Recommendations supported by fewer than two thirds of members are listed in the appendix and
were not adopted.
"""

OUTCOMES = """\
# Cases heard

Over the year the peer jury heard 212 cases referred by the police, the schools and court
social services. 184 respondents completed every sanction (87%); 21 were returned to the
referring agency; 7 are still in progress.

# Service given back

Former respondents gave 1,486 hours of jury service. Every hour earned one time credit, and
credits were redeemed for 38 refurbished computers, 54 months of club dues and 19 training
places.

# Re-arrest

Of respondents who finished a year ago, 11% were arrested again within the year. This is not
a matched comparison with the formal system.
"""

DRAFT = """\
# Purpose

A summary of the community justice panel's agreements this spring: what was agreed, and how
many agreements were kept for their full term.

# Agreements

Thirty agreements were signed, each lasting between three and twelve months.
"""


THANKS = """Our thanks to every juror, clerk and bailiff of the season, and to Tanya Reyes, who kept the
sign-in table on hearing nights.
"""


def _at(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


async def seed_publications(program: Program, accounts: dict[str, Account], today: date) -> None:
    """Three published items of different kinds (one with an erratum), one withheld by the redaction
    guard, and one draft in review."""
    first, second = accounts["coordinator"].person_id, accounts["coordinator2"].person_id
    published = [
        ("speaking-truth-to-power", PublicationKind.INQUIRY_REPORT, "Speaking truth to power",
         "A youth grand jury's six-month inquiry into substance abuse among teenagers: three indictments and "
         "three recommendations.", INQUIRY, ["youth", "substance-use", "prevention"], 120),
        ("responding-to-minor-disorder", PublicationKind.PANEL_RECOMMENDATIONS,
         "Responding to minor disorder: a citizens' panel's recommendations",
         "Twenty-four residents chosen by lot recommend sending first, minor matters to the peer jury.",
         PANEL, ["restorative-justice", "youth"], 100),
        ("peer-jury-outcomes-last-year", PublicationKind.OUTCOMES_REPORT, "Peer jury outcomes: the last year",
         "Cases heard, sanctions completed and hours of service given back by former respondents.",
         OUTCOMES, ["outcomes", "time-credits"], 20),
    ]
    for slug, kind, title, summary, body, topics, days_ago in published:
        rendered = render_markdown(body)
        publication = await Publication.create(
            program=program, kind=kind, slug=slug, title=title, summary=summary, body_markdown=body,
            body_html=rendered.html, toc=[list(t) for t in rendered.toc], topics=store_topics(topics),
            state=PublicationState.PUBLISHED, created_by_id=first, submitted_by_id=first,
            approved_by_id=second, published_at=_at(today - timedelta(days=days_ago)))
        if kind == PublicationKind.OUTCOMES_REPORT:
            await Erratum.create(publication=publication, published_at=_at(today - timedelta(days=5)),
                                 created_by_id=second,
                                 text="The hours given back were 1,468, not 1,486: two sessions were counted twice.")
    # A thank-you that went out before one of the volunteers it names was referred: the guard now
    # refuses it, so it is withheld from the public site, its withdrawal proposed, the coordinators alerted.
    rendered = render_markdown(THANKS)
    thanks = await Publication.create(
        program=program, kind=PublicationKind.OUTCOMES_REPORT, slug="thanks-to-our-volunteers",
        title="Thanks to our volunteers", summary="The people who made the season's hearings happen.",
        body_markdown=THANKS, body_html=rendered.html, toc=[], topics=store_topics(["volunteers"]),
        state=PublicationState.PUBLISHED, created_by_id=first, submitted_by_id=first, approved_by_id=second,
        published_at=_at(today - timedelta(days=200)))
    await guard.withhold([thanks], _at(today - timedelta(days=2)))
    await Publication.create(
        program=program, kind=PublicationKind.JUSTICE_SUMMARY, slug="spring-agreements",
        title="Community justice panel: spring agreements",
        summary="What the panel agreed this spring, and how many agreements were kept.", body_markdown=DRAFT,
        topics=store_topics(["restorative-justice"]), state=PublicationState.IN_REVIEW, created_by_id=second,
        submitted_by_id=second)
