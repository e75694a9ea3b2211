"""A property-based fuzzer for every form: generated values posted to every state-changing route.

The route table is walked (a route added later is fuzzed without anyone listing it), against the
real server with the demo data, as each role. Values are what people and scripts really send:
empty, huge, wrong types, unicode edge cases, duplicated and missing fields. Whatever arrives:

- never a 5xx;
- a refusal (4xx) writes nothing: the row count of every table is unchanged (the audit log,
  sessions and sign-in throttling excepted: recording a refusal is their job);
- a refused form that is shown again keeps what was typed in its text fields;
- a body over the size limit is refused with 413 on every route, before anything else.

Path parameters and query strings of every route (GET too) are fuzzed the same way, as each role,
with the edge values of :mod:`tests.fuzz.edges` (25-digit ids, digits that are not ASCII, year 1 and
9999, over-long slugs, huge keyset cursors, NUL, bidi controls): never a 5xx.

CI runs the defaults: 5 generated forms per state-changing route, and per route and method the 6
fixed edge examples of ``_edge_examples``. A longer local run adds generated forms
(``JURYCOURT_FUZZ_EXAMPLES``) and generated paths and query strings (``JURYCOURT_FUZZ_PATH_EXAMPLES``):
``JURYCOURT_FUZZ_EXAMPLES=25 JURYCOURT_FUZZ_PATH_EXAMPLES=10 .venv/bin/pytest -n 0 tests/fuzz``.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount, Route

from jurycourt.settings import ROOT
from jurycourt.web.routes import routes
from tests.databases import on_postgres
from tests.faults.inspect import rows
from tests.fuzz.edges import (
    EDGE_SETS,
    SETS,
    edge_for,
    edge_values,
    id_edges,
    integer_params,
    query_names,
    raw_path,
    text_edges,
)
from tests.serving import Served, ServedDatabase, csrf_of, signed_in_client

ROLES = ("anonymous", "coordinator", "juror", "respondent", "guardian")
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
#: Routes that end the fuzzer's own session would make later examples lie about their role.
NOT_FUZZED = {"logout"}
#: Tables whose job is to record requests, refused ones included; and ``thread``: a discussion is
#: opened (an empty container, get-or-create) the first time anyone allowed reaches it.
RECORDING_TABLES = re.compile(r"^(audit_event|throttle|web_session|lease|.*_view|thread"
                              r"|sqlite_sequence|tortoise_migrations|.*_fts.*)$")
EXAMPLES_PER_ROUTE = int(os.environ.get("JURYCOURT_FUZZ_EXAMPLES", "5"))
#: Generated path and query examples per route, beyond the fixed edge examples: none in CI.
PATH_EXAMPLES = int(os.environ.get("JURYCOURT_FUZZ_PATH_EXAMPLES", "0"))


def _field_names() -> list[str]:
    """Every form field name the templates and views use (so values land where code reads them)."""
    names: set[str] = set()
    pattern = re.compile(r'name="([a-z_0-9]+)"|[a-z_]+\(form, "([a-z_0-9]+)"|"([a-z_0-9]+)"')
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "jurycourt" / "web" / "views").glob("*.py")]:
        text = path.read_text()
        for line in text.splitlines():
            if "name=" in line or "(form, " in line or "FIELDS" in line or "form.get(" in line:
                names.update(group for match in pattern.finditer(line) for group in match.groups() if group)
    names.discard("csrf_token")
    return sorted(name for name in names if len(name) < 40)


def _state_changing_routes() -> list[Route]:
    found = []
    for route in routes():
        if isinstance(route, Mount):
            continue
        if set(route.methods or ()) & set(STATE_CHANGING) and route.name not in NOT_FUZZED:
            found.append(route)
    return found


FIELDS = _field_names()
ROUTES = _state_changing_routes()

NASTY_TEXT = st.one_of(
    st.just(""), st.just(" "), st.just("0"), st.just("-1"), st.just("1e309"), st.just("NaN"),
    st.just("99999999999999999999"),
    st.just("2026-02-30"), st.just("true"), st.just("null"), st.just("[]"), st.just("{}"),
    st.just("<script>alert(1)</script>"), st.just("' OR 1=1 --"), st.just("=HYPERLINK(\"x\")"),
    st.just("\u202eevil"), st.just("e\u0301\u0301\u0301"), st.just("\ufeff"), st.just("🧑‍⚖️" * 40),
    st.just("\x00"), st.just("a" * 5000), st.just("x" * 70_000),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300),
    edge_values, edge_values,
)
ALL_ROUTES = [(route, method) for route in routes() if isinstance(route, Route) and route.name not in NOT_FUZZED
              for method in sorted(route.methods or ()) if method != "HEAD"]
QUERY_PARAMS = query_names()
FORM_TYPE = {"content-type": "application/x-www-form-urlencoded"}
QUERY_NAMES = sorted(set(QUERY_PARAMS) | set(FIELDS))


@dataclass
class Fuzzed:
    served: Served
    database: ServedDatabase
    clients: dict[str, httpx.Client]
    tokens: dict[str, str]
    ids: list[int]
    words: list[str]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> Iterator[Fuzzed]:
    database = ServedDatabase.create(tmp_path_factory.mktemp("fuzz"), postgres=on_postgres())
    served = Served(database).start()
    try:
        clients = {"anonymous": httpx.Client(base_url=served.url, timeout=30)}
        clients["anonymous"].get("/")
        for role in ROLES[1:]:
            clients[role] = signed_in_client(served.url, role)
        tokens = {role: csrf_of(client.get("/login" if role == "anonymous" else "/me").text)
                  for role, client in clients.items()}
        people = [row[0] for row in rows(database, "SELECT id FROM person ORDER BY id")]
        words = [row[0] for row in rows(database, "SELECT slug FROM publication ORDER BY id LIMIT 3")]
        words += ["requests", "claims", "youth", "x"]
        yield Fuzzed(served, database, clients, tokens, [1, 2, 3, people[len(people) // 2], 10**9], words)
    finally:
        served.stop()
        database.drop()


def _counts(database: ServedDatabase) -> dict[str, int]:
    if database.pg_name:
        tables = [row[0] for row in rows(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    else:
        tables = [row[0] for row in rows(database, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = sorted(name for name in tables if not RECORDING_TABLES.match(name))
    count = "SELECT '{0}', COUNT(*) FROM \"{0}\""  # table names come from the catalogue, not from input
    union = " UNION ALL ".join(count.format(name) for name in tables)
    return dict(rows(database, union))


def _path(route: Route, ids: list[int], pick: int) -> str:
    params = {}
    for name in route.param_convertors:
        params[name] = ids[pick % len(ids)] if name in integer_params(route) else "x"
    return route.url_path_for(route.name, **params)


def _posted_forms(page: str, path: str) -> str:
    """The forms of a page that post to ``path``: the refused form, re-rendered with what was typed. A
    field of the same name in another form on the page (or on a page without that form) was not typed."""
    forms = [m.group(0) for m in re.finditer(r"<form\b[^>]*>.*?</form>", page, re.S)
             if (action := re.search(r'action="([^"?]*)', m.group(0))) and html.unescape(action.group(1)) == path]
    return "".join(forms)


def _kept_text_inputs(page: str) -> dict[str, str]:
    """The text inputs and textareas of a page, with the values it shows in them."""
    kept: dict[str, str] = {}
    for match in re.finditer(r"<input\b[^>]*>", page):
        tag = match.group(0)
        kind = re.search(r'type="([a-z]+)"', tag)
        name = re.search(r'name="([a-z_0-9]+)"', tag)
        if name and (kind is None or kind.group(1) in ("text", "search", "email", "tel", "url")):
            value = re.search(r'value="([^"]*)"', tag)
            kept[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<textarea\b[^>]*name="([a-z_0-9]+)"[^>]*>(.*?)</textarea>', page, re.S):
        kept[match.group(1)] = html.unescape(match.group(2))
    return kept


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_no_form_input_breaks_a_route(fuzzed: Fuzzed, route: Route) -> None:
    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(role=st.sampled_from(ROLES), pick=st.integers(0, 10),
           fields=st.lists(st.tuples(st.sampled_from(FIELDS) | st.text("abcxyz_", min_size=1, max_size=8), NASTY_TEXT),
                           max_size=12),
           with_token=st.booleans() | st.just(True))
    def one(role: str, pick: int, fields: list[tuple[str, str]], with_token: bool) -> None:
        client = fuzzed.clients[role]
        data = ([("csrf_token", fuzzed.tokens[role])] if with_token else []) + fields
        before = _counts(fuzzed.database)
        path = _path(route, fuzzed.ids, pick)
        body = "&".join(f"{httpx.QueryParams({k: v})}" for k, v in data)
        answer = client.post(path, content=body.encode(), headers={"content-type": "application/x-www-form-urlencoded"})
        assert answer.status_code < 500, f"{answer.status_code} on {path} as {role}:\n{fuzzed.served.log_tail(30)}"
        if answer.status_code >= 400:
            assert _counts(fuzzed.database) == before, f"{path} as {role} refused ({answer.status_code}) but wrote"
        if answer.status_code in (400, 422):
            shown = _kept_text_inputs(_posted_forms(answer.text, path))
            sent = dict(fields)  # the last of a duplicated field is the one forms read
            for name, value in sent.items():
                plain = value.strip()
                if name in shown and plain and plain == value and len(value) <= 300 and value.isprintable():
                    assert shown[name].strip() == plain, f"{path} as {role} lost what was typed in {name!r}"

    one()


Sent = tuple[str, dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]


def _edge_examples(route: Route, index: int) -> list[Sent]:
    """The explicit examples every run sends: each edge set as a coordinator (who reaches most
    views), one anonymously and one as a juror, respondent or guardian, the role and set turning
    with the route so that each meets every set.
    A POST carries half the form fields (the server takes at most 200), each with its kind's edge."""
    numbers = integer_params(route)
    examples = []
    members = [role for role in ROLES if role not in ("anonymous", "coordinator")]
    for role, edge_set in [*(("coordinator", k) for k in range(EDGE_SETS)), ("anonymous", index),
                           (members[index % len(members)], index + 1)]:
        path = {name: SETS["id" if name in numbers else "text"][edge_set % EDGE_SETS]
                for name in route.param_convertors}
        query = [(name, edge_for(name, edge_set)) for name in QUERY_PARAMS]
        form = [(name, edge_for(name, edge_set)) for name in FIELDS[(index + edge_set) % 2::2]]
        examples.append((role, path, query, form))
    return examples


