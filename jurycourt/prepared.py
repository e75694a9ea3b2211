"""Prepared reads: an ORM query's SQL built once per database kind, then run with each call's values.

Building a query's SQL (resolving filters, joins and ``select_related``) is most of what a small
ORM read costs: several times the indexed lookup itself. For the hot reads of busy pages a
``Prepared`` query is written once, as an ordinary query over named parameters::

    ENTRY = Prepared(lambda entry_id: DocketEntry.get_or_none(id=entry_id).select_related("case"),
                     entry_id=int)
    entry = await ENTRY(entry_id=12)

The first call on a database kind builds the query twice, with the caller's values and with
stand-ins, to learn where each parameter sits among the SQL's values (and to refuse a query whose
SQL would depend on them). Every later call copies the query object built then (building it again,
filters and joins, cost more than the read), puts the kept SQL and this call's values in the copy,
points it at the model's current connection (a transaction's, when in one) and runs it through
Tortoise's own executor, so the rows become the same model instances, or values tuples, that
``await query`` gives. Parameters are ints, strings or aware datetimes (sent in UTC, as the models'
timestamp fields send them) used as plain filter values (not lists: ``__in`` writes one
placeholder per item).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Stand-in values that no real filter value equals, by parameter type.
_STAND_INS: dict[type, Callable[[int], Any]] = {
    int: lambda i: 7_654_321_001 + i,  # positive: offsets and limits refuse negatives
    str: lambda i: f"\x00prepared stand-in {i}\x00",
    datetime: lambda i: datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=i + 1),
}
#: What a value becomes on its way into the SQL (what the ORM's own fields would do with it):
#: timestamps are compared in UTC (models.fields.UtcDatetimeField), so they are sent in UTC.
_SENT: dict[type, Callable[[Any], Any]] = {
    datetime: lambda value: value.astimezone(UTC),
}


class _Sql:
    """Stands in for the query's pypika query: the kept SQL with this call's values."""

    __slots__ = ("sql", "values")

    def __init__(self, sql: str, values: list[Any]) -> None:
        self.sql, self.values = sql, values

    def get_parameterized_sql(self) -> tuple[str, list[Any]]:
        return self.sql, self.values


@dataclass(frozen=True)
class _Built:
    sql: str
    values: list[Any]  # the constants, with the parameters' places to fill
    slots: tuple[tuple[int, str], ...]  # (place among the values, parameter name)
    query: Any  # the query object built the first time (joins resolved), copied for every later call


class Prepared(Generic[T]):
    """A read query, built by ``build(**values)``, whose SQL is made once per database kind."""

    def __init__(self, build: Callable[..., Any], **params: type) -> None:
        unknown = [name for name, kind in params.items() if kind not in _STAND_INS]
        if unknown:
            raise TypeError(f"prepared parameters are int, str or datetime: {', '.join(unknown)}")
        self.build, self.params = build, params
        self._built: dict[str, _Built] = {}
        self._model: Any = None  # the queried model, once known

    async def __call__(self, **values: Any) -> T:
        for name, kind in self.params.items():
            value = values.get(name)
            if type(value) is not kind:
                raise TypeError(f"{name} must be a {kind.__name__}, not {type(value).__name__}")
            if kind is datetime and value.tzinfo is None:
                raise TypeError(f"{name} must be an aware datetime")
        db = self._model._choose_db() if self._model is not None else None
        built = self._built.get(db.capabilities.dialect) if db is not None else None
        if built is None:
            query = self.build(**values)
            query._choose_db_if_not_chosen()
            built = self._built[query._db.capabilities.dialect] = self._prepare(query, values)
            self._model = query.model
        else:
            query = copy.copy(built.query)
            query._db = db
        filled = list(built.values)
        for place, name in built.slots:
            sent = _SENT.get(self.params[name])
            filled[place] = sent(values[name]) if sent else values[name]
        query.query = _Sql(built.sql, filled)
        return await query._execute()

    def _prepare(self, query: Any, values: dict[str, Any]) -> _Built:
        """Build the SQL with the caller's values and with stand-ins: the places where they differ
        are the parameters'; anything else that differs means the SQL depends on the values."""
        query._make_query()
        sql, real = query.query.get_parameterized_sql()
        stand_ins = {name: _STAND_INS[kind](i) for i, (name, kind) in enumerate(self.params.items())}
        other = self.build(**stand_ins)
        other._choose_db_if_not_chosen()
        other._make_query()
        other_sql, fake = other.query.get_parameterized_sql()
        if other_sql != sql or len(fake) != len(real):
            raise TypeError("a prepared query's SQL must not depend on its parameters' values")
        names = {value: name for name, value in stand_ins.items()}
        slots = []
        for place, (mine, theirs) in enumerate(zip(real, fake, strict=True)):
            if mine == theirs:
                continue
            name = names.get(theirs)
            if name is None or mine != values[name]:
                raise TypeError("a prepared query's parameters must reach the SQL unchanged (plain filter values)")
            slots.append((place, name))
        missing = set(self.params) - {name for _, name in slots}
        if missing:
            raise TypeError(f"prepared parameters not used by the query: {', '.join(sorted(missing))}")
        return _Built(sql, list(real), tuple(slots), copy.copy(query))
