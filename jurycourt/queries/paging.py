"""Bounded lists: every list page reads one page of rows, never the whole table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def clamped(number: int, total: int, size: int = PAGE_SIZE) -> int:
    """The page number asked for, or the last page when there are fewer pages."""
    return min(number, max(1, -(-total // size)))


async def paginate(query: QuerySet, number: int, size: int = PAGE_SIZE) -> Page:
    total = await query.count()
    number = clamped(number, total, size)
    items = await query.offset((number - 1) * size).limit(size)
    return Page(items=list(items), number=number, total=total, size=size)
