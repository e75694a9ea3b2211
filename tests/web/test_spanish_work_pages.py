"""A Spanish-speaking coordinator reads the case, inquiry, panel, publication and audit pages in Spanish:
their words come from the catalogue, with dates in the Spanish form, and no English is left in the
templates' own text."""

from __future__ import annotations

import re

from jurycourt.models import Account, Case, Person
from tests.web.helpers import Page, sign_in


async def test_a_spanish_speaking_coordinator_reads_the_work_pages_in_spanish(client, demo):
    account = await Account.get(login="coordinator")
    await Person.filter(id=account.person_id).update(language="es-US")
    await sign_in(client, "coordinator")
    case = await Case.filter(program_id=demo.id, state="monitoring").first()
    expectations = {
        f"/cases/{case.id}": (["Decisión y tareas acordadas", "Próximos pasos", "Quién ha visto este caso"],
                              ["Disposition and sanctions", "Next steps", "Who has viewed this case"]),
        "/cases": (["Tareas a vigilar", "Registrar una remisión"], ["Sanctions to watch", "Take a referral"]),
        "/inquiries": (["Investigaciones del Gran Jurado Juvenil"], ["Youth Grand Jury inquiries"]),
        "/panels": (["Paneles"], ["There are no panels you can see."]),
        "/publications": (["Otra persona coordinadora aprueba cada uno"], ["A second coordinator approves"]),
        "/audit": (["Registro de actividad", "Tipo de evento", "Desde", "Hasta"], ["Kind of event", "Audit log"]),
        "/question-bank": (["Banco de preguntas", "En el banco"], ["In the bank"]),
        "/findings": (["Conclusiones e informes"], ["Findings and reports"]),
    }
    for url, (spanish, english) in expectations.items():
        response = await client.get(url)
        assert response.status_code == 200, url
        text = Page(response.text).text
        assert all(words in text for words in spanish), (url, [w for w in spanish if w not in text])
        assert not any(words in text for words in english), (url, [w for w in english if w in text])
    # Dates in the Spanish form ("28 oct 2026"), never ISO, on the inquiry's charter.
    inquiries = Page((await client.get("/inquiries")).text)
    first = next(link for link in inquiries.links if link.startswith("/inquiries/") and link[11:].isdigit())
    charter = Page((await client.get(first)).text).text
    assert re.search(r"Período \d{1,2} [a-z]{3} \d{4} – \d{1,2} [a-z]{3} \d{4}", charter), charter[:400]
