"""Every word a person reads is translatable, and the Spanish catalogue translates all of it."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from jurycourt import i18n
from tests.i18n_scan import ROOT, TEMPLATES, everything_unmarked, unmarked_in_python, unmarked_in_template

BABEL_CFG = ROOT / "jurycourt" / "i18n" / "babel.cfg"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def ignored_dirs() -> list[str]:
    """The folder patterns `make messages` passes to ``pybabel extract --ignore-dirs`` (the Makefile's
    MESSAGES_IGNORE_DIRS): this check extracts exactly what the catalogue gets."""
    match = re.search(r"^MESSAGES_IGNORE_DIRS\s*:=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, "the Makefile no longer sets MESSAGES_IGNORE_DIRS"
    return match.group(1).split()


def read_dir(dirpath: str) -> bool:
    """Whether extraction reads a folder: as pybabel's ``--ignore-dirs`` decides, by the folder's name.
    (Left to itself, Babel skips every folder starting with `_`, templates/_macros among them.)"""
    return not any(fnmatch.fnmatch(os.path.basename(dirpath), pattern) for pattern in ignored_dirs())


def extracted(files: list[str] | None = None) -> set[tuple[str | None, str]]:
    """(context, message) of every string the sources mark, extracted as `make messages` does;
    the relative path of each file read is appended to ``files``."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))

    def seen(filename: str, _method: str, _options: dict) -> None:
        if files is not None:
            files.append(filename.replace(os.sep, "/"))

    found: set[tuple[str | None, str]] = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, callback=seen, directory_filter=read_dir):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def marked_messages() -> set[tuple[str | None, str]]:
    return extracted()


def catalogue(tag: str):
    with i18n.catalogue_path(tag).open("rb") as po:
        return read_po(po, locale=i18n.babel_name(tag))


def test_the_spanish_catalogue_translates_every_marked_string_and_nothing_is_fuzzy():
    spanish = catalogue("es-US")
    missing, fuzzy, empty = [], [], []
    for context, msgid in sorted(marked_messages(), key=lambda pair: (pair[0] or "", pair[1])):
        entry = spanish.get(msgid, context=context)
        if entry is None:
            missing.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
        elif not (all(entry.string) if isinstance(entry.string, tuple) else entry.string):
            empty.append(msgid)
    assert not (missing or fuzzy or empty), (
        f"Spanish: {len(missing)} missing, {len(fuzzy)} fuzzy, {len(empty)} untranslated (run `make messages`, then "
        f"translate): {(missing + fuzzy + empty)[:20]}")


def test_the_scanner_finds_unmarked_words_in_templates_and_in_python(tmp_path: Path):
    template = tmp_path / "page.html"
    template.write_text('<p title="Plain title">{{ _("Marked") }} Unmarked words</p>'
                        '<code>sha256sum file</code>{% trans %}Also marked{% endtrans %}', encoding="utf-8")
    found = [u.text for u in unmarked_in_template(template)]
    assert found == ["title=Plain title", "{} Unmarked words"]

    module = tmp_path / "rules.py"
    module.write_text('"""A docstring is fine."""\n'
                      'def check():\n'
                      '    raise Refused("This sentence is not marked.")\n'
                      'def fine():\n'
                      '    raise Refused(_("This one is."))\n'
                      'SQL = "SELECT id FROM person"\n'
                      'ROUTE = "Internal words here."  # i18n: internal\n', encoding="utf-8")
    assert [u.text for u in unmarked_in_python(module)] == ["This sentence is not marked."]


def test_extraction_reads_every_template_even_in_folders_starting_with_an_underscore():
    files: list[str] = []
    messages = {message for _context, message in extracted(files)}
    templates = {path.relative_to(ROOT).as_posix() for path in TEMPLATES.rglob("*.html")}
    assert not templates - set(files), f"never read for the catalogue: {sorted(templates - set(files))[:10]}"
    assert "templates/_macros/forms.html" in files
    # The form macros' own words (the error summary, "optional") reach the catalogue.
    assert "(optional)" in messages and "Please correct %(num)s problem" in messages


def test_make_messages_skips_hidden_folders_but_not_underscore_ones():
    patterns = ignored_dirs()
    assert read_dir(str(ROOT / "templates" / "_macros"))
    assert not read_dir(str(ROOT / ".venv")) and not read_dir(str(ROOT / "node_modules"))
    makefile = (ROOT / "Makefile").read_text()
    assert "--ignore-dirs '$(MESSAGES_IGNORE_DIRS)'" in makefile and patterns

PENDING = ROOT / "tests" / "i18n_pending.txt"


def pending_paths() -> set[str]:
    """The paths still allowed unmarked text (tests/i18n_pending.txt: one per line, # comments)."""
    lines = (line.split("#", 1)[0].strip() for line in PENDING.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def test_no_user_facing_text_anywhere_is_left_unmarked_outside_the_pending_list():
    found: dict[str, list[str]] = {}
    for item in everything_unmarked():
        found.setdefault(str(item.path.relative_to(ROOT)), []).append(str(item))
    pending = pending_paths()
    unlisted = [line for path, lines in sorted(found.items()) if path not in pending for line in lines]
    assert not unlisted, ("Text a person reads is not marked for translation (wrap it in _() / _l() / ngettext, "
                          "or {{ _() }} / {% trans %} in templates):\n" + "\n".join(unlisted[:40]))
    done = sorted(path for path in pending if path not in found)
    assert not done, f"These paths have no unmarked text left: remove them from {PENDING.name}: {done}"


def test_the_pending_list_names_only_files_that_exist():
    missing = sorted(path for path in pending_paths() if not (ROOT / path).is_file())
    assert not missing, f"{PENDING.name} names files that do not exist: {missing}"
