"""CSV downloads of the ledger: a statement, or a program's postings over a date range.

Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from starlette.responses import Response

from jurycourt.domain.member_support import PAYMENT_HEADER, PaymentLine, cents_text
from jurycourt.i18n.formatting import duration

if TYPE_CHECKING:
    from jurycourt.models import LedgerEntry, Posting, Program

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _response(rows: list[list], filename: str) -> Response:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def statement(entries: list[LedgerEntry], program: Program, filename: str) -> Response:
    """One row per entry, oldest first, with the balance after it."""
    tz, balance = ZoneInfo(program.time_zone), 0
    rows: list[list] = [["date", "kind", "what", "minutes", "hours", "balance_minutes", "posting"]]
    for entry in entries:
        balance += entry.minutes
        p = entry.posting
        rows.append([p.occurred_at.astimezone(tz).date().isoformat(), str(p.kind), cell(p.memo), entry.minutes,
                     duration(entry.minutes), balance, p.id])
    return _response(rows, filename)


def postings(items: list[Posting], program: Program, filename: str) -> Response:
    """One row per entry of each posting, oldest first."""
    tz = ZoneInfo(program.time_zone)
    rows: list[list] = [["posting", "occurred", "recorded", "kind", "reference", "memo", "reverses", "account",
                         "minutes"]]
    for p in items:
        for entry in sorted(p.entries, key=lambda e: e.id):
            rows.append([p.id, p.occurred_at.astimezone(tz).isoformat(timespec="minutes"),
                         p.recorded_at.astimezone(tz).isoformat(timespec="minutes"), str(p.kind), cell(p.reference),
                         cell(p.memo), p.reverses_id or "", entry.account.key, entry.minutes])
    return _response(rows, filename)


def audit_events(rows: list, zone: str, filename: str) -> Response:
    """One row per audit event (``queries.audit_log.AuditRow``), newest first, times in ``zone``."""
    tz = ZoneInfo(zone)
    out: list[list] = [["event", "at", "action", "actor_id", "actor", "subject_type", "subject_id", "detail"]]
    for r in rows:
        detail = " ".join(f"{k}={v}" for k, v in sorted(r.detail.items()))
        out.append([r.id, r.at.astimezone(tz).isoformat(timespec="seconds"), r.action, r.actor_id or "",
                    cell(r.actor_name), r.subject_type, cell(r.subject_id), cell(detail)])
    return _response(out, filename)


def payments(lines: list[PaymentLine], filename: str) -> Response:
    """A citizens' panel's approved claims for the finance office, one row per claim."""
    rows: list[list] = [list(PAYMENT_HEADER)]
    rows += [[line.claim_id, cell(line.member), cell(line.reference), line.session, line.kind.value,
              cents_text(line.amount_cents), cell(line.note), line.approved_on] for line in lines]
    return _response(rows, filename)
