"""Logging that never writes personal data: in production, tracebacks are withheld.

An exception's message can quote the values it failed on (a name, a login), and a traceback
can show the code around it; in production only the exception's type is logged.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime


class WithholdTracebacks(logging.Filter):
    """Replace a record's exception details with the exception's type name."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            name = record.exc_info[0].__name__
            record.msg = f"{record.getMessage()} [{name}; details withheld]"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def withhold_tracebacks(logger_names: tuple[str, ...] = ("uvicorn.error", "jurycourt")) -> None:
    """Install the filter once on the loggers that report request errors."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdTracebacks) for f in logger.filters):
            logger.addFilter(WithholdTracebacks())


class JsonLines(logging.Formatter):
    """One JSON object a line: when, then a record's ``fields`` (a request's line), else its level,
    logger and message. An exception is named by its type only."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        line = {"at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")}
        line.update(fields if isinstance(fields, dict) else {
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()})
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
        return json.dumps(line)


def log_json_lines() -> None:
    """Send jurycourt's own logs (requests, housekeeping, outbox) to standard error as JSON lines.
    Called by the server's entry point (jurycourt/asgi.py), not by tests, which read records."""
    logger = logging.getLogger("jurycourt")
    if not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
