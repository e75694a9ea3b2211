"""Every published recommendation of a program, inquiry findings and citizens' panel recommendations
together, each with its named body, response deadline, responses, status timeline (milestones and
share done) and whether it is overdue: the public tracker, its CSV, the coordinators' follow-up page
and the overdue reminders all read it here.

Published means: an adopted recommendation of an inquiry whose report is published, or an adopted
recommendation of a citizens' panel drafted into a publication that is published. The public tracker
also runs every item past the publication guard, as the report pages do: an item whose publication
is withheld, or whose words would now identify someone protected, is left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from jurycourt.domain import citizens_panels as panel_rules
from jurycourt.domain import inquiries as rules
from jurycourt.domain import redaction
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.reading import plain_reader_text
from jurycourt.domain.recommendation_follow_up import Source
from jurycourt.i18n import gettext
from jurycourt.models import Finding, FindingResponse, PanelRecommendation, Program, StatusChange
from jurycourt.queries.publication_guard import identifiers, may_show

Status = rules.RecommendationStatus


@dataclass(frozen=True)
class Tracked:
    """One published recommendation and its follow-up."""

    source: Source
    id: int
    title: str
    text: str
    made_by: str  # the inquiry's or the panel's title
    body_named: str
    deadline: date
    slug: str
    publication_id: int
    responses: list[FindingResponse] = field(default_factory=list)
    timeline: list[StatusChange] = field(default_factory=list)
    overdue: bool = False
    language: str = "en"  # its publication's: the words the body and the panel wrote are in it

    @property
    def status(self) -> Status:
        return self.timeline[-1].status if self.timeline else Status.NO_RESPONSE

    @property
    def progress(self) -> int | None:
        """The latest share done the body gave (100 once implemented), or None."""
        return next((c.progress for c in reversed(self.timeline) if c.progress is not None), None)

    @property
    def key(self) -> str:
        return f"{self.source.value}-{self.id}"

    def texts(self) -> dict[str, str]:
        """Every public word of the item, for the guard."""
        shown = {"title": self.title, "text": self.text, "body_named": self.body_named}
        shown |= {f"response-{r.id}": r.text for r in self.responses}
        shown |= {f"change-{c.id}": f"{c.reason} {c.milestone}" for c in self.timeline}
        return shown


async def _inquiry_items(program_ids: list[int]) -> list[Tracked]:
    findings = await Finding.filter(
        inquiry__program_id__in=program_ids, inquiry__state__in=list(rules.AFTER_PUBLICATION),
        inquiry__publication__state=PublicationState.PUBLISHED, state=rules.FindingState.ADOPTED,
        kind=rules.FindingKind.RECOMMENDATION).select_related("inquiry", "inquiry__publication").order_by(
        "inquiry_id", "position", "id")
    return [Tracked(Source.INQUIRY, f.id, f.title, f.text, f.inquiry.title, f.body_named,
                    rules.response_deadline(f.inquiry.publication.published_at.date(), f.inquiry.response_days),
                    f.inquiry.publication.slug, f.inquiry.publication_id, language=f.inquiry.publication.language)
            for f in findings]


async def _panel_items(program_ids: list[int]) -> list[Tracked]:
    recommendations = await PanelRecommendation.filter(
        panel__program_id__in=program_ids, publication__state=PublicationState.PUBLISHED,
        voted_at__isnull=False).select_related("panel", "publication").order_by("publication_id", "id")
    items, numbers = [], Counter[int]()
    for r in recommendations:
        if not panel_rules.adopted(panel_rules.support_share(r.votes_for, r.votes_against)):
            continue
        numbers[r.publication_id] += 1  # numbered as in the publication's text
        title = gettext("Recommendation %(num)s") % {"num": numbers[r.publication_id]}
        deadline = rules.response_deadline(r.publication.published_at.date())
        items.append(Tracked(Source.PANEL, r.id, title, r.text, r.panel.title, r.body_named, deadline,
                             r.publication.slug, r.publication_id, language=r.publication.language))
    return items


async def published(program_ids: list[int], today: date) -> list[Tracked]:
    """The programs' published recommendations (not yet guarded: for coordinators and reminders),
    inquiries' first, each with its responses (oldest first) and timeline."""
    items = await _inquiry_items(program_ids) + await _panel_items(program_ids)
    responses: dict[str, list[FindingResponse]] = defaultdict(list)
    changes: dict[str, list[StatusChange]] = defaultdict(list)
    by_source = {source: [i.id for i in items if i.source == source] for source in Source}
    for source, column in ((Source.INQUIRY, "finding_id"), (Source.PANEL, "recommendation_id")):
        if not by_source[source]:
            continue
        for r in await FindingResponse.filter(**{f"{column}__in": by_source[source]}).order_by("responded_on", "id"):
            responses[f"{source.value}-{getattr(r, column)}"].append(r)
        for c in await StatusChange.filter(**{f"{column}__in": by_source[source]}).order_by("changed_on", "id"):
            changes[f"{source.value}-{getattr(c, column)}"].append(c)
    return [Tracked(i.source, i.id, i.title, i.text, i.made_by, i.body_named, i.deadline, i.slug, i.publication_id,
                    responses[i.key], changes[i.key],
                    rules.is_overdue(i.deadline, responses[i.key][0].responded_on if responses[i.key] else None,
                                     today), i.language) for i in items]


@dataclass(frozen=True)
class Tracker:
    program: Program
    items: list[Tracked]  # those the filters chose
    shown: int  # every public item of the program, before the filters
    bodies: list[str]
    counts: list[tuple[Status, int]]  # per status, of every public item
    body: str
    status: Status | None

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)


async def public_items(program: Program, today: date) -> list[Tracked]:
    """The program's published recommendations the public may read now: their publication passes
    the guard (``may_show``) and so does every word of the item."""
    items = await published([program.id], today)
    passing = {p.id for p in await may_show([_Id(i.publication_id) for i in items])}
    known = await identifiers()
    return [i for i in items if i.publication_id in passing and not redaction.check(
        {k: plain_reader_text(v) for k, v in i.texts().items()}, known)]


@dataclass(frozen=True)
class _Id:
    id: int


async def public_tracker(program: Program, today: date, body: str = "", status: Status | None = None) -> Tracker:
    """The public tracker of ``program``: its public items chosen by named body (exactly, ignoring
    case) and status, with every body to choose from and the count of each status."""
    items = await public_items(program, today)
    bodies = sorted({i.body_named for i in items if i.body_named}, key=str.casefold)
    tally = Counter(i.status for i in items)
    chosen = [i for i in items if (not body or i.body_named.casefold() == body.casefold())
              and (status is None or i.status == status)]
    return Tracker(program, chosen, len(items), bodies, [(s, tally[s]) for s in Status], body, status)
