"""Case pages: the coordinator's list, the referral form, and the case page for each viewer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.actions.view_log import log_view
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain.case_access import Access
from jurycourt.domain.cases import CaseState
from jurycourt.domain.demographics import CONSENT_SOURCES, ETHNICITIES, GENDERS, RACES
from jurycourt.domain.intake import agencies, offence_categories
from jurycourt.domain.people import person_problems
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.i18n import _, _l, lazy
from jurycourt.queries.agencies import program_agencies
from jurycourt.queries.case_list import SEALED, cases_page, dashboard
from jurycourt.queries.case_page import coordinator_context, sanctions_of
from jurycourt.queries.cases import juror_brief, read_case
from jurycourt.queries.people import coordinated_programs
from jurycourt.queries.programs import program_or_none
from jurycourt.queries.referrals import person_in_programs, possible_duplicates
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.params import parse_id, parse_page, search_term
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.service_links import supervisor_url
from jurycourt.web.templating import render, url_paths

if TYPE_CHECKING:
    from jurycourt.models import Program

STATES = [("", _l("All states"))] + [(s.value, lazy(getattr, s, "label")) for s in CaseState] + [
    (SEALED, _l("Sealed cases"))]
PERSON = ("given_name", "family_name", "preferred_name", "date_of_birth", "email", "phone", "address")
REFERRAL = ["referring_agency", "agency_reference",
            "agency", "referring_officer", "referral_date", "offence_category", "summary", "program",
            "respondent_choice", "guardian_choice"]
FIELDS = [*REFERRAL, *PERSON, *(f"guardian_{n}" for n in PERSON)]


async def case_list(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    state = request.query_params.get("state", "")
    search = search_term(request.query_params.get("q"), 100)
    page = await cases_page(viewer, state, parse_page(request.query_params.get("page")), search)

    def page_url(number: int) -> str:
        return url_paths(request.app)("cases") + "?" + urlencode({"q": search, "state": state, "page": number})

    return render(request, "cases/list.html", {
        "page": page, "state": state, "states": STATES, "page_url": page_url, "search": search,
        "dashboard": await dashboard(viewer, clock.today()), "form": Form({"state": state, "q": search}),
    }, fragment="cases/_results.html")


async def _programs(request: Request) -> list[Program]:
    return await coordinated_programs(request.state.viewer)


async def _referral_context(request: Request, form: Form, **extra) -> dict:
    programs = await _programs(request)
    rules = programs[0].rules if programs else {}
    records = await program_agencies(programs[0].id if programs else None)
    return {"form": form, "programs": [(str(p.id), p.name) for p in programs],
            "agencies": [("", _("Choose…")), *agencies(rules).items()],
            "agency_records": [("", _("None: an old-style referrer")), *((str(a.id), a.name) for a in records)],
            "offences": [("", _("Choose…")), *offence_categories(rules).items()],
            "respondent_duplicates": [], "guardian_duplicates": [], **extra}


async def new_case_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form({"program": str(viewer.coordinated_programs[0]), "referral_date": clock.today().isoformat()})
    return render(request, "cases/new.html", await _referral_context(request, form))


def _person_values(form: Form, prefix: str) -> dict[str, str]:
    return {n: form.get(prefix + n) for n in PERSON}


async def _choose_person(request: Request, form: Form, prefix: str, choice_name: str, required: bool):
    """(existing id, new values, duplicates to offer) for the respondent or the guardian."""
    viewer = request.state.viewer
    values = _person_values(form, prefix)
    choice = form.get(choice_name)
    if choice.isascii() and choice.isdigit():
        chosen = parse_id(choice)
        if chosen is None or not await person_in_programs(viewer, chosen):
            form.error(choice_name, _("Choose one of the people offered."))
        return chosen, None, []
    if not required and not any(values.values()):
        return None, None, []
    for name, problem in person_problems(values, clock.today()).items():
        form.error(prefix + name, problem)
    born = form.date(prefix + "date_of_birth") if not form.errors.get(prefix + "date_of_birth") else None
    duplicates = await possible_duplicates(viewer, values["given_name"], values["family_name"], born)
    if duplicates and choice != "new":
        form.error(choice_name, _("Someone with this name and date of birth is known already: "
                                  "use them, or say this is a different person."))
    return None, values, duplicates


async def new_case(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), FIELDS)
    program_id = parse_id(form.get("program"))
    if program_id not in viewer.coordinated_programs:
        form.error("program", _("Choose one of your programs."))
    program = await program_or_none(program_id)
    rules = program.rules if program else {}
    records = {str(a.id): a for a in await program_agencies(program_id)}
    record = records.get(form.get("referring_agency"))
    if form.get("referring_agency") and record is None:
        form.error("referring_agency", _("Choose one of the program's agencies."))
    if record is not None:  # the agency record says which referrer it is
        form.values["agency"] = record.kind.intake_agency
    elif form.get("agency") not in agencies(rules):
        form.error("agency", _("Choose the referring agency."))
    form.max_length("agency_reference", 40)
    if form.get("offence_category") not in offence_categories(rules):
        form.error("offence_category", _("Choose the offence category."))
    form.required("referral_date", "summary")
    form.max_length("referring_officer", 120)
    form.max_length("summary", 2000)
    referral_date = form.date("referral_date", past=True)
    rid, rvalues, rdups = await _choose_person(request, form, "", "respondent_choice", True)
    gid, gvalues, gdups = await _choose_person(request, form, "guardian_", "guardian_choice", False)
    if not form.ok or program_id is None or referral_date is None:
        context = await _referral_context(request, form, respondent_duplicates=rdups, guardian_duplicates=gdups)
        return render(request, "cases/new.html", context, status_code=invalid_status(request))
    referral = Referral(form.get("agency"), form.get("referring_officer"), referral_date,
                        form.get("offence_category"), form.get("summary"),
                        record.id if record else None, form.get("agency_reference") if record else "")
    case = await refer_case(viewer, program_id, referral, respondent_id=rid, respondent=rvalues,
                            guardian_id=gid, guardian=gvalues)
    return redirect(request, "case", case_id=case.id)


async def case_page(request: Request, **extra) -> Response:
    """The case page: the full file for coordinators, the brief for seated jurors, sanctions and
    progress for the respondent and guardians."""
    viewer = signed_in(request)
    read = await read_case(viewer, int(request.path_params["case_id"]))
    await log_view(read.case.id, viewer.person_id, read.seen)
    status = extra.pop("status_code", 200)
    if read.access == Access.JUROR:
        return render(request, "cases/brief.html", {"brief": await juror_brief(read), "read": read})
    if read.access == Access.OWN:
        return render(request, "cases/own.html", {"read": read, "case": read.case,
                                                  "sanctions": await sanctions_of(read.case.id)})
    context = {"read": read, "case": read.case, **await coordinator_context(read)}
    forms = extra.pop("forms", {})
    context.update(_page_forms(context, forms), forms=forms, link=lambda placement: supervisor_url(request, placement),
                   **extra)
    return render(request, "cases/detail.html", context, status_code=status)


YES_NO = [("", _l("Not yet answered")), ("yes", _l("Yes")), ("no", _l("No"))]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _page_forms(context: dict, failed: dict[str, Form]) -> dict:
    """The case page's forms: a failed one as typed, the others filled from the record."""
    intake = context["intake"]
    intake_values = {} if intake is None else {
        "first_offence": _yes_no(intake.first_offence), "non_violent": _yes_no(intake.non_violent),
        "accepts_responsibility": _yes_no(intake.accepts_responsibility),
        "age": "" if intake.age is None else str(intake.age),
        "respondent_consent_on": str(intake.respondent_consent_on or ""),
        "guardian_consent_on": str(intake.guardian_consent_on or ""), "witness": intake.witness,
        "consent_refused": "yes" if intake.consent_refused else "no",
        "consenting_guardian": str(intake.consenting_guardian_id or ""),
    }
    tz = context["read"].program.time_zone
    found = context["demographics"]
    demographic_values = {} if found is None else {
        "gender": found.gender, "race": found.race, "ethnicity": found.ethnicity,
        "consent_given_on": str(found.consent_given_on), "consent_source": found.consent_source}
    return {
        "demographics_form": failed.get("demographics") or Form(demographic_values),
        "demographic_choices": {name: [("", _("Choose…")), *choices.items()] for name, choices in (
            ("gender", GENDERS), ("race", RACES), ("ethnicity", ETHNICITIES), ("consent_source", CONSENT_SOURCES))},
        "intake_form": failed.get("intake") or Form(intake_values),
        "docket_form": failed.get("docket") or Form(),
        "undocket_form": failed.get("undocket") or Form(),
        "sanction_form": failed.get("sanction") or Form({"kind": "jury_duty"}),
        "yes_no": YES_NO,
        "guardian_options": [("", _("Choose…"))] + [(str(g.id), g.display_name) for g in context["guardians"]],
        "hearing_options": [("", _("Choose a hearing…"))] + [
            (str(h.id), f"{h.starts_at.astimezone(ZoneInfo(tz)):%a %d %b %Y, %H:%M}"
                        f"{' — ' + h.title if h.title else ''}") for h in context["hearings"]],
        "status_options": [(s.value, s.label.capitalize()) for s in SanctionStatus],
        "today": clock.today().isoformat(),
    }
