"""The coordinators' publication pages: drafts, review, two-person approval, withdrawal, errata."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import i18n
from jurycourt.actions import publications as act
from jurycourt.actions.guard import shown_fields
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain.errors import Refused
from jurycourt.domain.publication import KIND_LABELS, PublicationState, read_topics
from jurycourt.domain.redaction import Finding, highlight
from jurycourt.formats.markdown import render_markdown
from jurycourt.queries.people import display_names
from jurycourt.queries.publications import coordinator_list, coordinator_publication, translations_of
from jurycourt.queries.separation import standing
from jurycourt.web.answer import Failed, answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

DRAFT_FIELDS = ["title", "summary", "kind", "topics", "body"]
KIND_OPTIONS = [(kind.value, label) for kind, label in KIND_LABELS.items()]


def _id(request: Request) -> int:
    return int(request.path_params["publication_id"])


async def publications(request: Request) -> Response:
    viewer = signed_in(request)
    items = await coordinator_list(viewer)
    return render(request, "publications/list.html", {"items": items, "topics_of": read_topics})


async def new_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    return render(request, "publications/edit.html", {"form": Form({"kind": "inquiry_report"}), "publication": None,
                                                      "kinds": KIND_OPTIONS})


async def create(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), DRAFT_FIELDS)
    return await answer(request, form,
                        lambda: act.create_draft(viewer, viewer.coordinated_programs[0], **_draft_values(form)),
                        done=lambda publication: redirect(request, "publication", publication_id=publication.id),
                        failed=_edit_page(request, None), field=_on_draft_field)


def _on_draft_field(refusal: Refused) -> str:
    return refusal.field if refusal.field in DRAFT_FIELDS else "body"


def _edit_page(request: Request, publication) -> Failed:
    async def failed(form: Form, status: int) -> Response:
        return render(request, "publications/edit.html", {"form": form, "publication": publication,
                                                          "kinds": KIND_OPTIONS}, status_code=status)
    return failed


def _draft_values(form: Form) -> dict[str, str]:
    return {"title": form.get("title"), "summary": form.get("summary"), "kind": form.get("kind"),
            "topics": form.get("topics"), "body": form.get("body")}


async def edit_form(request: Request) -> Response:
    viewer = signed_in(request)
    publication, _ = await coordinator_publication(viewer, _id(request))
    form = Form({"title": publication.title, "summary": publication.summary, "kind": publication.kind.value,
                 "topics": ", ".join(read_topics(publication.topics)), "body": publication.body_markdown})
    return render(request, "publications/edit.html", {"form": form, "publication": publication,
                                                      "kinds": KIND_OPTIONS})


async def edit(request: Request) -> Response:
    viewer = signed_in(request)
    publication, _ = await coordinator_publication(viewer, _id(request))
    form = Form.from_data(await read_form(request), DRAFT_FIELDS)
    return await answer(request, form, lambda: act.update_draft(viewer, publication.id, **_draft_values(form)),
                        done=lambda _: redirect(request, "publication", publication_id=publication.id),
                        failed=_edit_page(request, publication), field=_on_draft_field)


async def _detail_context(request: Request, publication_id: int, *, error: str = "", form: Form | None = None,
                          findings: list[Finding] | None = None) -> dict:
    viewer = request.state.viewer
    publication, errata = await coordinator_publication(viewer, publication_id)
    if findings is None and publication.state in (PublicationState.DRAFT, PublicationState.IN_REVIEW):
        findings = await act.guard_findings(publication)  # a warning while drafting, a refusal after
    findings = findings or []
    texts = shown_fields(publication, errata)
    marked = {name: highlight(text, [f for f in findings if f.field == name]) for name, text in texts.items()
              if any(f.field == name for f in findings)}
    ids = {i for i in (publication.created_by_id, publication.submitted_by_id, publication.approved_by_id,
                       publication.withdrawal_proposed_by_id) if i}
    names = await display_names(list(ids))
    first = publication.submitted_by_id if publication.state == PublicationState.IN_REVIEW \
        else publication.withdrawal_proposed_by_id
    days = request.app.state.settings.coordinator_seniority_days
    second = await standing(viewer.person_id, publication.program_id, first, days) if first else None
    problem = i18n._(second.problem).format(days=days) if second and second.problem else ""
    return {"second": second, "second_problem": problem,
            "publication": publication, "errata": errata, "error": error, "form": form or Form(),
            "findings": findings, "marked": marked, "names": names, "topics": read_topics(publication.topics),
            "releasable": sorted({(f.releasable, f.text) for f in findings if f.releasable}),
            "kind_label": KIND_LABELS[publication.kind],
            # the text as the public will read it: drafts rendered now, as publishing would render them
            "preview_html": publication.body_html if publication.state != PublicationState.DRAFT
            and publication.body_html else render_markdown(publication.body_markdown).html}


async def publication(request: Request) -> Response:
    signed_in(request)
    return render(request, "publications/detail.html", await _detail_context(request, _id(request)))


async def _step(request: Request, step, *args, field: str = "", second: bool = False) -> Response:
    """Run one step; ``second`` steps are a second coordinator's and may carry a reason to act alone."""
    viewer = signed_in(request)
    publication_id = _id(request)
    data = await read_form(request)
    names = [name for name in (field, "alone_reason" if second else "") if name]
    form = Form.from_data(data, names) if names else Form()
    options = {"alone_reason": form.get("alone_reason"), "settings": request.app.state.settings} if second else {}

    async def failed(form: Form, status: int) -> Response:
        if isinstance(form.refusal, act.RedactionRefused):
            context = await _detail_context(request, publication_id, error=form.refusal.message,
                                            findings=form.refusal.findings)
        else:  # a refusal that names no field of this form shows above the page's forms
            context = await _detail_context(request, publication_id, error=form.errors.pop("_", ""), form=form)
        return render(request, "publications/detail.html", context, status_code=status)
    return await answer(request, form,
                        lambda: step(viewer, publication_id, *([form.get(field)] if field else []), *args, **options),
                        done=lambda _: redirect(request, "publication", publication_id=publication_id),
                        failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in form.values else (field or "_"))


