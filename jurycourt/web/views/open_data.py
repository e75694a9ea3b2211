"""Open data: the impact figures and the published findings as CSV and JSON downloads.

The impact files hold exactly the suppressed tables of the /impact page (``null`` or an empty
cell where a value is not shown). The findings files hold only public fields of published and
withdrawn publications, never drafts and never people. Shapes are documented on /open-data and
versioned by their ``format`` field; CSV text cells are made safe for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from jurycourt.db import Params, fetch_rows
from jurycourt.domain.disclosure import THRESHOLD
from jurycourt.domain.publication import KIND_LABELS, PublicationState, read_topics
from jurycourt.queries import impact as impact_queries
from jurycourt.queries.publication_guard import may_show
from jurycourt.serving.caches import Snapshot
from jurycourt.web.csv_export import cell
from jurycourt.web.templating import render, site_base, url_paths
from jurycourt.web.views.findings import not_modified as findings_not_modified
from jurycourt.web.views.impact import impact_of, not_modified

IMPACT_FORMAT = "jurycourt-impact/2"  # 2: per closed month, frozen (cases_closed per month)
FINDINGS_FORMAT = "jurycourt-findings/1"
BATCH = 500
IMPACT_CSV_HEADER = ["program", "measure", "unit", "row", "column", "value", "shown"]
FINDINGS_FIELDS = ["slug", "title", "kind", "topics", "summary", "published", "status", "withdrawn", "permalink"]


async def open_data(request: Request) -> Response:
    cached, headers = await findings_not_modified(request)
    if cached:
        return cached
    return render(request, "open_data/page.html", {
        "impact_format": IMPACT_FORMAT, "findings_format": FINDINGS_FORMAT, "threshold": THRESHOLD,
        "impact_csv_header": IMPACT_CSV_HEADER, "findings_fields": FINDINGS_FIELDS,
    }, headers=headers)


async def _impacts(request: Request) -> list[Snapshot[impact_queries.Impact]]:
    return [await impact_of(request, p) for p in await impact_queries.public_programs()]


def _measure_json(measure: impact_queries.Measure) -> dict[str, Any]:
    t = measure.table
    return {"key": measure.key, "title": measure.title, "unit": measure.unit, "rows": measure.rows,
            "columns": measure.columns, "cells": t.cells, "row_totals": t.row_totals,
            "column_totals": t.column_totals, "total": t.total}


def impact_document(impacts: list[impact_queries.Impact]) -> dict[str, Any]:
    """The stable JSON shape of /open-data/impact.json (see the /open-data page)."""
    return {
        "format": IMPACT_FORMAT,
        "threshold": THRESHOLD,
        "null_means": "not shown: fewer than 5, or hidden so that such a count can't be worked out from totals",
        "programs": [{
            "id": i.program.id, "name": i.program.name, "months": [key for key, _ in i.months],
            "measures": [_measure_json(m) for m in i.measures],
            "recommendations": [{"status": label, "count": count} for label, count in i.recommendations],
        } for i in impacts],
    }


def impact_rows(impacts: list[impact_queries.Impact]) -> list[list[Any]]:
    """/open-data/impact.csv: one line per value, totals on rows and columns named "total"."""
    rows: list[list[Any]] = [IMPACT_CSV_HEADER]
    for i in impacts:
        name = cell(i.program.name)
        for m in i.measures:
            t = m.table
            grid = [*zip([*m.rows, "total"], [*t.cells, t.column_totals], [*t.row_totals, t.total], strict=True)]
            for row_key, values, row_total in grid:
                for column_key, v in [*zip(m.columns, values, strict=True), ("total", row_total)]:
                    if len(m.columns) == 1 and column_key == "total":
                        continue  # a single column's row totals repeat its cells
                    rows.append([name, m.key, m.unit, row_key, column_key, "" if v is None else v,
                                 "no" if v is None else "yes"])
        for label, count in i.recommendations:
            rows.append([name, "recommendations", "count", cell(label), "recommendations",
                         "" if count is None else count, "no" if count is None else "yes"])
    return rows


def _download(body: str, media_type: str, filename: str, headers: dict[str, str]) -> Response:
    return Response(body, media_type=media_type,
                    headers={**headers, "Content-Disposition": f'attachment; filename="{filename}"'})


async def impact_json(request: Request) -> Response:
    snapshots = await _impacts(request)
    cached, headers = not_modified(request, snapshots, page=False)
    if cached:
        return cached
    body = json.dumps(impact_document([s.value for s in snapshots]), ensure_ascii=False, indent=1)
    return _download(body, "application/json", "impact.json", headers)


async def impact_csv(request: Request) -> Response:
    snapshots = await _impacts(request)
    cached, headers = not_modified(request, snapshots, page=False)
    if cached:
        return cached
    out = io.StringIO()
    csv.writer(out).writerows(impact_rows([s.value for s in snapshots]))
    return _download(out.getvalue(), "text/csv; charset=utf-8", "impact.csv", headers)


def _stamp(value: Any) -> datetime | None:
    if value is None:
        return None
    value = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Row:
    id: int
    row: tuple


async def _may_show(batch: list[tuple]) -> list[tuple]:
    """The rows of ``batch`` (id first) the guard lets a public output show (actions.guard.may_show)."""
    return [r.row for r in await may_show([_Row(int(row[0]), row) for row in batch])]


async def published_findings(base: str, url_for: Any) -> AsyncIterator[dict[str, Any]]:
    """Published and withdrawn publications, newest first, as their public fields only, each one
    the guard still passes as the file is built.

    A withdrawn one keeps its title and dates, but not its summary: its notice replaces it."""
    after: tuple[Any, int] | None = None
    while True:
        def sql(p: Params, after: tuple[Any, int] | None = after) -> str:
            states = p.each([str(PublicationState.PUBLISHED), str(PublicationState.WITHDRAWN)])
            where = f"WHERE state IN ({states}) AND withheld_at IS NULL"  # i18n: internal
            if after:
                at = p(after[0])
                where += f" AND (published_at < {at} OR (published_at = {at} AND id < {p(after[1])}))"  # i18n: internal
            columns = "id, slug, title, kind, topics, summary, published_at, state, withdrawn_at"
            return f"SELECT {columns} FROM publication {where} ORDER BY published_at DESC, id DESC LIMIT {p(BATCH)}"  # noqa: S608 - only placeholders are interpolated

        batch = await fetch_rows(sql)
        for _id, slug, title, kind, topics, summary, published, state, withdrawn in await _may_show(batch):
            withdrawn_at = _stamp(withdrawn) if state == PublicationState.WITHDRAWN else None
            yield {
                "slug": slug, "title": title, "kind": kind, "kind_label": str(KIND_LABELS.get(kind, kind)),
                "topics": read_topics(topics), "summary": "" if withdrawn_at else summary,
                "published": _stamp(published).date().isoformat(),
                "status": "withdrawn" if withdrawn_at else "published",
                "withdrawn": withdrawn_at.date().isoformat() if withdrawn_at else None,
                "permalink": base + url_for("finding", slug=slug),
            }
        if len(batch) < BATCH:
            return
        after = (batch[-1][6], int(batch[-1][0]))


async def findings_json(request: Request) -> Response:
    cached, headers = await findings_not_modified(request, page=False)
    if cached:
        return cached
    base = site_base(request)

    async def body() -> AsyncIterator[str]:
        yield f'{{"format": {json.dumps(FINDINGS_FORMAT)}, "findings": ['
        first = True
        async for item in published_findings(base, url_paths(request.app)):
            yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
            first = False
        yield "\n]}\n"

    return StreamingResponse(body(), media_type="application/json", headers={
        **headers, "Content-Disposition": 'attachment; filename="findings.json"'})


async def findings_csv(request: Request) -> Response:
    cached, headers = await findings_not_modified(request, page=False)
    if cached:
        return cached
    base = site_base(request)

    async def body() -> AsyncIterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(FINDINGS_FIELDS)
        async for item in published_findings(base, url_paths(request.app)):
            writer.writerow([cell(item["slug"]), cell(item["title"]), item["kind"], cell(" ".join(item["topics"])),
                             cell(item["summary"]), item["published"], item["status"], item["withdrawn"] or "",
                             item["permalink"]])
            if out.tell() > 64_000:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers={
        **headers, "Content-Disposition": 'attachment; filename="findings.csv"'})
