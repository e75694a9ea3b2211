"""The public site: index, filters, keyset pages, search, report pages, feeds and revalidation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

from jurycourt.actions.publications import guard_findings
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models import Program, Publication
from tests.web.helpers import Page, sign_in

ATOM = "{http://www.w3.org/2005/Atom}"


async def test_the_index_lists_published_items_newest_first_without_drafts(client, demo):
    page = Page((await client.get("/findings")).text)
    titles = [link for link in page.links if link.startswith("/findings/") and not link.endswith(".atom")
              and link != "/findings/follow"]  # (how to follow them)
    assert titles[:3] == ["/findings/peer-jury-outcomes-last-year", "/findings/responding-to-minor-disorder",
                          "/findings/speaking-truth-to-power"]
    assert "/findings/spring-agreements" not in page.links


async def test_home_page_and_navigation_link_to_the_findings(client, demo):
    home = Page((await client.get("/")).text)
    assert home.links.count("/findings") >= 2


async def test_kind_and_topic_filters_narrow_the_list(client, demo):
    by_kind = Page((await client.get("/findings?kind=panel_recommendations")).text)
    assert "/findings/responding-to-minor-disorder" in by_kind.links
    assert "/findings/speaking-truth-to-power" not in by_kind.links
    by_topic = Page((await client.get("/findings?topic=substance-use")).text)
    assert "/findings/speaking-truth-to-power" in by_topic.links
    assert "/findings/peer-jury-outcomes-last-year" not in by_topic.links


async def test_older_items_are_reached_by_keyset_pages_with_none_missed_or_repeated(client, demo):
    program = await Program.get(id=demo.id)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(23):  # some share a timestamp: the id breaks the tie
        await Publication.create(program=program, kind=PublicationKind.OUTCOMES_REPORT, slug=f"old-{n:02d}",
                                 title=f"Old report {n}", body_markdown="x", body_html="<p>x</p>",
                                 state=PublicationState.PUBLISHED, published_at=start + timedelta(days=n // 2))
    seen: list[str] = []
    url = "/findings?kind=outcomes_report"
    while url:
        page = Page((await client.get(url)).text)
        seen += [link for link in page.links if link.startswith("/findings/old-")]
        url = next((link for link in page.links if "after=" in link), None)
    assert len(seen) == len(set(seen)) == 23
    assert seen[0] == "/findings/old-22" and seen[-1] == "/findings/old-00"


async def test_search_finds_words_and_marks_them_in_a_shareable_url(client, demo):
    response = await client.get("/findings?q=counsellors")
    page = Page(response.text)
    assert response.status_code == 200
    assert "/findings/speaking-truth-to-power" in page.links
    assert "<mark>counsellors</mark>" in response.text.lower()
    assert "for “counsellors”" in page.text
    assert page.ids["search-results"]["tag"] == "ol"
    assert Page((await client.get("/findings?q=zzzunknownword")).text).text.count("0 results") == 1


async def test_search_needs_every_word_and_ignores_operators(client, demo):
    both = Page((await client.get("/findings?q=panel+recommendations")).text)
    assert "/findings/responding-to-minor-disorder" in both.links
    odd = await client.get('/findings?q="NEAR(*)+OR+-"')
    assert odd.status_code == 200
    assert "/findings/spring-agreements" not in Page((await client.get("/findings?q=agreements")).text).links


async def test_the_report_page_has_contents_and_errata(client, demo):
    response = await client.get("/findings/peer-jury-outcomes-last-year")
    page = Page(response.text)
    assert page.ids["toc-h"]["tag"] == "h2"
    assert "#s-cases-heard" in page.links and page.ids["s-cases-heard"]["tag"] == "h2"
    assert "1,486 hours" in page.text  # the original text stays
    assert "The hours given back were 1,468, not 1,486" in page.text
    assert (await client.get("/findings/no-such-report")).status_code == 404
    assert (await client.get("/findings/spring-agreements")).status_code == 404


async def test_the_atom_feed_is_valid_xml_with_the_required_elements(client, demo):
    response = await client.get("/findings/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/findings/feed.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated", "link", "summary", "content"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}content").get("type") == "html"
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/findings/peer-jury-outcomes-last-year"
    assert "Erratum" in first.find(f"{ATOM}content").text


async def test_each_topic_has_its_own_feed(client, demo):
    response = await client.get("/findings/topics/substance-use/feed.atom")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Speaking truth to power"]


async def test_anonymous_visitors_revalidate_with_etag_and_get_304(client, demo):
    for url in ("/findings", "/findings/speaking-truth-to-power", "/findings/feed.atom"):
        first = await client.get(url)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert "no-store" not in first.headers["cache-control"]
        assert first.headers["last-modified"]
        again = await client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        since = await client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304


async def test_a_new_erratum_changes_the_etag(client, demo):
    first = await client.get("/findings/speaking-truth-to-power")
    report = await Publication.get(slug="speaking-truth-to-power")
    from jurycourt.models import Erratum

    await Erratum.create(publication=report, published_at=datetime.now(UTC), text="Corrected.")
    again = await client.get("/findings/speaking-truth-to-power", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200 and "Corrected." in again.text


async def test_signed_in_pages_are_never_stored_or_answered_with_304(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/findings", headers={"If-None-Match": "*"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


async def test_the_demo_publications_pass_the_redaction_guard(demo):
    # but the thank-you the guard withheld (tests/actions/test_guard.py)
    for publication in await Publication.filter(program_id=demo.id, withheld_at__isnull=True):
        assert await guard_findings(publication) == [], publication.slug
