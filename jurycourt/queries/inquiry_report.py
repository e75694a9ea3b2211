"""After publication: each adopted finding of an inquiry report with its responses, response
deadline and (for recommendations) its dated status timeline. Public once the report is
published: this is the small hook the public report page calls."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from jurycourt.db import as_utc, fetch_rows
from jurycourt.domain import inquiries as rules
from jurycourt.domain.publication import PublicationState
from jurycourt.models import Finding, FindingResponse, Inquiry, Publication, StatusChange


@dataclass(frozen=True)
class FollowUp:
    """One adopted finding after publication."""

    finding: Finding
    deadline: date
    responses: list[FindingResponse]
    timeline: list[StatusChange]
    overdue: bool

    @property
    def status(self) -> rules.RecommendationStatus:
        return self.timeline[-1].status if self.timeline else rules.RecommendationStatus.NO_RESPONSE


@dataclass(frozen=True)
class InquiryReport:
    inquiry: Inquiry
    items: list[FollowUp]
    today: date

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def changed_at(self) -> datetime | None:
        """When the public follow-up last changed: the latest response or status recorded, or the
        moment responses became overdue (midnight UTC after the deadline), whichever is later."""
        stamps = [r.created_at for i in self.items for r in i.responses] + \
            [c.created_at for i in self.items for c in i.timeline]
        if self.items and self.today > self.items[0].deadline:
            stamps.append(datetime.combine(self.items[0].deadline + timedelta(days=1), time(0), tzinfo=UTC))
        return max(stamps, default=None)

    @property
    def version(self) -> str:
        """Changes whenever the public follow-up does: a new response or status, or a new day."""
        ids = [(r.id for r in i.responses) for i in self.items] + [(c.id for c in i.timeline) for i in self.items]
        return f"{self.today.isoformat()}|{max((n for g in ids for n in g), default=0)}|" + \
            ",".join(f"{len(i.responses)}.{len(i.timeline)}" for i in self.items)


async def follow_up(inquiry: Inquiry, publication: Publication, today: date) -> InquiryReport:
    """Adopted findings in report order, each with its responses (oldest first), status timeline and
    whether its response is overdue (none recorded, and more than the response days since publication)."""
    findings = list(await Finding.filter(inquiry_id=inquiry.id, state=rules.FindingState.ADOPTED)
                    .order_by("position", "id"))
    ids = [f.id for f in findings]
    responses, changes = defaultdict(list), defaultdict(list)
    for r in await FindingResponse.filter(finding_id__in=ids).order_by("responded_on", "id"):
        responses[r.finding_id].append(r)
    for c in await StatusChange.filter(finding_id__in=ids).order_by("changed_on", "id"):
        changes[c.finding_id].append(c)
    deadline = rules.response_deadline(publication.published_at.date(), inquiry.response_days)
    items = [FollowUp(f, deadline, responses[f.id], changes[f.id],
                      rules.is_overdue(deadline, responses[f.id][0].responded_on if responses[f.id] else None, today))
             for f in findings]
    return InquiryReport(inquiry, items, today)


async def for_publication(publication: Publication, today: date) -> InquiryReport | None:
    """The follow-up of the inquiry whose report this published publication is, or None."""
    if publication.state != PublicationState.PUBLISHED:
        return None
    inquiry = await Inquiry.get_or_none(publication_id=publication.id)
    if inquiry is None:
        return None
    return await follow_up(inquiry, publication, today)


async def overdue_response_count(programs: list[int], today: date) -> int:
    """Adopted findings of the programs' published inquiry reports still waiting, past the deadline,
    for their named body's response (for the coordinator's to-do), in one query whatever the number
    of inquiries: adopted findings with no response yet, per published inquiry, overdue once ``today`` is past
    that inquiry's deadline (rules.response_deadline, rules.is_overdue)."""
    after = sorted(str(s) for s in rules.AFTER_PUBLICATION)
    rows = await fetch_rows(lambda p: (
        "SELECT p.published_at, i.response_days, COUNT(f.id)"  # noqa: S608 - only placeholders are interpolated
        " FROM inquiry i JOIN publication p ON p.id = i.publication_id"
        f" JOIN inquiry_finding f ON f.inquiry_id = i.id AND f.state = {p(str(rules.FindingState.ADOPTED))}"
        f" WHERE i.program_id IN ({p.each(programs)}) AND i.state IN ({p.each(after)})"
        f" AND p.state = {p(str(PublicationState.PUBLISHED))}"
        " AND NOT EXISTS (SELECT 1 FROM inquiry_finding_response r WHERE r.finding_id = f.id)"
        " GROUP BY i.id, p.published_at, i.response_days"))
    return sum(int(waiting) for published_at, days, waiting in rows
               if rules.is_overdue(rules.response_deadline(as_utc(published_at).date(), days), None, today))


#: The columns of the site's follow-up version (``follow_up_version``), to be read in the same
#: query as the publications' version: a report's revalidation then costs one query.
FOLLOW_UP_COLUMNS = (
    "(SELECT COUNT(*) FROM inquiry_finding_response), (SELECT MAX(id) FROM inquiry_finding_response),"
    " (SELECT COUNT(*) FROM inquiry_status_change), (SELECT MAX(id) FROM inquiry_status_change),"
    " (SELECT MAX(created_at) FROM inquiry_finding_response), (SELECT MAX(created_at) FROM inquiry_status_change)")


def follow_up_version(row: Sequence[Any], today: date) -> tuple[str, datetime]:
    """What every public report page's validators must include so a follow-up is never hidden by
    a 304, from the FOLLOW_UP_COLUMNS of a row (read without loading the report): responses and
    status changes are only ever added, so their newest id and count change with each, and the
    day changes what is overdue. Returns the version and the moment it last changed."""
    responses, last_response, changes, last_change, responded_at, changed_at = row
    midnight = datetime.combine(today, time(0), tzinfo=UTC)
    stamps = [as_utc(value) for value in (responded_at, changed_at) if value is not None]
    return f"{today.isoformat()}|{responses}.{last_response}|{changes}.{last_change}", max([midnight, *stamps])
