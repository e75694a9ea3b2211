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


async def test_the_feeds_etag_is_the_same_for_every_reader_so_another_reader_gets_a_304(app, demo):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as one, \
            httpx.AsyncClient(transport=transport, base_url="http://t") as two:
        await one.get("/login"), await two.get("/login")  # each with a CSRF cookie of their own
        assert one.cookies["jc_csrf"] != two.cookies["jc_csrf"]
        for url in ("/findings/feed.atom", "/findings/speaking-truth-to-power.pdf", "/open-data/findings.json"):
            first = await one.get(url)
            assert first.status_code == 200 and first.headers["etag"] == (await two.get(url)).headers["etag"], url
            assert (await two.get(url, headers={"If-None-Match": first.headers["etag"]})).status_code == 304, url
        page = await one.get("/findings")  # a page carries the visitor's token: its ETag is theirs
        assert page.headers["etag"] != (await two.get("/findings")).headers["etag"]


async def test_only_pages_set_a_csrf_cookie_feeds_files_and_downloads_do_not(app, demo):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as visitor:
        for url in ("/findings/feed.atom", "/static/css/site.css", "/findings/speaking-truth-to-power.pdf",
                    "/open-data/findings.json", "/open-data/impact.csv", "/me"):
            response = await visitor.get(url)
            assert response.status_code in (200, 303), url
            assert "set-cookie" not in response.headers, url
        assert "jc_csrf=" in (await visitor.get("/findings")).headers["set-cookie"]
