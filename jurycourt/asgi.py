"""The ASGI app for servers: `uvicorn jurycourt.asgi:app` (what `jurycourt serve` runs)."""

from jurycourt.app import create_app
from jurycourt.serving.logs import log_json_lines

log_json_lines()
app = create_app()
