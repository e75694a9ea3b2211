"""Prepared reads give what the ORM query gives, for every call's values, and refuse what they can't keep."""

from __future__ import annotations

import pytest

from jurycourt.models import DocketEntry, Person
from jurycourt.prepared import Prepared

ENTRY = Prepared(lambda entry_id: DocketEntry.get_or_none(id=entry_id).select_related("case", "hearing__program"),
                 entry_id=int)
NAMES = Prepared(lambda family: Person.filter(family_name=family).order_by("id").values_list("id", "given_name"),
                 family=str)


async def test_a_prepared_query_returns_what_the_orm_query_returns_for_each_call(demo):
    entries = await DocketEntry.all().select_related("case", "hearing__program").order_by("id").limit(5)
    assert len(entries) >= 2
    for expected in entries:
        got = await ENTRY(entry_id=expected.id)
        assert (got.id, got.case.id, got.case.respondent_id, got.hearing.id, got.hearing.program.name) == (
            expected.id, expected.case.id, expected.case.respondent_id, expected.hearing.id,
            expected.hearing.program.name)
    assert await ENTRY(entry_id=10**9) is None
    families = {p.family_name for p in await Person.all().limit(20)}
    for family in families:
        assert await NAMES(family=family) == list(
            await Person.filter(family_name=family).order_by("id").values_list("id", "given_name"))
    assert await NAMES(family="no such family") == []


async def test_a_prepared_query_refuses_wrong_types_and_values_that_change_its_sql(demo):
    with pytest.raises(TypeError):
        await ENTRY(entry_id="1")
    by_list = Prepared(lambda names: Person.filter(given_name__in=names.split(",")), names=str)
    with pytest.raises(TypeError):
        await by_list(names="Ann,Bo")
    unused = Prepared(lambda person_id: Person.filter(id=1), person_id=int)
    with pytest.raises(TypeError):
        await unused(person_id=2)
    with pytest.raises(TypeError):
        Prepared(lambda when: Person.filter(created_at=when), when=float)


async def test_a_prepared_query_reads_through_the_connection_of_the_moment(demo):
    """Later calls reuse the first call's query object: inside a transaction they must still read
    through it (and see its own writes), and after it through the ordinary connection again."""
    from tortoise.transactions import in_transaction

    await NAMES(family="Quill")  # built here, outside any transaction
    with pytest.raises(RuntimeError):
        async with in_transaction():
            person = await Person.create(given_name="Ada", family_name="Quill")
            assert await NAMES(family="Quill") == [(person.id, "Ada")]
            raise RuntimeError("roll it back")
    assert await NAMES(family="Quill") == []
