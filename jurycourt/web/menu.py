"""The site's menu: the links a viewer's page header shows (base.html), by route name."""

from __future__ import annotations

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role

#: What only coordinators are offered, in menu order.
COORDINATOR_LINKS = (
    ("calendar", "Calendar"),
    ("people", "People"),
    ("cases", "Cases"),
    ("outbox", "Outbox"),
    ("program_credits", "Credits"),
    ("publications", "Publications"),
    ("question_bank", "Question bank"),
    ("audit", "Audit"),
)


def menu_links(viewer: Viewer) -> tuple[tuple[str, str], ...]:
    """(route name, label) of each link the signed-in part of the menu shows ``viewer``: nothing
    for a visitor who is not signed in. A plain value: it also names the header in kept pages."""
    if not viewer.signed_in:
        return ()
    links = [("me", "My page")]
    if viewer.is_coordinator or viewer.holds(Role.GRAND_JUROR):
        links.append(("inquiries", "Inquiries"))
    if viewer.is_coordinator:
        links.extend(COORDINATOR_LINKS)
    if viewer.is_coordinator or viewer.holds(Role.PANELIST):
        links.append(("panels", "Panels"))
    return tuple(links)
