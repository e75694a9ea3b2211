"""The site's menu: the links a viewer's page header shows (base.html), by route name."""

from __future__ import annotations

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role
from jurycourt.i18n import N_, gettext

#: What only coordinators are offered, in menu order.
COORDINATOR_LINKS = (
    ("calendar", N_("Calendar")),
    ("people", N_("People")),
    ("cases", N_("Cases")),
    ("agencies", N_("Agencies")),
    ("outbox", N_("Outbox")),
    ("program_credits", N_("Credits")),
    ("service_sites", N_("Service sites")),
    ("outcomes", N_("Outcomes")),
    ("publications", N_("Publications")),
    ("question_bank", N_("Question bank")),
    ("audit", N_("Audit")),
)


def menu_links(viewer: Viewer) -> tuple[tuple[str, str], ...]:
    """(route name, label) of each link the signed-in part of the menu shows ``viewer``: nothing
    for a visitor who is not signed in. Plain strings in the current language: the value also
    names the header in kept pages, so a page kept in one language is never shown in another."""
    if not viewer.signed_in:
        return ()
    links = [("me", N_("My page"))]
    if viewer.is_coordinator or viewer.holds(Role.GRAND_JUROR):
        links.append(("inquiries", N_("Inquiries")))
    if viewer.is_coordinator:
        links.extend(COORDINATOR_LINKS)
    if viewer.holds(Role.REFERRER):
        links.append(("agency_portal", N_("Referrals")))
    if viewer.is_coordinator or viewer.holds(Role.PANELIST):
        links.append(("panels", N_("Panels")))
    if viewer.holds(Role.CONFIRMATION_CALLER):
        links.append(("citizens_calls_index", N_("Confirmation calls")))
    return tuple((route, gettext(label)) for route, label in links)
