"""A thread mounted with web.threads.mount_thread, as a citizens' panel or an inquiry would mount it.

The test mounts one on a "program thread" whose members post and whose coordinators moderate.
"""

from __future__ import annotations

import pytest
from asgi_lifespan import LifespanManager

from jurycourt.actions.threads import open_thread
from jurycourt.app import create_app
from jurycourt.auth.policy import NotFound
from jurycourt.domain.roles import Role
from jurycourt.domain.threads import Rights
from jurycourt.models import Statement
from jurycourt.queries.threads import ThreadReader
from jurycourt.web.responses import signed_in
from jurycourt.web.threads import mount_thread
from tests.web.helpers import Page, post_form, sign_in

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def _ours():
    """The statements of this test's thread (the demo's own discussions have statements of their own)."""
    return Statement.filter(thread__topic="test")


async def program_seat(request) -> ThreadReader:
    viewer = signed_in(request)
    program_id = int(request.path_params["program_id"])
    if not viewer.roles.get(program_id):
        raise NotFound()
    coordinator = viewer.has_role(program_id, Role.COORDINATOR)
    rights = Rights(post=viewer.has_role(program_id, Role.JUROR) or coordinator, moderate=coordinator)
    return ThreadReader(await open_thread(program_id, "test", program_id), viewer.person_id, rights)


@pytest.fixture
async def app(settings):
    application = create_app(settings)
    application.router.routes.extend(
        mount_thread("/test-thread/{program_id:int}", "test_thread", program_seat, title="Test deliberation"))
    async with LifespanManager(application):
        yield application


@pytest.fixture
def url(demo) -> str:
    return f"/test-thread/{demo.id}"


async def test_a_member_posts_and_everyone_allowed_reads_while_strangers_get_404(client, url, demo):
    await sign_in(client, "juror")
    assert (await post_form(client, f"{url}/statements", {"body": "We should listen first."})).status_code == 303
    page = await client.get(url)
    assert page.status_code == 200 and "We should listen first." in Page(page.text).text
    assert Page(page.text).title.startswith("Test deliberation")
    await sign_in(client, "coordinator")
    assert "We should listen first." in Page((await client.get(url)).text).text
    assert (await client.get(f"/test-thread/{demo.id + 999}")).status_code == 404


async def test_a_refused_statement_is_not_saved_and_keeps_what_was_typed(client, url):
    await sign_in(client, "juror")
    long_text = "Ω" * 501
    refused = await post_form(client, f"{url}/statements", {"body": long_text})
    assert refused.status_code == 400 and "Use at most 500 characters" in Page(refused.text).text
    assert long_text in refused.text
    htmx = await post_form(client, f"{url}/statements", {"body": "  "}, headers=HX)
    assert htmx.status_code == 422 and "Write your statement first." in htmx.text
    assert "<html" not in htmx.text
    assert await _ours().count() == 0


async def test_the_live_part_answers_304_until_someone_posts(client, url):
    await sign_in(client, "juror")
    first = await client.get(f"{url}/live", headers=HX)
    assert first.status_code == 200 and 'hx-trigger="every 1s"' in first.text
    etag = first.headers["etag"]
    assert (await client.get(f"{url}/live", headers={**HX, "If-None-Match": etag})).status_code == 304
    await post_form(client, f"{url}/statements", {"body": "New point."}, headers=HX)
    changed = await client.get(f"{url}/live", headers={**HX, "If-None-Match": etag})
    assert changed.status_code == 200 and "New point." in changed.text


async def test_only_a_coordinator_hides_a_statement_and_jurors_then_see_the_reason_not_the_text(client, url):
    await sign_in(client, "juror")
    await post_form(client, f"{url}/statements", {"body": "Something rude about a person."})
    statement = await _ours().get()
    refused = await post_form(client, f"{url}/statements/{statement.id}/hide", {"reason": "Mine."})
    assert refused.status_code == 400 and "Only a coordinator" in Page(refused.text).text
    await sign_in(client, "coordinator")
    hidden = await post_form(client, f"{url}/statements/{statement.id}/hide", {"reason": "Insults a person."})
    assert hidden.status_code == 303
    assert "Something rude" in Page((await client.get(url)).text).text
    await sign_in(client, "juror")
    text = Page((await client.get(url)).text).text
    assert "Insults a person." in text and "Something rude" not in text


async def test_the_mounted_posts_refuse_a_missing_csrf_token(client, url):
    await sign_in(client, "juror")
    for path in (f"{url}/statements", f"{url}/statements/1/hide"):
        assert (await client.post(path, data={"body": "x", "reason": "x"})).status_code == 403
    assert await _ours().count() == 0


def test_the_four_routes_are_named_for_the_mount():
    names = [r.name for r in mount_thread("/x/{id:int}/thread", "x_thread", program_seat, title="X")]
    assert names == ["x_thread", "x_thread_live", "x_thread_post", "x_thread_hide"]

