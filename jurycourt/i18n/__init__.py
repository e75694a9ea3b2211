"""Languages: which one the current request or message is in, and its translated words.

Every user-facing string is marked for translation: ``_()`` where the text is needed now (inside a
request, a message being rendered, a command's output), ``_l()`` where it is declared at import time
(labels in ``domain/`` tables, module constants) and read later, ``ngettext()`` where the words depend
on a number. The current language lives in a context variable that the web layer sets per request
(``use_language``) and the outbox sets per recipient, so the same code renders a page in English for
one person and in Spanish for the next. Catalogues are GNU gettext files managed with Babel
(``jurycourt/i18n/locale``; see the README's *Languages* section); they are compiled by ``make`` and,
if a compiled file is missing or older than its source, here at first use.

This module is plain Python (no web framework, no database), so ``domain/`` may import it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import LazyProxy, NullTranslations, Translations

#: The languages jurycourt speaks, as BCP 47 tags, each with its name in its own language.
LANGUAGES: dict[str, str] = {"en-US": "English", "es-US": "Español"}
DEFAULT_LANGUAGE = "en-US"
#: The language the source strings are written in: it needs no catalogue.
SOURCE_LANGUAGE = "en-US"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("jurycourt_language", default=DEFAULT_LANGUAGE)


def babel_name(tag: str) -> str:
    """The Babel/gettext name of a BCP 47 tag: ``es-US`` → ``es_US``."""
    return tag.replace("-", "_")


def supported(tag: str | None) -> str | None:
    """``tag`` as one of LANGUAGES (matching case-insensitively, or by its language alone: ``es`` →
    ``es-US``), else None."""
    if not tag:
        return None
    wanted = tag.strip().replace("_", "-").lower()
    for known in LANGUAGES:
        if known.lower() == wanted:
            return known
    primary = wanted.split("-", 1)[0]
    for known in LANGUAGES:
        if known.lower().split("-", 1)[0] == primary:
            return known
    return None


_QUALITY = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate(accept_language: str | None) -> str:
    """The supported language an ``Accept-Language`` header prefers most (RFC 9110 quality values),
    else the default."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "")[:500].split(",")):
        match = _QUALITY.match(part)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if quality > 0:
            choices.append((-quality, position, match.group(1)))
    for _quality, _position, tag in sorted(choices):
        found = supported(tag)
        if found:
            return found
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of whatever is being rendered now."""
    return _current.get()


@contextlib.contextmanager
def use_language(tag: str | None) -> Iterator[str]:
    """Render in ``tag`` (or the default, if it is not one we speak) inside the block."""
    token = _current.set(supported(tag) or DEFAULT_LANGUAGE)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_language(tag: str | None) -> str:
    """Set the language for the rest of the current context (a request's task); returns it."""
    chosen = supported(tag) or DEFAULT_LANGUAGE
    _current.set(chosen)
    return chosen


def catalogue_path(tag: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / babel_name(tag) / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalogue(tag: str) -> Path:
    """Compile ``tag``'s .po into its .mo (what ``make`` runs; done again here if stale)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source, target = catalogue_path(tag), catalogue_path(tag, ".mo")
    with source.open("rb") as po:
        catalog = read_po(po, locale=babel_name(tag))
    with target.open("wb") as mo:
        write_mo(mo, catalog, use_fuzzy=False)
    return target


@cache
def translations(tag: str) -> NullTranslations:
    """The compiled catalogue of ``tag`` (the source language needs none)."""
    if tag == SOURCE_LANGUAGE:
        return NullTranslations()
    source, compiled = catalogue_path(tag), catalogue_path(tag, ".mo")
    if source.exists() and (not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime):
        compile_catalogue(tag)
    with compiled.open("rb") as mo:
        return Translations(mo, domain=DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form (by the current language's plural rule) for ``n``."""
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same words in another ``context``."""
    return translations(_current.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).npgettext(context, singular, plural, n)


class Lazy(LazyProxy):
    """A lazy string that may also be part of a key (a cache's, a set's): it hashes as its words
    in the current language, as it compares."""

    def __hash__(self) -> int:
        return hash(self.value)


def lazy_gettext(message: str) -> str:
    """``message``, translated each time it is used into the language current at that moment
    (for strings declared at import time). Typed as ``str``, which it stands in for wherever text
    goes (formatting, joining, templates): its words are read only when it is used."""
    return Lazy(gettext, message, enable_cache=False)  # type: ignore[return-value]


def lazy(function, *args) -> LazyProxy:
    """``function(*args)``, called each time the value is used (e.g. ``lazy(getattr, state, "label")``
    for an enum's label in a table declared at import time)."""
    return Lazy(function, *args, enable_cache=False)


_ = gettext
_l = lazy_gettext


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Mark ``message`` for the catalogue without translating it here (it is translated where shown)."""
    return message
