"""What the public site's "Get involved" page shows: each program's public contact and the citizens'
panels taking volunteers. Everything here is public (a program's name and contact, a panel's title)."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.panels import PanelKind
from jurycourt.models import Mailing, Panel, Program


@dataclass(frozen=True)
class ProgramInvitation:
    program: Program
    open_panels: list[Panel]  # citizens' panels recruiting volunteers, newest first


async def invitations() -> list[ProgramInvitation]:
    """Every program (at most 50, by name) with its citizens' panels that take volunteers now: a panel
    recruiting by letter takes none (only the households written to register, with their letter's code)."""
    programs = list(await Program.all().order_by("name").limit(50))
    panels = await Panel.filter(kind=PanelKind.CITIZENS, status=CitizensPanelStatus.RECRUITING.value,
                                program_id__in=[p.id for p in programs]).order_by("-created_at").limit(200)
    by_letter = set(await Mailing.filter(panel_id__in=[panel.id for panel in panels]).values_list(
        "panel_id", flat=True))
    panels = [panel for panel in panels if panel.id not in by_letter]
    return [ProgramInvitation(p, [panel for panel in panels if panel.program_id == p.id]) for p in programs]
