"""Figures for the operator: what is waiting to be done (no one's data, only counts)."""

from __future__ import annotations

from jurycourt.domain.citizens_panels import DrawStatus
from jurycourt.models import Draw, OutboxMessage


async def backlogs() -> tuple[int, int]:
    """(outbox messages not sent yet, citizens' panel draws queued or running)."""
    outbox = await OutboxMessage.filter(finished_at__isnull=True).count()
    draws = await Draw.filter(status__in=[DrawStatus.QUEUED, DrawStatus.RUNNING]).count()
    return outbox, draws
