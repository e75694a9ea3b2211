"""The ASGI app for servers: `uvicorn jurycourt.asgi:app` (what `jurycourt serve` runs)."""

from jurycourt.app import create_app

app = create_app()
