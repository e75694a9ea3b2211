"""Adding and removing a person's conflicts and affiliations (coordinators only; confidential)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jurycourt.actions import conflicts as act
from jurycourt.i18n import _
from jurycourt.queries.conflicts import affiliation_of, conflict_of
from jurycourt.queries.people import person_for_coordinator
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import is_partial, render, url_paths
from jurycourt.web.views import people
from jurycourt.web.views.conflicts_section import section_context

if TYPE_CHECKING:
    from jurycourt.models import Person


async def _person(request: Request) -> Person:
    return await person_for_coordinator(signed_in(request), int(request.path_params["person_id"]))


async def _section(request: Request, person: Person, status_code: int = 200, **forms: Form) -> Response:
    """htmx swaps the section in place; a plain post that failed gets the person page back."""
    if is_partial(request):
        context = await section_context(request.state.viewer, person, **forms)
        return render(request, "people/_conflicts.html", {"person": person, **context}, status_code=status_code)
    return render(request, "people/detail.html", await people.person_page_context(request, person, **forms),
                  status_code=status_code)


async def _done(request: Request, person: Person) -> Response:
    if is_partial(request):
        return await _section(request, person)
    url = url_paths(request.app)("person", person_id=person.id)
    return RedirectResponse(f"{url}#conflicts", status_code=303)


async def add_conflict(request: Request) -> Response:
    person = await _person(request)
    form = Form.from_data(await read_form(request), ["other", "relation"])
    form.required("other", message=_("Choose a person."))
    other = form.id("other", _("Choose a person from the list."))
    return await answer(request, form, lambda: act.record_conflict(request.state.viewer, person, other,
                                                                   form.get("relation")),
                        done=lambda _: _done(request, person),
                        failed=lambda form, status: _section(request, person, status, conflict_form=form),
                        field="other")


async def delete_conflict(request: Request) -> Response:
    person = await _person(request)
    await read_form(request)
    conflict = await conflict_of(request.state.viewer, person, int(request.path_params["conflict_id"]))
    await act.remove_conflict(request.state.viewer, conflict)
    return await _done(request, person)


async def add_affiliation(request: Request) -> Response:
    person = await _person(request)
    form = Form.from_data(await read_form(request), ["kind", "key"])
    return await answer(request, form, lambda: act.add_affiliation(request.state.viewer, person, form.get("kind"),
                                                                   form.get("key")),
                        done=lambda _: _done(request, person),
                        failed=lambda form, status: _section(request, person, status, affiliation_form=form),
                        field="key")


async def delete_affiliation(request: Request) -> Response:
    person = await _person(request)
    await read_form(request)
    affiliation = await affiliation_of(request.state.viewer, person, int(request.path_params["affiliation_id"]))
    await act.remove_affiliation(request.state.viewer, affiliation)
    return await _done(request, person)
