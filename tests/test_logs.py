"""Production logs never carry an exception's message or traceback (they may quote personal data)."""

from __future__ import annotations

import logging

from jurycourt.serving.logs import WithholdTracebacks


def test_a_logged_exception_keeps_its_type_but_loses_its_message_and_traceback():
    try:
        raise ValueError("Key (login)=(tanya.reyes) already exists")
    except ValueError:
        import sys

        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                   (), sys.exc_info())
    assert WithholdTracebacks().filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError" in text
    assert "tanya" not in text
    assert "Traceback" not in text
