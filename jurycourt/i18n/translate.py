"""Put translations into a catalogue, and record their review, without hand-editing the .po file.

    python -m jurycourt.i18n.translate es-US translations.json [--by NAME]
    python -m jurycourt.i18n.translate es-US --reviewed reviewed.json --by NAME
    python -m jurycourt.i18n.translate es-US --untranslated     # what is left, as JSON to fill

``translations.json`` maps each English message (its singular, for plurals) to its translation: a
string, or a list of the plural forms in the catalogue's order. A translated entry is marked with a
translator comment ``translated: NAME``; ``--reviewed`` takes a JSON list of messages (or a map of
message → corrected translation) that a second person checked on the rendered page, and adds
``reviewed in context: NAME`` (a correction replaces the translation). Entries that are not in the
catalogue (run ``make messages`` first) are reported and skipped. A message with a context
(``pgettext``) is keyed as gettext keys it: ``"context\u0004message"``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from jurycourt.i18n import babel_name, catalogue_path, supported


def load(tag: str) -> Catalog:
    with catalogue_path(tag).open("rb") as po:
        return read_po(po, locale=babel_name(tag))


def save(tag: str, catalog: Catalog) -> None:
    with catalogue_path(tag).open("wb") as po:
        write_po(po, catalog, width=100, sort_by_file=True, include_previous=False)


def _comment(entry, prefix: str, who: str) -> None:
    entry.user_comments = [c for c in entry.user_comments if not c.startswith(prefix)] + [f"{prefix} {who}"]


CONTEXT_SEPARATOR = "\x04"  # gettext's separator between a message's context and its text


def _entry(catalog: Catalog, key: str):
    """The catalogue's entry for ``key`` (context, CONTEXT_SEPARATOR and message, for a message with a context)."""
    context, _, msgid = key.rpartition(CONTEXT_SEPARATOR)
    return catalog.get(msgid, context=context or None)


def _key(entry) -> str:
    msgid = entry.id if isinstance(entry.id, str) else entry.id[0]
    return f"{entry.context}{CONTEXT_SEPARATOR}{msgid}" if entry.context else msgid


def apply_translations(catalog: Catalog, translations: dict[str, str | list[str]], who: str) -> list[str]:
    """Set each translation; returns the messages the catalogue does not have."""
    unknown = []
    for msgid, text in translations.items():
        entry = _entry(catalog, msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        entry.string = tuple(text) if isinstance(text, list) else text
        entry.flags.discard("fuzzy")
        _comment(entry, "translated:", who)
    return unknown


def apply_review(catalog: Catalog, reviewed: list[str] | dict[str, str | list[str]], who: str) -> list[str]:
    """Record that ``who`` checked each message in context (correcting it where a map says so)."""
    unknown = []
    corrections = reviewed if isinstance(reviewed, dict) else dict.fromkeys(reviewed)
    for msgid, correction in corrections.items():
        entry = _entry(catalog, msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        if correction:
            entry.string = tuple(correction) if isinstance(correction, list) else correction
        _comment(entry, "reviewed in context:", who)
    return unknown


def untranslated(catalog: Catalog) -> dict[str, str | list[str]]:
    left: dict[str, str | list[str]] = {}
    for entry in catalog:
        if not entry.id:
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            left[_key(entry)] = (
                list(entry.id) if isinstance(entry.id, tuple) else "")
    return left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jurycourt.i18n.translate", description=__doc__.split("\n")[0])
    parser.add_argument("language")
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--reviewed", type=Path)
    parser.add_argument("--by", default="")
    parser.add_argument("--untranslated", action="store_true")
    args = parser.parse_args(argv)
    tag = supported(args.language)
    if tag is None:
        print(f"Unknown language {args.language!r}.", file=sys.stderr)
        return 2
    catalog = load(tag)
    if args.untranslated:
        json.dump(untranslated(catalog), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if not args.by:
        print("Say who translated or reviewed (--by NAME).", file=sys.stderr)
        return 2
    unknown: list[str] = []
    if args.file:
        unknown += apply_translations(catalog, json.loads(args.file.read_text(encoding="utf-8")), args.by)
    if args.reviewed:
        unknown += apply_review(catalog, json.loads(args.reviewed.read_text(encoding="utf-8")), args.by)
    save(tag, catalog)
    for msgid in unknown:
        print(f"not in the catalogue (run `make messages`?): {msgid!r}", file=sys.stderr)
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