async def submit(request: Request) -> Response:
    return await _step(request, act.submit)


async def return_to_draft(request: Request) -> Response:
    return await _step(request, act.return_to_draft)


async def publish(request: Request) -> Response:
    return await _step(request, act.publish, second=True)


async def release(request: Request) -> Response:
    viewer = signed_in(request)
    publication_id = _id(request)
    form = Form.from_data(await read_form(request), ["word", "reason", "alone_reason"])

    async def failed(form: Form, status: int) -> Response:
        return render(request, "publications/detail.html", await _detail_context(request, publication_id, form=form),
                      status_code=status)
    return await answer(request, form,
                        lambda: act.release_word(viewer, publication_id, form.get("word"), form.get("reason"),
                                                 form.get("alone_reason"), settings=request.app.state.settings),
                        done=lambda _: redirect(request, "publication", publication_id=publication_id),
                        failed=failed, field="reason")


async def propose_withdrawal(request: Request) -> Response:
    return await _step(request, act.propose_withdrawal, field="notice")


async def confirm_withdrawal(request: Request) -> Response:
    return await _step(request, act.confirm_withdrawal, second=True)


async def add_erratum(request: Request) -> Response:
    return await _step(request, act.add_erratum, field="text")





TRANSLATION_FIELDS = ["language", "title", "summary", "body", "translator"]


def _translation_page(request: Request, publication, form: Form, status_code: int = 200) -> Response:
    options = [(tag, name) for tag, name in i18n.LANGUAGES.items() if tag != publication.language]
    return render(request, "publications/translation.html",
                  {"publication": publication, "form": form, "language_options": options}, status_code=status_code)


async def translation_form(request: Request) -> Response:
    """A coordinator adds or corrects a person's translation of a publication."""
    viewer = signed_in(request)
    publication, _ = await coordinator_publication(viewer, _id(request))
    existing = next(iter(await translations_of(publication)), None)
    values = ({"language": existing.language, "title": existing.title, "summary": existing.summary,
               "body": existing.body_markdown, "translator": existing.translator_name} if existing else
              {"language": next(t for t in i18n.LANGUAGES if t != publication.language)})
    return _translation_page(request, publication, Form(values))


async def translate(request: Request) -> Response:
    viewer = signed_in(request)
    publication, _ = await coordinator_publication(viewer, _id(request))
    form = Form.from_data(await read_form(request), TRANSLATION_FIELDS)

    async def failed(form: Form, status: int) -> Response:
        return _translation_page(request, publication, form, status)
    return await answer(request, form,
                        lambda: act.save_translation(viewer, publication.id,
                                                     **{name: form.get(name) for name in TRANSLATION_FIELDS}),
                        done=lambda _: redirect(request, "publication", publication_id=publication.id),
                        failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in TRANSLATION_FIELDS else "body")
