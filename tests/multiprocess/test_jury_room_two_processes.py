"""A juror whose requests reach one server process sees a statement posted through another.

Two `jurycourt serve` processes share one PostgreSQL database; nothing but the database carries
the statement across. PostgreSQL is required: the test fails (never skips) without it.
"""

from __future__ import annotations

from tests.multiprocess.two_servers import HX, open_deliberation, post, seen_after, signed_in, two_servers

WAIT_SECONDS = 10


def test_a_statement_posted_through_one_process_appears_on_the_live_poll_of_the_other(tmp_path):
    with two_servers(tmp_path) as pair:
        open_deliberation(pair)
        with signed_in(pair.a, "juror") as writer, signed_in(pair.b, "roomjuror") as reader:
            first = reader.get(f"/room/{pair.entry_id}/live", headers=HX)
            assert first.status_code == 200 and "No statements yet." in first.text
            etag = first.headers["etag"]
            assert reader.get(f"/room/{pair.entry_id}/live",
                              headers={**HX, "If-None-Match": etag}).status_code == 304
            posted = post(writer, f"/room/{pair.entry_id}/statements", {"body": "Posted on process A."})
            assert posted.status_code == 303
            seen, _ = seen_after(reader, pair.entry_id, "Posted on process A.", etag, WAIT_SECONDS)
            assert seen, f"process B did not show the statement within {WAIT_SECONDS} s"
