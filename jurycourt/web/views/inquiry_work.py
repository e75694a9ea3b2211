"""An inquiry's working pages: evidence log (with documents), witnesses, findings and votes,
and follow-up after publication. Every page is for members and coordinators only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import inquiries as act
from jurycourt.actions import inquiry_findings as findings_act
from jurycourt.auth.policy import require
from jurycourt.domain import inquiries as rules
from jurycourt.domain.documents import ACCEPT_LABEL, MAX_DOCUMENT_BYTES
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import slugify
from jurycourt.domain.threads import Rights
from jurycourt.i18n import gettext
from jurycourt.queries import inquiries as inquiries_queries
from jurycourt.queries.documents import owned_document
from jurycourt.queries.inquiry_report import follow_up as follow_up_of
from jurycourt.queries.threads import ThreadReader, thread_of
from jurycourt.web.downloads import attachment
from jurycourt.web.forms import Form, read_form, read_upload
from jurycourt.web.params import parse_id, parse_ids, search_term
from jurycourt.web.templating import render
from jurycourt.web.views.inquiries import access_of, step

EVIDENCE_FIELDS = ["kind", "title", "body", "source_url", "tags", "file"]
WITNESS_FIELDS = ["name", "body", "hearing"]
FINDING_FIELDS = ["kind", "title", "body_named", "text", "due_on", "youth_role", "evidence"]


# --- evidence ------------------------------------------------------------------------------

async def evidence_context(request: Request, access: inquiries_queries.InquiryAccess, form: Form) -> dict:
    params = request.query_params
    search, tag = search_term(params.get("q"), 200), slugify(params.get("tag", "")) if params.get("tag") else ""
    return {"access": access, "inquiry": access.inquiry, "form": form, "search": search, "tag": tag,
            "items": await inquiries_queries.evidence(access, search, tag), "tags_of": inquiries_queries.tag_list,
            "kinds": list(act.EVIDENCE_KINDS.items()), "accept": ACCEPT_LABEL,
            "max_mb": MAX_DOCUMENT_BYTES // (1024 * 1024),
            "working": access.inquiry.state in rules.WORKING_STATES}


async def evidence(request: Request) -> Response:
    _, access = await access_of(request)
    return render(request, "inquiries/evidence.html", await evidence_context(request, access, Form()),
                  fragment="inquiries/_evidence_list.html")


async def add_evidence(request: Request) -> Response:
    async def run(viewer, access, form, data):
        filename, content = await read_upload(data)
        form.values.pop("file", None)
        await act.add_evidence(viewer, access, kind=form.get("kind"), title=form.get("title"), body=form.get("body"),
                               source_url=form.get("source_url"), tags=form.get("tags"), filename=filename,
                               data=content)

    return await step(request, "inquiries/evidence.html", evidence_context, EVIDENCE_FIELDS, "inquiry_evidence", run)


async def document(request: Request) -> Response:
    _, access = await access_of(request)
    found = await owned_document("inquiry", access.inquiry.id, int(request.path_params["document_id"]))
    return attachment(found)


# --- witnesses -----------------------------------------------------------------------------

async def witnesses_context(request: Request, access: inquiries_queries.InquiryAccess, form: Form) -> dict:
    hearings = await inquiries_queries.inquiry_hearings(access)
    return {"access": access, "inquiry": access.inquiry, "form": form,
            "witnesses": await inquiries_queries.witnesses(access),
            "hearings": [("", gettext("Not yet scheduled"))] + [(str(h.id), f"{h.title} ({h.starts_at:%Y-%m-%d})")
                                                      for h in hearings],
            "titles": await inquiries_queries.evidence_titles(access.inquiry.id),
            "working": access.inquiry.state in rules.WORKING_STATES}


async def witnesses(request: Request) -> Response:
    _, access = await access_of(request)
    return render(request, "inquiries/witnesses.html", await witnesses_context(request, access, Form()))


async def invite(request: Request) -> Response:
    async def run(viewer, access, form, data):
        hearing = form.get("hearing")
        await act.invite_witness(viewer, access, name=form.get("name"), body=form.get("body"),
                                 hearing_id=parse_id(hearing))

    return await step(request, "inquiries/witnesses.html", witnesses_context, WITNESS_FIELDS, "inquiry_witnesses", run)


async def question(request: Request) -> Response:
    witness_id = int(request.path_params["witness_id"])

    async def run(viewer, access, form, data):
        await act.prepare_question(viewer, access, witness_id, form.get(f"question-{witness_id}"))

    return await step(request, "inquiries/witnesses.html", witnesses_context, [f"question-{witness_id}"],
                      "inquiry_witnesses", run)


async def testimony(request: Request) -> Response:
    witness_id = int(request.path_params["witness_id"])

    async def run(viewer, access, form, data):
        await act.record_testimony(viewer, access, witness_id, form.get(f"testimony-{witness_id}"),
                                   parse_ids(data.getlist("evidence")))

    return await step(request, "inquiries/witnesses.html", witnesses_context, [f"testimony-{witness_id}"],
                      "inquiry_witnesses", run)


# --- findings ------------------------------------------------------------------------------

async def findings_context(request: Request, access: inquiries_queries.InquiryAccess, form: Form) -> dict:
    in_office = await inquiries_queries.members_in_office(access.inquiry.id)
    return {"access": access, "inquiry": access.inquiry, "form": form,
            "findings": await inquiries_queries.findings(access),
            "titles": await inquiries_queries.evidence_titles(access.inquiry.id), "in_office": in_office,
            "needed": rules.votes_needed(access.threshold, in_office) if in_office else None,
            "kinds": [(k.value, k.label) for k in rules.FindingKind],
            "choices": [(c.value, c.label) for c in rules.VoteChoice],
            "working": access.inquiry.state in rules.WORKING_STATES}


async def findings(request: Request) -> Response:
    _, access = await access_of(request)
    return render(request, "inquiries/findings.html", await findings_context(request, access, Form()))


async def draft_finding(request: Request) -> Response:
    async def run(viewer, access, form, data):
        due_on = form.date("due_on")
        if not form.ok:
            raise Refused(form.errors["due_on"], "due_on")
        await findings_act.draft_finding(viewer, access, kind=form.get("kind"), title=form.get("title"),
                                         body_named=form.get("body_named"), text=form.get("text"), due_on=due_on,
                                         youth_role=form.get("youth_role"),
                                         evidence_ids=parse_ids(data.getlist("evidence")))

    return await step(request, "inquiries/findings.html", findings_context, FINDING_FIELDS, "inquiry_findings", run)


async def _confirm_first(request: Request, finding_id: int, what: str) -> Response | None:
    """A finding's vote and its closing are irreversible: unless the form says it was confirmed (the
    page's <dialog> adds that with JavaScript), answer with a page that asks first and says what
    will change. None when confirmed."""
    data = await read_form(request)
    if data.get("confirmed") == "yes":
        return None
    _, access = await access_of(request)
    if not (access.is_member if what == "vote" else access.leads):
        return None  # not theirs to take: the action refuses it
    finding = next((v.finding for v in await inquiries_queries.findings(access) if v.finding.id == finding_id), None)
    require(finding is not None)
    choices = dict((c.value, c.label) for c in rules.VoteChoice)
    choice = str(data.get("choice") or "")
    if what == "vote" and choice not in choices:
        return None  # the action refuses it beside the field, as before
    return render(request, "inquiries/confirm.html", {
        "inquiry": access.inquiry, "finding": finding, "what": what, "choice": choice,
        "choice_label": choices.get(choice, ""), "action": request.url.path})


async def vote(request: Request) -> Response:
    finding_id = int(request.path_params["finding_id"])
    if (asking := await _confirm_first(request, finding_id, "vote")) is not None:
        return asking

    async def run(viewer, access, form, data):
        await findings_act.vote(viewer, access, finding_id, form.get("choice"))

    return await step(request, "inquiries/findings.html", findings_context, ["choice"], "inquiry_findings", run)


async def close_vote(request: Request) -> Response:
    finding_id = int(request.path_params["finding_id"])
    if (asking := await _confirm_first(request, finding_id, "close")) is not None:
        return asking

    async def run(viewer, access, form, data):
        await findings_act.close_vote(viewer, access, finding_id)

    return await step(request, "inquiries/findings.html", findings_context, ["choice"], "inquiry_findings", run)


async def finding_seat(request: Request) -> ThreadReader:
    """A finding's discussion: members and coordinators read it; members in office post while the
    finding is open for votes; coordinators moderate. The thread is sealed when the vote closes."""
    viewer, access = await access_of(request)
    finding = await inquiries_queries.finding_of(access, int(request.path_params["finding_id"]))
    open_for_votes = finding.state == rules.FindingState.DRAFT and access.inquiry.state in rules.WORKING_STATES
    thread = await thread_of(access.inquiry.program_id, findings_act.THREAD_TOPIC, finding.id)
    return ThreadReader(thread, viewer.person_id, Rights(post=access.is_member and open_for_votes,
                                                 moderate=access.coordinator))


async def assemble(request: Request) -> Response:
    async def run(viewer, access, form, data):
        await findings_act.assemble_report(viewer, access, form.get("introduction"))

    return await step(request, "inquiries/findings.html", findings_context, ["introduction"], "inquiry", run)


# --- follow-up -----------------------------------------------------------------------------

async def follow_up_context(request: Request, access: inquiries_queries.InquiryAccess, form: Form) -> dict:
    inquiry = access.inquiry
    publication = await inquiries_queries.report_of(access, published_only=True)
    report = await follow_up_of(inquiry, publication, clock.today()) if publication else None
    return {"access": access, "inquiry": inquiry, "form": form, "report": report, "publication": publication,
            "stances": [(s.value, s.label) for s in rules.Stance],
            "statuses": [(s.value, s.label) for s in rules.RecommendationStatus
                         if s != rules.RecommendationStatus.NO_RESPONSE]}


async def follow_up(request: Request) -> Response:
    _, access = await access_of(request)
    require(access.inquiry.state in rules.AFTER_PUBLICATION)
    return render(request, "inquiries/follow_up.html", await follow_up_context(request, access, Form()))


async def response(request: Request) -> Response:
    """Record a named body's response to one finding (stance, their words, the date)."""
    return await _follow_up_step(request, ("stance", "response", "responded_on"),
                                 lambda viewer, access, finding_id, values, day: findings_act.record_response(
                                     viewer, access, finding_id, stance=values[0], text=values[1],
                                     responded_on=day))


async def status(request: Request) -> Response:
    """Record a recommendation's new public status or a milestone (with its reason, share done and date)."""
    return await _follow_up_step(request, ("status", "reason", "changed_on", "milestone", "progress"),
                                 lambda viewer, access, finding_id, values, day: findings_act.change_status(
                                     viewer, access, finding_id, status=values[0], reason=values[1],
                                     changed_on=day, milestone=values[2], progress=values[3]))


async def _follow_up_step(request: Request, fields: tuple[str, ...], record) -> Response:
    """One follow-up form of one finding: its fields are suffixed with the finding's id, the third
    is a date; a refusal is shown beside the field it names."""
    finding_id = int(request.path_params["finding_id"])
    names = [f"{name}-{finding_id}" for name in fields]

    async def run(viewer, access, form, data):
        day = form.date(names[2])
        if not form.ok:
            raise Refused(form.errors[names[2]], names[2])
        await record(viewer, access, finding_id, [form.get(name) for name in names if name != names[2]], day)

    return await step(request, "inquiries/follow_up.html", follow_up_context, names, "inquiry_follow_up", run,
                      suffix=f"-{finding_id}")
