"""Revalidating public pages stays correct when it takes the cheap path (see queries.public_version)."""

from __future__ import annotations

from datetime import UTC, datetime

from jurycourt.models import Publication


async def test_an_etag_for_a_report_answers_304_but_a_missing_report_stays_404(client, demo):
    first = await client.get("/findings/speaking-truth-to-power")
    again = await client.get("/findings/speaking-truth-to-power", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    for headers in ({"If-None-Match": "*"}, {"If-Modified-Since": first.headers["last-modified"]}):
        assert (await client.get("/findings/no-such-report", headers=headers)).status_code == 404


async def test_publishing_and_withdrawing_change_every_public_etag(client, demo):
    etag = (await client.get("/findings")).headers["etag"]
    draft = await Publication.get(slug="spring-agreements")
    await Publication.filter(id=draft.id).update(state="published", published_at=datetime(2020, 1, 1, tzinfo=UTC),
                                                 updated_at=datetime.now(UTC))
    published = await client.get("/findings", headers={"If-None-Match": etag})
    assert published.status_code == 200 and "/findings/spring-agreements" in published.text
    await Publication.filter(id=draft.id).update(state="withdrawn", withdrawn_at=datetime.now(UTC),
                                                 updated_at=datetime.now(UTC))
    withdrawn = await client.get("/findings", headers={"If-None-Match": published.headers["etag"]})
    assert withdrawn.status_code == 200 and "/findings/spring-agreements" not in withdrawn.text


async def test_public_pages_render_their_content_once_per_version_but_each_visitor_gets_their_own_token(app, demo):
    import httpx

    from tests.web.helpers import Page
    from tests.web.query_count import queries

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as one, \
            httpx.AsyncClient(transport=transport, base_url="http://t") as two:
        for url in ("/findings", "/findings/speaking-truth-to-power", "/impact"):
            first_count, first = await queries(one, url)
            second_count, second = await queries(two, url)
            assert first.status_code == second.status_code == 200
            if url != "/impact":  # (tests recompute the impact figures on every request)
                assert second_count < first_count, url  # the content came from the cache
            assert Page(first.text).text == Page(second.text).text
            assert one.cookies["jc_csrf"] != two.cookies["jc_csrf"]
            assert one.cookies["jc_csrf"] not in second.text and two.cookies["jc_csrf"] not in first.text
            token = lambda r: r.text.split('"X-CSRF-Token": "', 1)[1].split('"', 1)[0]  # noqa: E731
            assert token(first) != token(second)


async def test_the_feed_is_built_once_per_version_and_a_publication_reaches_it_at_once(client, demo):
    from tests.web.query_count import queries

    first_count, first = await queries(client, "/findings/feed.atom")
    second_count, second = await queries(client, "/findings/feed.atom")
    assert second.content == first.content and second_count < first_count  # kept, not rebuilt
    draft = await Publication.get(slug="spring-agreements")
    assert b"spring-agreements" not in first.content
    await Publication.filter(id=draft.id).update(state="published", published_at=datetime.now(UTC),
                                                 updated_at=datetime.now(UTC))
    after = await client.get("/findings/feed.atom")
    assert after.status_code == 200 and b"/findings/spring-agreements" in after.content


async def test_a_kept_report_page_is_served_without_reading_the_report_again(client, demo):
    from tests.web.query_count import queries

    first_count, first = await queries(client, "/findings/speaking-truth-to-power")
    second_count, second = await queries(client, "/findings/speaking-truth-to-power")
    assert first.status_code == second.status_code == 200
    assert second_count <= 1 < first_count  # only the site's version: the rendering was kept
    assert (await client.get("/findings/no-such-report")).status_code == 404
