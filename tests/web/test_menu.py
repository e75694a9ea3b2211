"""The site menu: each signed-in viewer is offered the areas they work in, and only those."""

from __future__ import annotations

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role
from jurycourt.web.menu import COORDINATOR_LINKS, menu_links
from tests.web.helpers import Page, sign_in


def _routes(*roles: Role) -> list[str]:
    return [route for route, _ in menu_links(Viewer(person_id=1, account_id=1, roles={7: frozenset(roles)}))]


def test_each_role_gets_its_own_links():
    assert menu_links(Viewer()) == ()
    assert _routes(Role.JUROR) == ["me"]
    assert _routes(Role.GRAND_JUROR) == ["me", "inquiries"]
    assert _routes(Role.PANELIST) == ["me", "panels"]
    assert _routes(Role.CONFIRMATION_CALLER) == ["me", "citizens_calls_index"]
    assert _routes(Role.COORDINATOR) == ["me", "inquiries", *(r for r, _ in COORDINATOR_LINKS), "panels"]


async def test_the_header_shows_the_menu_of_whoever_is_signed_in(client, demo):
    anonymous = Page((await client.get("/findings")).text)
    assert "/calendar" not in anonymous.links and "/me" not in anonymous.links
    await sign_in(client, "juror")
    juror = Page((await client.get("/me")).text)
    assert "/me" in juror.links and "/calendar" not in juror.links and "/audit" not in juror.links
    await sign_in(client, "coordinator")
    coordinator = Page((await client.get("/me")).text)
    assert {"/calendar", "/people", "/cases", "/audit", "/panels", "/inquiries"} <= set(coordinator.links)
