"""Rules of the layers that import-linter cannot see: queries never write.

A query that must leave a trace (a case or a justice matter in the confidentiality log) returns
what it read, and the view calls the logging action in ``actions/view_log.py``; a thread is opened
by the action that first posts in it. These tests read the source of ``jurycourt/queries``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jurycourt.models
from jurycourt import queries

QUERIES = Path(queries.__file__).parent
#: Tortoise's writing methods, on a model, an instance or a queryset.
WRITES = {"save", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "delete",
          "update", "update_from_dict", "select_for_update", "execute_query", "execute_script"}
#: ``update`` is also ``dict.update``: it counts as a write only on a queryset or a model.
MODEL_NAMES = set(jurycourt.models.__all__) if hasattr(jurycourt.models, "__all__") else {
    name for name in dir(jurycourt.models) if name[:1].isupper()}
SQL_WRITE = re.compile(r"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|DROP\s+TABLE)\b", re.I)


def writes_in(source: str) -> list[str]:
    """Each call or SQL text in ``source`` that would write, as ``line: text``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            receiver = node.func.value
            if node.func.attr == "update" and not (
                    isinstance(receiver, ast.Call) or isinstance(receiver, ast.Name) and receiver.id in MODEL_NAMES):
                continue  # a dict's update
            found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_WRITE.search(node.value):
            found.append(f"{node.lineno}: {node.value[:80]!r}")
    return found


def test_the_check_finds_the_writes_it_looks_for():
    source = '''
async def read(viewer):
    context = {}
    context.update(seen=True)
    await MatterView.create(matter_id=1, what="page")
    await Thread.filter(id=1).update(version=2)
    thread.save()
    rows = await fetch_rows(lambda p: f"DELETE FROM case_view WHERE id = {p(1)}")
'''
    assert sorted(line.split(":")[0] for line in writes_in(source)) == ["5", "6", "7", "8"]


def test_no_query_writes_to_the_database():
    offenders = {str(path.relative_to(QUERIES.parent.parent)): writes
                 for path in sorted(QUERIES.rglob("*.py")) if (writes := writes_in(path.read_text()))}
    assert offenders == {}, "queries read; the write (a view log, a thread) belongs to an action"


def test_views_answer_a_refusal_through_the_one_helper():
    web = QUERIES.parent / "web"
    catching = {str(path.relative_to(QUERIES.parent)) for path in web.rglob("*.py")
                if "except Refused" in path.read_text()} - {"web/answer.py", "web/params.py"}
    assert catching == set(), "run the action through jurycourt.web.answer.answer instead"
