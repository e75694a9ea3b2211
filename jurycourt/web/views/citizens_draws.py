"""Citizens' panel draw pages: queue a check, a draw or a verifying re-run, then follow it (htmx polling,
a meta refresh without JavaScript) and read its result, chart and report; and the public downloads of a
done draw's pseudonymised inputs and record, which anyone can check with ``python -m jurycourt.sortition.verifier``."""

from __future__ import annotations

import json
import threading

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import citizens_draws as act
from jurycourt.domain.citizens_panels import canonical_json
from jurycourt.queries.citizens_panels import draw_view, published_draw, published_record
from jurycourt.sortition.worker import spawn
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.probability_chart import probability_chart
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render
from jurycourt.web.views.citizens_panels import _panel_page


def _pid(request: Request) -> int:
    return int(request.path_params["panel_id"])


def start_worker(request: Request, draw_id: int) -> None:
    """Start the worker process for a queued draw and reap it when it ends (no zombie processes)."""
    process = spawn(request.app.state.settings.database_url, draw_id)
    threading.Thread(target=process.wait, daemon=True).start()


async def _queue(request: Request, queue, *args, form: Form | None = None) -> Response:
    viewer = signed_in(request)

    def started(draw) -> Response:
        start_worker(request, draw.id)
        return redirect(request, "citizens_draw", panel_id=_pid(request), draw_id=draw.id)

    async def failed(failed_form: Form, status: int) -> Response:
        if form is not None:
            return await _panel_page(request, status_code=status, form=failed_form)
        return await _panel_page(request, status_code=status, error=failed_form.message)
    return await answer(request, form if form is not None else Form(), lambda: queue(viewer, _pid(request), *args),
                        done=started, failed=failed, field=lambda _: "announced")


async def check(request: Request) -> Response:
    await read_form(request)
    return await _queue(request, act.queue_check)


async def draw(request: Request) -> Response:
    form = Form.from_data(await read_form(request), ["announced"])
    return await _queue(request, act.queue_draw, form.get("announced"), form=form)


async def rerun(request: Request) -> Response:
    await read_form(request)
    return await _queue(request, act.queue_rerun, int(request.path_params["draw_id"]))


async def verify(request: Request) -> Response:
    await read_form(request)
    return await _queue(request, act.queue_verify, int(request.path_params["draw_id"]))


async def draw_page(request: Request) -> Response:
    viewer = signed_in(request)
    view = await draw_view(viewer, _pid(request), int(request.path_params["draw_id"]))
    result = view.draw.result
    chart = None
    if view.draw.status == "done" and result.get("probabilities"):
        probabilities = {str(k): v for k, v in result["probabilities"].items()}
        chart = probability_chart(probabilities, {str(r) for r in result.get("selected", [])}, view.citizens.size)
    rows = sorted(((str(k), v) for k, v in result.get("probabilities", {}).items()), key=lambda kv: -kv[1])
    return render(request, "citizens/draw.html", {"view": view, "chart": chart, "rows": rows},
                  fragment="citizens/_draw_status.html")


def _download(body: bytes, filename: str) -> Response:
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


async def draw_inputs_file(request: Request) -> Response:
    """Anyone: the done draw's pseudonymised inputs, byte for byte the canonical JSON whose SHA-256 was
    published as the commitment before the draw (so ``sha256sum`` of the file prints the commitment)."""
    panel, draw = await published_draw(_pid(request))
    return _download(canonical_json(draw.inputs), f"panel-{panel.id}-draw-inputs.json")


async def draw_record_file(request: Request) -> Response:
    """Anyone: the done draw's record (inputs, announced value, seed, result in opaque references) to check
    with ``python -m jurycourt.sortition.verifier FILE``."""
    panel, record = await published_record(_pid(request), request.app.state.settings.source_url)
    body = json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    return _download(body, f"panel-{panel.id}-draw-record.json")
