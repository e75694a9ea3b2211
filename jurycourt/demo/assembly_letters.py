"""Demo citizens' panel recruiting by letter: an address file of 160 homes, 80 letters (versions A and B)
sent eight days ago, and the first registrations, online and by phone, some asking for support.

The letters are drawn with a fixed seed, so the demo's codes are the same on every run: the letters PDF
on the panel's letters page shows them, and an unused one registers on /join.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jurycourt import clock
from jurycourt.actions import assembly_letters as letters_actions
from jurycourt.actions.citizens_panels import charter_panel
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.citizens_panel import CATEGORIES, NOTICE
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain.roles import Role
from jurycourt.models import Account, LetterRegistration, Mailing, MailingAddress, Panel, Program

SEED = "5eed0f1e77e25c0de5a11d00d1e77e25"
STREETS = [("Riverside", "Mill Lane"), ("Old Town", "Market Street"), ("Hillcrest", "Summit Avenue"),
           ("Eastgate", "Station Road")]
#: (letter rank, name, channel, language, access needs, care needed)
REGISTRATIONS = [
    (1, "Grace Holloway", "online", "en-US", "", ""),
    (2, "Tomás Herrera", "online", "es-US", "", "Mis dos hijos, por la tarde"),
    (4, "Irene Castillo", "phone", "es-US", "Un intérprete de español", ""),
    (5, "Martin Osei", "online", "en-US", "Step-free access: I use a wheelchair", ""),
    (7, "Priya Raman", "online", "en-US", "", ""),
    (8, "Albert Nguyen", "phone", "en-US", "Large print papers", ""),
    (11, "Lucy Fairbairn", "online", "en-US", "", "My father, who lives with us"),
    (12, "Declan Price", "online", "en-US", "", ""),
    (15, "Hannah Lowe", "online", "en-US", "", ""),
    (19, "Samuel Adeyemi", "phone", "en-US", "", ""),
    (23, "Rosa Delgado", "online", "es-US", "", ""),
]


def address_file(homes: int = 160) -> bytes:
    """The demo's address file: made-up homes on four streets, one in seven Spanish-speaking."""
    rows = ["reference,address,address2,city,postal_code,language,Neighbourhood"]
    for n in range(homes):
        area, street = STREETS[n % len(STREETS)]
        flat = f"Apt {n % 3 + 1}" if n % 5 == 0 else ""
        rows.append(f"RV-{n + 1:04d},{n // 4 + 1} {street},{flat},Riverside,1{2200 + n % 4},"
                    f"{'es' if n % 7 == 3 else ''},{area}")
    return ("\n".join(rows) + "\n").encode()


async def seed_letters_panel(program: Program, accounts: dict[str, Account], today: date, key: str) -> Panel:
    """The panel recruiting by letter, mid-way through its registration window."""
    denise = Viewer(person_id=accounts["coordinator"].person_id, roles={program.id: frozenset({Role.COORDINATOR})})
    panel = await charter_panel(
        denise, program.id, title="Riverside late transport panel", size="12", reserves="4", algorithm="nash",
        question="How should Riverside's buses serve young people and shift workers at night?",
        categories="\n".join(f"{c.name}: {', '.join(c.values)}" for c in CATEGORIES), privacy_notice=NOTICE)
    await letters_actions.import_addresses(denise, panel.id, address_file())
    await letters_actions.draw_letters(denise, panel.id, size="80", reply_by=(today + timedelta(days=12)).isoformat(),
                                       variants=True, key=key, seed=SEED)
    mailing = await Mailing.get(panel_id=panel.id)
    await Mailing.filter(id=mailing.id).update(sent_on=today - timedelta(days=8),
                                               imported_at=clock.now() - timedelta(days=12),
                                               sampled_at=clock.now() - timedelta(days=10))
    codes = letters.registration_codes(SEED, mailing.sample_size)
    rng = random.Random(28)
    for day, (rank, name, channel, language, needs, care) in enumerate(REGISTRATIONS):
        letter = await MailingAddress.get(mailing_id=mailing.id, rank=rank)
        answers = {"c0": rng.choice(CATEGORIES[0].values), "c1": rng.choice(CATEGORIES[1].values[:2]),
                   "c2": letter.strata["Neighbourhood"]}
        volunteer, _ = await letters_actions.register_with_code(
            codes[rank - 1], name=name, contact=f"{name.split()[0].lower()}@example.org", answers=answers,
            consent=True, access_needs=needs, caring=bool(care), caring_details=care, language=language, key=key,
            staff=denise if channel == "phone" else None)
        registered = clock.now() - timedelta(days=7 - day * 0.6)
        await LetterRegistration.filter(volunteer_id=volunteer.id).update(registered_at=registered)
        await MailingAddress.filter(id=letter.id).update(used_at=registered)
    return panel
