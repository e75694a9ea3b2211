"""The jury room: one case on a hearing's docket, for its seated jurors and the coordinators.

Every form is a plain POST answered with 303 back to the room; an htmx post gets the room's
fragment back in place (422 with the input kept when refused). The whole room is polled
(answered 304 while nothing has changed) and morphed in place, so every form that applies shows
and a juror's unsent text stays. RoomView text never goes into titles, URLs or logs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import jury_room as act
from jurycourt.actions.view_log import log_view
from jurycourt.domain.case_access import Access
from jurycourt.domain.disposition_spread import band_labels
from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import (
    NEXT,
    Phase,
    can_decide,
    early_close_needed,
    may_close_early,
    voting_rule_words,
)
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.domain.sanctions import SanctionKind, in_words, kind_label, menu
from jurycourt.i18n import _
from jurycourt.queries.cases import CaseRead, brief_of
from jurycourt.queries.harmed import impact_for_room
from jurycourt.queries.jury_room import RoomAccess, RoomView, decision_of, enter_room, live, room_access
from jurycourt.queries.outcomes import past_dispositions
from jurycourt.queries.question_bank import suggestions
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id, parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import is_partial, render

PROPOSAL_ROWS = 3
PROPOSAL_FIELDS = [f"{name}_{i}" for i in range(1, PROPOSAL_ROWS + 1) for name in ("kind", "quantity")]


async def _room(request: Request, *, entry_access: RoomAccess | None = None) -> RoomView:
    # The full page (not an htmx fragment) shows the brief, so it needs the respondent.
    return await enter_room(signed_in(request), int(request.path_params["entry_id"]),
                            respondent=not is_partial(request), entry_access=entry_access)


async def _context(request: Request, room: RoomView, forms: dict[str, Form] | None = None) -> dict:
    forms = forms or {}
    if not is_partial(request):
        # Every full page of the room shows the case's brief, whichever URL answered it (the room, its
        # live part asked for without htmx, a refused form): each is a view of the case, on the record.
        await log_view(room.case.id, room.person_id, "room:full" if room.member.coordinator else "room:juror")
    data = await live(room)
    # Only the full page shows the brief (fragments never do), and a case whose personal data was
    # erased has no respondent left to brief anyone about.
    # Jurors read the brief until the decision is recorded (domain.case_access), not after.
    briefed = room.phase != Phase.DECIDED or room.member.coordinator
    brief = brief_of(CaseRead(room.case, Access.JUROR, room.program, room.entry), room.recorded_age) \
        if briefed and room.case.respondent_id and not is_partial(request) else None
    # The program's past dispositions for the offence, frozen per quarter (queries.outcomes), beside the brief.
    past = await past_dispositions(room.program, room.case.offence_category,
                                   clock.today(room.program.time_zone)) if brief else None
    offered = menu(room.program.rules)
    # Every disposition includes jury duty (pre-filled with the program's number of sessions, its own
    # row); the other rows choose among the rest of the menu (restitution is the coordinator's).
    jury_first = SanctionKind.JURY_DUTY.value in offered
    kinds = [("", _("None")), *((k, str(label)) for k, label in offered.items()
                                if k != "restitution" and not (jury_first and k == SanctionKind.JURY_DUTY))]
    suggested = []
    if room.member.seated and room.phase in (Phase.PREPARING, Phase.QUESTIONING):
        drafted = {q.bank_question_id for q in data.questions if q.author_id == room.person_id}
        suggested = await suggestions(room.program.id, room.case.offence_category, drafted - {None})
    proposal_options = [
        (str(p.proposal.id), _("Proposal %(number)s: %(terms)s") % {"number": i, "terms": "; ".join(
            str(in_words(item["kind"], item.get("quantity"))) for item in p.proposal.sanctions)})
        for i, p in enumerate(data.proposals, 1) if p.current]
    program_rules = rules_with_defaults(room.program.rules)
    tally = data.tally
    return {
        "room": room, "live": data, "brief": brief,
        "impact": await impact_for_room(room.case.id, room.phase, room.member.coordinator),
        "decision": await decision_of(room, data),
        "past": past, "kind_label": kind_label, "band_labels": band_labels,
        "in_words": in_words, "suggested": suggested, "forms": forms, "kinds": kinds,
        "proposal_options": proposal_options, "jury_first": jury_first, "voting_rule_words": voting_rule_words,
        "jury_sessions": program_rules["jury_duty_sessions"],
        "can_decide": can_decide(tally, room.voting_rule),
        "may_close": tally is not None and not tally.closed and may_close_early(tally, room.program.rules),
        "close_needed": early_close_needed(tally.seated, room.program.rules) if tally else 0,
        "rows": range(1, PROPOSAL_ROWS + 1), "next_phase": NEXT.get(room.phase), "Phase": Phase,
        "statement_form": forms.get("statement") or Form(),
        "question_form": forms.get("question") or Form(),
        "proposal_form": forms.get("proposal") or Form(),
        "support_form": forms.get("support") or Form(),
        "vote_form": forms.get("vote") or Form(),
        "lead_form": forms.get("lead") or Form(),
    }


def _render(request: Request, room: RoomView, context: dict, fragment: str, **kwargs) -> Response:
    return render(request, "room/page.html", context, fragment=fragment, **kwargs)


async def room_page(request: Request) -> Response:
    room = await _room(request)
    return _render(request, room, await _context(request, room), "room/_room.html")


async def room_live(request: Request) -> Response:
    """The live part: 304 while the room's version is what the browser already has (answered from
    the room access alone: one query with the session's)."""
    entry_access = await room_access(signed_in(request), int(request.path_params["entry_id"]))
    etag = entry_access.etag()
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    room = await _room(request, entry_access=entry_access)
    response = _render(request, room, await _context(request, room), "room/_room.html", headers=headers)
    response.headers.append("Vary", "If-None-Match")
    return response


