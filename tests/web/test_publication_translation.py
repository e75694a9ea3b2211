"""A publication can carry a translation made by a person, shown beside its original and labelled."""

from __future__ import annotations

from jurycourt.domain.publication import PublicationState
from jurycourt.models import Case, Publication, PublicationTranslation
from tests.web.helpers import Page, client_for, post_form, sign_in

SPANISH = {"Accept-Language": "es-US,es;q=0.9"}
TEXT = {"language": "es-US", "title": "Informe traducido", "summary": "Un resumen en español.",
        "body": "## Qué encontramos\n\nLa escuela necesita más tutoría por la tarde.", "translator": "Rosa Méndez"}


async def _published(demo) -> Publication:
    return await Publication.filter(program=demo, state=PublicationState.PUBLISHED,
                                    withheld_at=None).order_by("id").first()


async def test_a_translation_is_shown_beside_its_original_to_readers_of_its_language(app, client, demo):
    publication = await _published(demo)
    await sign_in(client, "coordinator")
    form = await client.get(f"/publications/{publication.id}/translation")
    assert form.status_code == 200 and "f-translator" in Page(form.text).ids
    response = await post_form(client, f"/publications/{publication.id}/translation", TEXT)
    assert response.status_code == 303, Page(response.text).text[:400]
    saved = await PublicationTranslation.get(publication_id=publication.id, language="es-US")
    assert saved.translator_name == "Rosa Méndez" and "Qué encontramos</h" in saved.body_html

    async with client_for(app, address=("127.0.0.1", 50002)) as reader:
        spanish = await reader.get(f"/findings/{publication.slug}", headers=SPANISH)
        english = await reader.get(f"/findings/{publication.slug}", headers={"Accept-Language": "en-US"})
    page = Page(spanish.text)
    assert spanish.status_code == 200
    assert 'class="translation" lang="es-US"' in spanish.text and 'class="original" lang="en-US"' in spanish.text
    assert "Traducción al Español por Rosa Méndez" in page.text
    assert "Informe traducido" in page.text and publication.title in page.text, "side by side"
    assert "Informe traducido" not in english.text, "an English reader sees the original alone"


async def test_a_translation_that_names_a_protected_person_is_refused_with_the_input_kept(client, demo):
    publication = await _published(demo)
    case = await Case.filter(program=demo, sealed_at=None).select_related("respondent").order_by("id").first()
    name = f"{case.respondent.given_name} {case.respondent.family_name}"
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/publications/{publication.id}/translation",
                               {**TEXT, "body": f"Habló con {name} en la escuela."})
    assert response.status_code == 400
    assert "redaction check found" in Page(response.text).text
    assert "Informe traducido" in response.text, "the input is kept"
    assert not await PublicationTranslation.exists(publication_id=publication.id)


async def test_only_a_coordinator_of_the_program_may_translate(client, demo):
    publication = await _published(demo)
    await sign_in(client, "juror")
    assert (await client.get(f"/publications/{publication.id}/translation")).status_code == 404
    assert (await post_form(client, f"/publications/{publication.id}/translation", TEXT)).status_code == 404
