"""Finds user-facing text that is not marked for translation.

Templates: every piece of text between tags, and every attribute people read (aria-label, alt,
title, placeholder, a button-like input's value, a meta description), must come from a
translation call (`_()`, `ngettext()`, `{% trans %}`) or a variable. Python (``domain/``,
``actions/``, ``web/``, ``queries/``, ``auth/``): a sentence-like string literal (a capital letter or
a full stop, and a space) must be inside a translation call, unless it is a docstring, a log
message, an internal exception's text, or a line that says ``# i18n: internal`` (text no person
reads: SQL, machine formats, operator commands).

Run ``python -m tests.i18n_scan [paths…]`` to list what is left, one line each.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
PYTHON_DIRS = ("domain", "actions", "web", "queries", "auth")
#: Words that are the same in every language: names of things, formats and standards.
SAME_IN_EVERY_LANGUAGE = {
    "jurycourt", "CSV", "JSON", "PDF", "Atom", "ICS", "iCalendar", "SHA-256", "QR", "HTML", "Markdown",
    "sortition-algorithms", "HiGHS", "maximin", "nash", "leximin", "OK", "URL",
}
#: Attributes whose values people read or hear.
READ_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder", "aria-description", "aria-roledescription"}
#: Elements whose text is code, not words (commands, hashes, keys).
CODE_ELEMENTS = {"code", "kbd", "samp", "pre", "script", "style"}
PLACEHOLDER = "\ue000"  # stands for a Jinja expression's output: not a letter
TRANSLATION_CALLS = {"_", "_l", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext", "N_"}
INTERNAL_MARK = "i18n: internal"
INTERNAL_EXCEPTIONS = {
    "ValueError", "TypeError", "RuntimeError", "AssertionError", "KeyError", "LookupError",
    "NotImplementedError", "SettingsError", "AttributeError", "OSError", "SystemExit",
}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def has_words(text: str) -> bool:
    """Whether ``text`` holds a word a reader would need translated."""
    for word in re.findall(r"[^\W\d_][\w'’.-]*", text):
        if word.strip(".-") not in SAME_IN_EVERY_LANGUAGE:
            return True
    return False


# --- templates --------------------------------------------------------------------------------

def _skeleton(source: str) -> list[tuple[int, str]]:
    """The template's raw text as (line, text) pieces, with each expression replaced by a placeholder
    and everything inside translation blocks and calls removed."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)  # only lexed, never rendered
    pieces: list[tuple[int, str]] = []
    in_trans = 0
    block: list[str] = []
    in_block = False
    for line, kind, value in env.lex(source):
        if kind == "block_begin":
            in_block, block = True, []
            continue
        if kind == "block_end":
            in_block = False
            name = block[0] if block else ""
            if name in ("trans", "pluralize"):
                in_trans = in_trans + 1 if name == "trans" else in_trans
            elif name == "endtrans":
                in_trans -= 1
            continue
        if in_block:
            if kind == "name" and not block:
                block.append(value)
            elif kind != "whitespace":
                block.append(value)
            continue
        if in_trans:
            continue
        if kind == "data":
            pieces.append((line, value))
        elif kind == "variable_begin":
            pieces.append((line, PLACEHOLDER))
    return pieces


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.code_depth = 0
        self.line_offset: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_ELEMENTS:
            self.code_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES and has_words(value):
                self.found.append((self.getpos()[0], f"{name}={value}"))
        button = tag == "input" and values.get("type") in ("submit", "button", "reset")
        if button and has_words(values.get("value") or ""):
            self.found.append((self.getpos()[0], f"value={values['value']}"))
        if tag == "meta" and values.get("name") == "description" and has_words(values.get("content") or ""):
            self.found.append((self.getpos()[0], f"content={values['content']}"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CODE_ELEMENTS:
            self.code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_ELEMENTS and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.code_depth and has_words(data):
            self.found.append((self.getpos()[0], " ".join(data.replace(PLACEHOLDER, "{}").split())))


def unmarked_in_template(path: Path) -> list[Unmarked]:
    pieces = _skeleton(path.read_text(encoding="utf-8"))
    # Keep line numbers: rebuild the text with each piece at its own line.
    text, lines = "", []
    for line, piece in pieces:
        text += piece
        lines.append(line)
    finder = _TextFinder()
    finder.feed(text)
    finder.close()
    source_lines = _line_map(pieces)
    return [Unmarked(path, source_lines(line), found) for line, found in finder.found]


def _line_map(pieces: list[tuple[int, str]]):
    """Maps a line of the skeleton back to the template's line."""
    starts: list[tuple[int, int]] = []  # (skeleton line where a piece starts, template line)
    skeleton_line = 1
    for line, piece in pieces:
        starts.append((skeleton_line, line))
        skeleton_line += piece.count("\n")

    def source_line(line: int) -> int:
        best = 1
        for begins, original in starts:
            if begins > line:
                break
            best = original + (line - begins)
        return best

    return source_line


# --- Python -----------------------------------------------------------------------------------

def _sentence_like(text: str) -> bool:
    text = text.strip()
    return (" " in text and has_words(text)
            and (text[:1].isupper() or text.endswith((".", "?", "!", ":")))
            and not re.match(r"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|PRAGMA|BEGIN)\b", text))


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _allowed_parents(tree: ast.AST) -> set[int]:
    """ids of string nodes inside translation calls, docstrings, logs or internal exceptions."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            # A logger's call (log.error, logger.warning), not any method that happens to be named
            # like one: ``form.error(name, "…")`` shows its message to the person on the page.
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            is_log = (name in LOG_METHODS and isinstance(receiver, ast.Name)
                      and (receiver.id in ("logging", "log", "logger") or receiver.id.endswith(("_log", "_logger"))))
            if name in TRANSLATION_CALLS or is_log or name in INTERNAL_EXCEPTIONS:
                for inner in ast.walk(node):
                    allowed.add(id(inner))
    return allowed


def unmarked_in_python(path: Path) -> list[Unmarked]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    allowed = _allowed_parents(tree)
    lines = source.splitlines()
    found: list[Unmarked] = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            for inner in ast.walk(node):
                allowed.add(id(inner))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if not _sentence_like(text):
            continue
        span = lines[node.lineno - 1:(node.end_lineno or node.lineno)]
        if any(INTERNAL_MARK in line for line in span):
            continue
        found.append(Unmarked(path, node.lineno, text[:80]))
    return found


def python_files() -> Iterator[Path]:
    for folder in PYTHON_DIRS:
        yield from sorted((ROOT / "jurycourt" / folder).rglob("*.py"))


def template_files() -> Iterator[Path]:
    yield from sorted(TEMPLATES.rglob("*.html"))


def everything_unmarked(paths: list[Path] | None = None) -> list[Unmarked]:
    chosen = paths or [*template_files(), *python_files()]
    found: list[Unmarked] = []
    for path in chosen:
        found += unmarked_in_template(path) if path.suffix == ".html" else unmarked_in_python(path)
    return found


if __name__ == "__main__":
    wanted = [Path(a).resolve() for a in sys.argv[1:]]
    paths = [p for p in [*template_files(), *python_files()]
             if not wanted or any(p == w or w in p.parents for w in wanted)]
    left = everything_unmarked(paths)
    for item in left:
        print(item)
    print(f"{len(left)} unmarked", file=sys.stderr)