async def _answer(request: Request, room: RoomView, name: str, form: Form,
                  act_on: Callable[[], Awaitable[object]], default_field: str | Callable[[Refused], str]) -> Response:
    """Run the action; 303 back (or the fresh room fragment for htmx), or the form with its error."""
    async def done(_: object) -> Response:
        if is_partial(request):
            return _render(request, room, await _context(request, room), "room/_room.html")
        return redirect(request, "room", entry_id=room.entry.id)

    async def failed(form: Form, status: int) -> Response:
        return _render(request, room, await _context(request, room, {name: form}), "room/_room.html",
                       status_code=status)
    return await answer(request, form, act_on, done=done, failed=failed, field=default_field)


def _chosen(form: Form, name: str) -> int:
    """The id chosen in ``name``; 0 (which names nothing) when it could name no row."""
    return parse_id(form.get(name)) or 0


async def statement(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["body"])
    return await _answer(request, room, "statement", form, lambda: act.post_statement(room, form.get("body")),
                         "body")


async def question(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["question"])
    return await _answer(request, room, "question", form, lambda: act.draft_question(room, form.get("question")),
                         "question")


async def propose(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), PROPOSAL_FIELDS)

    rows: list[tuple[SanctionKind, int | None]] = []
    for i in range(1, PROPOSAL_ROWS + 1):
        raw_kind, raw_quantity = form.get(f"kind_{i}"), form.get(f"quantity_{i}")
        if not raw_kind:
            continue
        kind = SanctionKind(raw_kind) if raw_kind in set(SanctionKind) else None
        quantity = parse_number(raw_quantity, 0, 9999) if raw_quantity else None
        if kind is None:
            form.error(f"kind_{i}", _("Choose a sanction from the menu."))
        elif raw_quantity and quantity is None:
            form.error(f"quantity_{i}", _("Enter the number as a whole number."))
        else:
            rows.append((kind, quantity))
    # the rules' refusals name "kind" or "quantity": shown beside the first row, as before
    return await _answer(request, room, "proposal", form, lambda: act.propose(room, rows),
                         lambda refusal: f"{refusal.field or 'kind'}_1")


async def support(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["proposal", "stance", "reason"])
    if form.get("stance") not in ("support", "object"):
        form.error("stance", _("Say whether you support or object."))
    if not form.get("proposal"):
        form.error("proposal", _("Choose the proposal you are giving your view on."))
    return await _answer(request, room, "support", form, lambda: act.support(
        room, _chosen(form, "proposal"), form.get("stance") == "support", form.get("reason")), "reason")


async def vote(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["proposal", "in_favour", "reason"])
    if form.get("in_favour") not in ("yes", "no"):
        form.error("in_favour", _("Vote for or against."))
    return await _answer(request, room, "vote", form, lambda: act.vote(
        room, _chosen(form, "proposal"), form.get("in_favour") == "yes", form.get("reason")), "in_favour")


async def lead(request: Request) -> Response:
    """The foreperson's or coordinator's buttons: open the next phase, close the vote (a coordinator),
    decide, or deliberate again after a vote that did not carry."""
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["step", "confirmed", "reason"])
    steps = {"next": lambda: act.open_next_phase(room), "close": lambda: act.close_vote(room, form.get("reason")),
             "decide": lambda: act.record_decision(room), "again": lambda: act.deliberate_again(room)}
    step = steps.get(form.get("step"))
    if step is None:
        form.error("step", _("There is no such step."))
    elif room.member.leads and form.get("confirmed") != "yes":
        # Each step is irreversible: ask first (the page's <dialog> asks when JavaScript runs).
        context = {**await _context(request, room, {"lead": form}), "step": form.get("step")}
        return render(request, "room/confirm.html", context, fragment="room/_confirm.html")
    # After the decision the room shows it, read-only, to everyone in it.
    return await _answer(request, room, "lead", form, step, "step")


async def ask(request: Request) -> Response:
    """The foreperson shows which question is being asked now (the hearing screen follows)."""
    room = await _room(request)
    form = Form.from_data(await read_form(request), [])
    question_id = int(request.path_params["question_id"])
    return await _answer(request, room, "questions", form, lambda: act.ask_question(room, question_id), "question")


async def hide(request: Request) -> Response:
    room = await _room(request)
    statement_id = int(request.path_params["statement_id"])
    form = Form.from_data(await read_form(request), ["reason"])
    return await _answer(request, room, f"hide-{statement_id}", form,
                         lambda: act.hide_statement(room, statement_id, form.get("reason")), "reason")


async def from_bank(request: Request) -> Response:
    """One click: a suggested question from the bank joins the juror's draft."""
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["bank_question"])
    return await _answer(request, room, "question", form,
                         lambda: act.draft_from_bank(room, _chosen(form, "bank_question")), "question")


async def move_question(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), ["direction"])
    if form.get("direction") not in ("up", "down"):
        form.error("question", _("Move a question up or down."))
    question_id = int(request.path_params["question_id"])
    return await _answer(request, room, "questions", form, lambda: act.move_question(
        room, question_id, form.get("direction") == "up"), "question")


async def question_worked(request: Request) -> Response:
    room = await _room(request)
    form = Form.from_data(await read_form(request), [])
    question_id = int(request.path_params["question_id"])
    return await _answer(request, room, "questions", form, lambda: act.mark_worked(room, question_id), "question")