def _send(fuzzed: Fuzzed, route: Route, method: str, sent: Sent) -> httpx.Response:
    role, path, query, form = sent
    client = fuzzed.clients[role]
    url = raw_path(route, path) + "?" + str(httpx.QueryParams(query))
    if method == "GET":
        return client.get(url)
    body = str(httpx.QueryParams([("csrf_token", fuzzed.tokens[role]), *form]))
    return client.request(method, url, content=body.encode(), headers=FORM_TYPE)


@pytest.mark.parametrize(("index", "route", "method"), [(i, r, m) for i, (r, m) in enumerate(ALL_ROUTES)],
                         ids=[f"{method} {route.name}" for route, method in ALL_ROUTES])
def test_no_path_or_query_breaks_a_route(fuzzed: Fuzzed, index: int, route: Route, method: str) -> None:
    numbers = integer_params(route)
    ids, words = [str(i) for i in fuzzed.ids], fuzzed.words
    # Short of NASTY_TEXT's 70 kB values: a URL that long is refused before any view, and its repr
    # is too large for hypothesis to print.
    values = edge_values | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
    pairs = st.lists(st.tuples(st.sampled_from(QUERY_NAMES), values), max_size=8)

    @settings(max_examples=max(1, PATH_EXAMPLES), deadline=None, database=None,
              phases=(Phase.explicit, Phase.generate) if PATH_EXAMPLES else (Phase.explicit,),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(role=st.sampled_from(ROLES),
           path=st.fixed_dictionaries({name: (id_edges | st.sampled_from(ids)) if name in numbers
                                       else (text_edges | st.sampled_from(words)) for name in route.param_convertors}),
           query=pairs, form=pairs)
    def one(role: str, path: dict[str, str], query: list[tuple[str, str]], form: list[tuple[str, str]]) -> None:
        answer = _send(fuzzed, route, method, (role, path, query, form))
        assert answer.status_code < 500, f"{answer.status_code} on {method} {answer.url!s:.300} as {role}:\n" \
                                         f"{fuzzed.served.log_tail(30)}"

    for role, path, query, form in _edge_examples(route, index):
        one = example(role=role, path=path, query=query, form=form)(one)
    one()


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_every_route_refuses_a_body_over_the_limit(fuzzed: Fuzzed, route: Route) -> None:
    client = fuzzed.clients["coordinator"]
    huge = b"body=" + b"x" * (1_048_576 + 10)
    answer = client.post(_path(route, fuzzed.ids, 3), content=huge,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413, (route.name, answer.status_code)


def test_the_walk_found_the_forms() -> None:
    """If the walk found nothing, the fuzzer would pass vacuously."""
    names = {route.name for route in ROUTES}
    assert {"login_post", "person_new_post", "credit_adjust", "room_statement", "publication_new_post"} <= names
    assert {"given_name", "body", "title", "reason"} <= set(FIELDS)
    assert Path(ROOT / "templates").is_dir()
