"""Logging that never writes personal data: in production, tracebacks are withheld.

An exception's message can quote the values it failed on (a name, a login), and a traceback
can show the code around it; in production only the exception's type is logged.
"""

from __future__ import annotations

import logging


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
