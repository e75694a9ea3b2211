"""Reading forms within our limits, and carrying a failed form back to the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import TypeVar

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from jurycourt import clock
from jurycourt.domain.documents import MAX_DOCUMENT_BYTES
from jurycourt.domain.errors import Refused
from jurycourt.domain.text import clean_text
from jurycourt.i18n import _, _l
from jurycourt.web.params import BadValue, parse_date, parse_id, parse_minutes, parse_moment, parse_time
from jurycourt.web.templating import is_partial

T = TypeVar("T")


async def read_form(request: Request) -> FormData:
    """The submitted form, refused with 400 when a field or the number of fields is too large."""
    settings = request.app.state.settings
    try:
        form = await request.form(
            max_files=20, max_fields=settings.max_fields, max_part_size=settings.max_field_bytes
        )
    except MultiPartException as exc:
        raise HTTPException(400, _("The form had too many or too large fields.")) from exc
    if len(form) > settings.max_fields:
        raise HTTPException(400, _("The form had too many fields."))
    for value in form.values():
        if isinstance(value, str) and len(value.encode()) > settings.max_field_bytes:
            raise HTTPException(400, _("A field in the form was too long."))
    return form


async def read_upload(data: FormData, name: str = "file", limit: int = MAX_DOCUMENT_BYTES) -> tuple[str, bytes]:
    """The uploaded file's name and content (empty when none was chosen). Reads at most one byte over
    ``limit``, so an oversized file is refused by the size check without being read whole."""
    upload = data.get(name)
    if isinstance(upload, UploadFile) and upload.filename:
        return upload.filename, await upload.read(limit + 1)
    return "", b""


@dataclass
class Form:
    """What the person typed and what was wrong with it, field by field."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: The action's refusal, when it refused (``web.answer`` sets it): for a page that shows more of it.
    refusal: Refused | None = field(default=None, repr=False)

    @classmethod
    def from_data(cls, data: FormData, names: list[str]) -> Form:
        """The named fields' text, cleaned (domain/text.py): every form's text is read through here.
        A field whose cleaning changed what the person would see comes back with that error."""
        form = cls()
        for name in names:
            cleaned = clean_text(str(data.get(name) or ""))
            form.values[name] = cleaned.text.strip()
            form.error(name, cleaned.problem)
        return form

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def error(self, name: str, message: str | None) -> None:
        if message and name not in self.errors:
            self.errors[name] = message

    def required(self, *names: str, message: str = _l("This is required.")) -> None:
        for name in names:
            if not self.get(name):
                self.error(name, message)

    def max_length(self, name: str, limit: int) -> None:
        if len(self.get(name)) > limit:
            self.error(name, _("Use at most %(limit)s characters.") % {"limit": limit})

    def parsed(self, name: str, parser: Callable[[str], T]) -> T | None:
        """The field read by one of ``jurycourt.web.params``' parsers; None when empty, and when
        wrong, with the parser's message beside the field."""
        raw = self.get(name)
        if not raw:
            return None
        try:
            return parser(raw)
        except BadValue as problem:
            self.error(name, problem.message)
            return None

    def date(self, name: str, *, past: bool = False) -> date | None:
        value = self.parsed(name, parse_date)
        if value is not None and past and value > clock.today():
            self.error(name, _("This date is in the future."))
        return value

    def moment(self, name: str, zone: tzinfo) -> datetime | None:
        """A required date and time, in UTC (see ``parse_moment``)."""
        if not self.get(name):
            self.error(name, _("Enter a date and time, like 2026-12-05 10:00."))
        return self.parsed(name, lambda raw: parse_moment(raw, zone))

    def time(self, name: str) -> time | None:
        return self.parsed(name, parse_time)

    def minutes(self, hours: str, minutes: str) -> int:
        """Minutes from an hours box and a minutes box (either may be blank); 0, with the problem
        beside the hours box, when they make no amount."""
        try:
            return parse_minutes(self.get(hours), self.get(minutes))
        except BadValue as problem:
            self.error(hours, problem.message)
            return 0

    def id(self, name: str, message: str) -> int | None:
        """The id chosen in a list (None when none was); ``message`` beside the field when the value
        could name no row."""
        raw = self.get(name)
        found = parse_id(raw)
        if raw and found is None:
            self.error(name, message)
        return found

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def message(self) -> str:
        """The first error, for a page that shows one refusal above its form rather than beside a field."""
        return next(iter(self.errors.values()), "")

    def check(self) -> None:
        """Refuse (with the first field's error) unless the form is fine: for a view whose page shows
        an action's refusal rather than errors beside each field."""
        for name, message in self.errors.items():
            raise Refused(message, name)


def invalid_status(request: Request) -> int:
    """422 for an htmx swap of the form, 400 for a plain form post."""
    return 422 if is_partial(request) else 400
