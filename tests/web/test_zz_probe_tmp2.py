import httpx
from tortoise import connections
from tests.web.helpers import sign_in
from tests.databases import on_postgres

async def test_probe(app, client, demo, tmp_path):
    await sign_in(client, "coordinator")
    conn = connections.get("default")
    print(type(conn), conn)
    await conn.close()
    if on_postgres():
        conn.port = 1
    else:
        conn.filename = str(tmp_path / "missing" / "x.sqlite3")
    t = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=t, base_url="http://testserver") as anon:
        for p in ["/healthz", "/"]:
            r = await anon.get(p); print("anon", p, r.status_code, r.text[:100].replace("\n"," "))
    c2 = httpx.AsyncClient(transport=t, base_url="http://testserver", cookies=client.cookies)
    r = await c2.get("/me"); print("signed /me", r.status_code, r.text[:300].replace("\n"," "))
