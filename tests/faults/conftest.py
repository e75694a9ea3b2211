"""Fault tests run the real server on the database kind the suite runs on (SQLite, or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.databases import on_postgres
from tests.serving import ServedDatabase


@pytest.fixture
def served_database(tmp_path) -> Iterator[ServedDatabase]:
    database = ServedDatabase.create(tmp_path, postgres=on_postgres())
    try:
        yield database
    finally:
        database.drop()
