"""Inquiry pages: the list, chartering, the charter page with members and candidates, and the
state steps. Evidence, witnesses, findings and follow-up are in ``inquiry_work``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import inquiries as act
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import inquiries as rules
from jurycourt.domain.errors import Refused
from jurycourt.i18n import gettext
from jurycourt.queries import inquiries as inquiries_queries
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

CHARTER_FIELDS = ["title", "question", "scope", "starts_on", "ends_on", "threshold"]

#: A page's context builder: (request, access, form) → context.
Page = Callable[[Request, inquiries_queries.InquiryAccess, Form], Awaitable[dict]]


def inquiry_id(request: Request) -> int:
    return int(request.path_params["inquiry_id"])


async def access_of(request: Request) -> tuple[Viewer, inquiries_queries.InquiryAccess]:
    viewer = signed_in(request)
    return viewer, await inquiries_queries.inquiry_access(viewer, inquiry_id(request))


async def step(request: Request, template: str, page: Page, fields: list[str], route: str,
               run: Callable[[Viewer, inquiries_queries.InquiryAccess, Form, FormData], Awaitable[object]],
               suffix: str = "") -> Response:
    """The shape of every inquiry form post: check access, read the form, run the action, then
    redirect to ``route`` or re-render the page with the refusal beside its field (input kept;
    ``suffix``: what the form adds to the field names the action knows, as "-7" for finding 7)."""
    viewer, access = await access_of(request)
    data = await read_form(request)
    form = Form.from_data(data, fields)

    async def failed(form: Form, status: int) -> Response:
        return render(request, template, await page(request, access, form), status_code=status)
    return await answer(request, form, lambda: run(viewer, access, form, data),
                        done=lambda _: redirect(request, route, inquiry_id=access.inquiry.id), failed=failed,
                        field=lambda refusal: next((name for name in (refusal.field, f"{refusal.field}{suffix}")
                                                    if name in fields), fields[0]))


async def inquiry_list(request: Request) -> Response:
    viewer = signed_in(request)
    items = await inquiries_queries.visible_inquiries(viewer)
    require(bool(items) or coordinates(viewer))
    return render(request, "inquiries/list.html", {"items": items, "may_charter": coordinates(viewer)})


async def new_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    return render(request, "inquiries/new.html", {"form": Form({"threshold": "2/3"})})


async def create(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), CHARTER_FIELDS)
    starts_on, ends_on = form.date("starts_on"), form.date("ends_on")

    async def failed(form: Form, status: int) -> Response:
        return render(request, "inquiries/new.html", {"form": form}, status_code=status)
    return await answer(request, form,
                        lambda: act.charter(viewer, viewer.coordinated_programs[0], title=form.get("title"),
                                            question=form.get("question"), scope=form.get("scope"),
                                            starts_on=starts_on, ends_on=ends_on, threshold=form.get("threshold")),
                        done=lambda inquiry: redirect(request, "inquiry", inquiry_id=inquiry.id), failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in CHARTER_FIELDS else "title")


async def detail_context(request: Request, access: inquiries_queries.InquiryAccess, form: Form) -> dict:
    inquiry = access.inquiry
    publication = await inquiries_queries.report_of(access)
    in_office = await inquiries_queries.members_in_office(inquiry.id)
    candidates = await inquiries_queries.candidates(access, clock.today()) if access.coordinator else []
    return {
        "access": access, "inquiry": inquiry, "members": await inquiries_queries.members(inquiry.id), "form": form,
        "candidates": candidates,
        "candidate_options": [(str(c.person.id), c.person.display_name) for c in candidates if c.eligibility.eligible],
        "steps": [(s.name, s.label) for s in rules.LIFECYCLE.available(inquiry.state)],
        "publication": publication, "in_office": in_office,
        "needed": rules.votes_needed(access.threshold, in_office) if in_office else None,
        "roles": [(r.value, r.label) for r in rules.MemberRole],
    }


async def inquiry(request: Request) -> Response:
    _, access = await access_of(request)
    return render(request, "inquiries/detail.html", await detail_context(request, access, Form()))


async def add_member(request: Request) -> Response:
    async def run(viewer, access, form, data):
        person_id = parse_id(form.get("person"))
        if person_id is None:
            raise Refused(gettext("Choose a grand juror."), "person")
        await act.add_member(viewer, access, person_id, form.get("role") or "member")

    return await step(request, "inquiries/detail.html", detail_context, ["person", "role"], "inquiry", run)


async def end_membership(request: Request) -> Response:
    member_id = int(request.path_params["member_id"])

    async def run(viewer, access, form, data):
        await act.end_membership(viewer, access, member_id)

    return await step(request, "inquiries/detail.html", detail_context, ["person"], "inquiry", run)


async def move(request: Request) -> Response:
    async def run(viewer, access, form, data):
        await act.move(viewer, access, form.get("step_action"))

    return await step(request, "inquiries/detail.html", detail_context, ["step_action"], "inquiry", run)
