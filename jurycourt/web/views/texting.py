"""Reaching people: each person's own choice of channel, a coordinator setting it and recording consent
for someone, the text provider's webhooks, and the inbox of texts nobody's rule answered.

The webhooks carry no session and no CSRF token: the provider's signature over the public URL (built
from ``JURYCOURT_BASE_URL``) and the parameters is their proof, checked before anything is read.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import texting as act
from jurycourt.auth.policy import NotFound
from jurycourt.jobs import texts
from jurycourt.queries.people import person_for_coordinator
from jurycourt.queries.reach import own_record
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render
from jurycourt.web.views.contact_section import contact_context
from jurycourt.web.views.people import person_page_context


async def my_messages(request: Request) -> Response:
    """GET /me/messages: how jurycourt reaches me (the page List-Unsubscribe points to)."""
    viewer = signed_in(request)
    me = await own_record(viewer)
    return render(request, "account/messages.html", await contact_context(me, request.app.state.settings))


async def save_my_messages(request: Request) -> Response:
    """POST /me/messages: choose channels; agreeing to texts records my own consent."""
    viewer = signed_in(request)
    me = await own_record(viewer)
    form = Form.from_data(await read_form(request), ["contact_by", "agree_texts"])

    async def save() -> None:
        if form.get("agree_texts"):
            await act.record_consent(viewer, me, False, "given by the person on their messages page")
        await act.set_contact_choice(viewer, me, form.get("contact_by"), me.copies_to_guardian)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "account/messages.html", await contact_context(me, request.app.state.settings, form),
                      status_code=status)
    return await answer(request, form, save, done=lambda _: redirect(request, "my_messages", query={"saved": "1"}),
                        failed=failed, field="contact_by")


async def set_contact(request: Request) -> Response:
    """POST /people/{id}/contact: a coordinator sets how a person without an account is reached."""
    viewer = signed_in(request)
    person = await person_for_coordinator(viewer, request.path_params["person_id"])
    form = Form.from_data(await read_form(request), ["contact_by", "copies_to_guardian"])
    return await _on_person_page(request, person, form, lambda: act.set_contact_choice(
        viewer, person, form.get("contact_by"), bool(form.get("copies_to_guardian"))))


async def record_consent(request: Request) -> Response:
    """POST /people/{id}/text-consent: a coordinator records consent (the person's or a guardian's)."""
    viewer = signed_in(request)
    person = await person_for_coordinator(viewer, request.path_params["person_id"])
    form = Form.from_data(await read_form(request), ["by_guardian", "source"])
    return await _on_person_page(request, person, form, lambda: act.record_consent(
        viewer, person, form.get("by_guardian") == "1", form.get("source")))


async def _on_person_page(request: Request, person, form: Form, action) -> Response:
    """Run a coordinator's step on a person's messages; back to their page, or the page with the
    form as typed and its error."""
    async def failed(form: Form, status: int) -> Response:
        context = await person_page_context(request, person, contact_form=form)
        return render(request, "people/detail.html", context, status_code=status)
    return await answer(request, form, action, done=lambda _: redirect(request, "person", person_id=person.id),
                        failed=failed, field="contact_by")


async def _verified_params(request: Request) -> list[tuple[str, str]] | None:
    """The webhook's form parameters when the provider's signature over them is valid, else None."""
    settings = request.app.state.settings
    data = await read_form(request)
    params = [(k, v) for k, v in data.multi_items() if isinstance(v, str)]
    url = settings.base_url.rstrip("/") + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not texts.signed_by_provider(settings, url, params, request.headers.get("x-twilio-signature")):
        return None
    return params


async def inbound_text(request: Request) -> Response:
    """POST /hooks/texts/inbound: a text someone sent us. Answered in TwiML; a repeat is answered empty."""
    params = await _verified_params(request)
    if params is None:
        return Response("signature required", status_code=403, media_type="text/plain")
    values = dict(params)
    answer = await act.receive_text(values.get("MessageSid", ""), values.get("From", ""), values.get("Body", ""))
    reply = f"<Message>{escape(answer.reply)}</Message>" if answer and answer.reply else ""
    return Response(f'<?xml version="1.0" encoding="UTF-8"?><Response>{reply}</Response>',
                    media_type="application/xml")


async def text_status(request: Request) -> Response:
    """POST /hooks/texts/status: the provider's delivery report for a text we sent."""
    params = await _verified_params(request)
    if params is None:
        return Response("signature required", status_code=403, media_type="text/plain")
    values = dict(params)
    await act.delivery_report(values.get("MessageSid", ""), values.get("MessageStatus", ""),
                              values.get("ErrorCode", ""))
    return Response(status_code=204)


async def inbox_handled(request: Request) -> Response:
    """POST /outbox/inbox/{item_id}/handled: a coordinator dealt with a text in the inbox."""
    viewer = signed_in(request)
    item_id = parse_id(str(request.path_params.get("item_id")))
    try:
        await act.mark_handled(viewer, item_id or 0)
    except NotFound:
        pass  # handled already (or never ours): the outbox shows what is left
    return redirect(request, "outbox")

