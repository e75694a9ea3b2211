"""A local HTTP server that implements the part of Twilio's API jurycourt uses, so the real client code
(jurycourt.jobs.texts.TwilioTexts) runs against it: sending a message, with Twilio's error answers for
numbers that opted out or cannot take texts. Tests sign webhooks with the same token."""

from __future__ import annotations

import base64
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

SID = "AC" + "0" * 32
TOKEN = "twilio-test-token-" + "t" * 14
FROM = "+12025550100"
#: Numbers the fake answers with an error, as Twilio does.
OPTED_OUT = "+12025559901"    # 21610
NOT_MOBILE = "+12025559902"   # 21614
BROKEN = "+12025559903"       # 500: try again later


@dataclass
class FakeTwilio:
    url: str = ""
    sent: list[dict[str, str]] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)

    def settings(self) -> dict[str, str]:
        return {"sms_provider": "twilio", "twilio_account_sid": SID, "twilio_auth_token": TOKEN,
                "twilio_from": FROM, "twilio_api_url": self.url}


def start() -> tuple[FakeTwilio, ThreadingHTTPServer]:
    fake = FakeTwilio()
    counter = itertools.count(1)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            length = int(self.headers.get("content-length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            if self.path != f"/2010-04-01/Accounts/{SID}/Messages.json":
                return self._answer(404, {"code": 20404, "message": "not found"})
            expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
            if self.headers.get("authorization") != expected:
                return self._answer(401, {"code": 20003, "message": "authenticate"})
            to = form.get("To", "")
            if to == BROKEN:
                return self._answer(500, {"code": 20500, "message": "internal"})
            if to == OPTED_OUT:
                return self._answer(400, {"code": 21610, "message": "unsubscribed recipient"})
            if to == NOT_MOBILE:
                return self._answer(400, {"code": 21614, "message": "not a mobile number"})
            with lock:
                sid = f"SM{next(counter):032d}"
                fake.sent.append({**form, "sid": sid})
            self._answer(201, {"sid": sid, "status": "queued", "to": to})

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
