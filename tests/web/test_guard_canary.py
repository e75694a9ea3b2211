"""The canary: a protected person's name, disguised every way a determined coordinator might,
never passes the real publishing flow, and after a clean publication (drafted by one
coordinator, approved by another) no public output — page, PDF, feeds, open data, index,
search — holds any of the canary's details."""

from __future__ import annotations

import unicodedata

import pytest

from jurycourt import clock
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.models import Publication
from tests.canary.crawler import crawl
from tests.web.cases_helpers import coordinator
from tests.web.helpers import client_for, post_form, sign_in

CANARY = {"given_name": "Quillonna", "family_name": "Vexbridge", "date_of_birth": "2011-05-09",
          "phone": "202-555-0147", "address": "41 Marrowgate Lane, Riverside", "email": "quillonna@canary.example"}
#: (field, text): each one a disguise of the canary's name or details.
DISGUISES = [
    ("body", "Q&#117;illonna Vexbridge thanked the panel."), ("body", "We heard **Quil**lonna today."),
    ("body", "Thanks to [Quil](https://example.org/x)lonna."), ("body", "Quil\u200blonna helped."),
    ("body", "Quil\u00adlonna helped."), ("body", "Qu\u0456llonna helped."), ("body", "Q u i l l o n n a came."),
    ("body", "Qu1ll0nna came."), ("body", "Thanks to Q.V., 14, for coming."), ("body", "Ring 5 5 5 - 0 1 4 7."),
    ("body", "She lives on Marrowgate Ln."), ("body", "Born on the 9th of May, 2011."),
    ("body", "Born in May 2011, she finished."), ("body", "The Vex-bridge family came."),
    ("body", "Write to quillonna (at) canary dot example dot org."), ("title", "Thanks to Quillonna"),
    ("topics", "youth, quillonna"), ("summary", "With VEXBRIDGE"),
]
CLEAN = {"title": "Canary season", "summary": "What the season showed.", "kind": "outcomes_report",
         "topics": "Season", "body": "The panel met twelve times this season, and every agreement was kept."}


@pytest.fixture
async def second(app, demo):
    """A second browser, signed in as the other coordinator of the program."""
    async with client_for(app, address=("127.0.0.1", 50002)) as http:
        await sign_in(http, "coordinator2")
        yield http


def _squashed(text: str) -> str:
    """Letters and digits only, compatibility-folded and case-folded, invisible characters gone."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


async def test_no_disguise_of_a_protected_name_gets_through_and_no_public_output_holds_the_canary(
        client, second, demo):
    await refer_case(await coordinator(demo), demo.id, Referral("police", "", clock.today(), "shoplifting", ""),
                     respondent=dict(CANARY))
    await sign_in(client, "coordinator")
    created = await post_form(client, "/publications/new", CLEAN)
    publication_id = int(created.headers["location"].rsplit("/", 1)[1])
    for field, text in DISGUISES:
        edited = await post_form(client, f"/publications/{publication_id}/edit", {**CLEAN, field: text})
        assert edited.status_code == 303, (field, text)
        submitted = await post_form(client, f"/publications/{publication_id}/submit")
        assert submitted.status_code == 400, (field, text)
        assert "redaction check found" in submitted.text, (field, text)
    assert (await post_form(client, f"/publications/{publication_id}/edit", CLEAN)).status_code == 303
    assert (await post_form(client, f"/publications/{publication_id}/submit")).status_code == 303
    assert (await post_form(second, f"/publications/{publication_id}/publish")).status_code == 303
    slug = (await Publication.get(id=publication_id)).slug

    client.cookies.clear()
    public = [f"/findings/{slug}", f"/findings/{slug}.pdf", "/findings/feed.atom", "/findings/topics/season/feed.atom",
              "/open-data/findings.json", "/open-data/findings.csv", "/findings?q=Quillonna", "/findings?q=season"]
    result = await crawl(client, extra=public)
    assert all(result.statuses[url] == 200 for url in public), {u: result.statuses[u] for u in public}
    assert "every agreement was kept" in result.texts[f"/findings/{slug}.pdf"]
    canaries = ["Quillonna", "Vexbridge", "Marrowgate", "555-0147", "5550147", "quillonna@canary.example"]
    assert result.leaks(canaries) == []
    for url, text in result.texts.items():  # the search page echoes the visitor's own word: leaks() allows that
        if "q=Quillonna" not in url:
            assert not any(_squashed(c) in _squashed(text) for c in canaries[:3]), url
