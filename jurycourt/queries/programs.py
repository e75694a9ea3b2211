"""Programs and their rooms as the pages need them: names, time zones and rules are not
confidential, so these read for anyone a view has already let in."""

from __future__ import annotations

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.models import Program, Room


async def program_of(program_id: int) -> Program:
    """The program ``program_id`` (of something the viewer was already let see); NotFound if gone."""
    found = await Program.get_or_none(id=program_id)
    if found is None:
        raise NotFound()
    return found


async def program_or_none(program_id: int | None) -> Program | None:
    """The program a form named, or None when it names none (the form says so beside its field)."""
    return await Program.get_or_none(id=program_id) if program_id else None


async def first_coordinated_program(viewer: Viewer) -> Program:
    """The viewer's first coordinated program (lowest id): whose time zone a coordinator's
    program-wide pages use. NotFound for someone who coordinates none."""
    found = await Program.filter(id__in=viewer.coordinated_programs).order_by("id").first()
    if found is None:
        raise NotFound()
    return found


async def public_programs(limit: int = 20) -> list[Program]:
    """The programs the public home page lists, by name."""
    return await Program.all().order_by("name").limit(limit)


async def rooms_in(program_id: int) -> list[Room]:
    """The program's rooms, by venue and name."""
    return await Room.filter(program_id=program_id).order_by("venue", "name")
