"""Panels: the two kinds of panel a program runs, and where each kind's pages live."""

from __future__ import annotations

from enum import StrEnum

from jurycourt.i18n import _l


class PanelKind(StrEnum):
    JUSTICE = "justice"
    CITIZENS = "citizens"

    @property
    def label(self) -> str:
        return PANEL_KIND_LABELS[self]


PANEL_KIND_LABELS = {
    PanelKind.JUSTICE: _l("Community justice panel"),
    PanelKind.CITIZENS: _l("Citizens' panel"),
}


def panel_path(kind: str, panel_id: int) -> str:
    """The page of a panel: each kind has its own pages under /panels."""
    prefix = "justice" if kind == PanelKind.JUSTICE else "citizens"
    return f"/panels/{prefix}/{panel_id}"
