"""Reading a panel's letters: the mailing, the response rates per stratum and per letter variant, what
registrations ask for, and the letters to print. Coordinators of the panel's program only."""

from __future__ import annotations

from dataclasses import dataclass, field

from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_assembly import hidden_counts
from jurycourt.domain.panels import PanelKind
from jurycourt.models import CitizensPanel, LetterRegistration, Mailing, MailingAddress, Panel, Program, Volunteer


@dataclass(frozen=True)
class PublicLetters:
    """The letters stage as the public transparency report tells it: letters sent and registrations,
    overall and per stratum, with counts of 1 to 4 registrations hidden (None), and any a total would reveal."""

    sent: int
    registered: int | None
    by_stratum: dict[str, list[tuple[str, int, int | None]]]  # category → (value, letters sent, registrations)


async def public_letters(panel_id: int) -> PublicLetters | None:
    """The panel's letters for the public report; None when it did not recruit by letter. After the panel
    ends its addresses are erased: the number of letters sent is all that is left to tell."""
    mailing = await Mailing.get_or_none(panel_id=panel_id, sampled_at__isnull=False)
    if mailing is None:
        return None
    citizens = await CitizensPanel.get(panel_id=panel_id)
    rows = await MailingAddress.filter(mailing_id=mailing.id, rank__isnull=False).values(
        "variant", "language", "strata", "used_at")
    if not rows:
        return PublicLetters(mailing.sample_size, None, {})
    sent = [letters.Letter(r["variant"], r["language"], r["strata"], r["used_at"] is not None) for r in rows]
    overall = letters.overall_rate(sent)
    by_stratum = {}
    for category, rates in letters.rates_by_stratum(sent, rules.categories_from_json(citizens.categories)).items():
        shown = hidden_counts({rate.label: rate.registrations for rate in rates})
        by_stratum[category] = [(rate.label, rate.letters, shown[rate.label]) for rate in rates]
    return PublicLetters(overall.letters, hidden_counts({"": overall.registrations})[""], by_stratum)


#: Registrations listed with what they ask for, newest first.
SUPPORT_LISTED = 200


async def recruits_by_letter(panel_id: int) -> bool:
    """Whether the panel has an address file: its pool is then only the households that register by code."""
    return await Mailing.exists(panel_id=panel_id)


async def managed_panel(viewer: Viewer, panel_id: int) -> tuple[Panel, CitizensPanel]:
    """The citizens' panel, NotFound unless the viewer coordinates its program."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not coordinates(viewer, panel.program_id):
        raise NotFound()
    return panel, await CitizensPanel.get(panel_id=panel.id)


@dataclass
class LettersView:
    panel: Panel
    citizens: CitizensPanel
    mailing: Mailing | None
    categories: list[rules.Category]
    volunteers_elsewhere: bool = False  # volunteers not from letters: the panel cannot switch to letters
    overall: letters.Rate | None = None
    by_variant: list[letters.Rate] = field(default_factory=list)
    by_stratum: dict[str, list[letters.Rate]] = field(default_factory=dict)
    by_language: list[letters.Rate] = field(default_factory=list)
    by_channel: dict[str, int] = field(default_factory=dict)
    support: list[tuple[LetterRegistration, str]] = field(default_factory=list)  # (registration, volunteer name)
    parts: list[tuple[int, int]] = field(default_factory=list)  # (first rank, last rank) of each PDF

    @property
    def status(self) -> rules.CitizensPanelStatus:
        return rules.CitizensPanelStatus(self.panel.status)

    @property
    def sampled(self) -> bool:
        return self.mailing is not None and self.mailing.sampled_at is not None


async def letters_view(viewer: Viewer, panel_id: int) -> LettersView:
    """The panel's letters page as its coordinators see it."""
    panel, citizens = await managed_panel(viewer, panel_id)
    mailing = await Mailing.get_or_none(panel_id=panel.id)
    view = LettersView(panel, citizens, mailing, rules.categories_from_json(citizens.categories))
    if mailing is None:
        view.volunteers_elsewhere = await Volunteer.filter(panel_id=panel.id).exists()
        return view
    if mailing.sampled_at is None:
        return view
    rows = await MailingAddress.filter(mailing_id=mailing.id, rank__isnull=False).values(
        "variant", "language", "strata", "used_at")
    sent = [letters.Letter(r["variant"], r["language"], r["strata"], r["used_at"] is not None) for r in rows]
    view.overall = letters.overall_rate(sent)
    view.by_variant = letters.rates_by_variant(sent) if mailing.variants > 1 else []
    view.by_stratum = letters.rates_by_stratum(sent, view.categories)
    view.by_language = letters.rates_by_language(sent)
    registrations = LetterRegistration.filter(letter__mailing_id=mailing.id)
    view.by_channel = {channel: await registrations.filter(channel=channel).count() for channel in ("online", "phone")}
    for registration in await registrations.filter(volunteer__name__not="").select_related("volunteer").order_by(
            "-registered_at").limit(SUPPORT_LISTED):
        if registration.access_needs or registration.caring:
            view.support.append((registration, registration.volunteer.name))
    view.parts = [(first, min(first + letters.LETTERS_PER_PDF - 1, mailing.sample_size))
                  for first in range(1, mailing.sample_size + 1, letters.LETTERS_PER_PDF)]
    return view


@dataclass(frozen=True)
class PrintedLetter:
    rank: int
    variant: str
    language: str
    lines: list[str]  # the address block
    code: str  # formatted, as printed


async def printable_letters(viewer: Viewer, panel_id: int, part: int) -> tuple[
        Panel, CitizensPanel, Program, Mailing, list[PrintedLetter]]:
    """The ``part``-th batch of letters (1-based, ``LETTERS_PER_PDF`` each) in rank order, with each code
    derived again from the recorded seed. NotFound before the letters are drawn or past the last part."""
    panel, citizens = await managed_panel(viewer, panel_id)
    mailing = await Mailing.get_or_none(panel_id=panel.id)
    if mailing is None or mailing.sampled_at is None or mailing.erased_at is not None:
        raise NotFound()
    first = (part - 1) * letters.LETTERS_PER_PDF + 1
    last = min(first + letters.LETTERS_PER_PDF - 1, mailing.sample_size)
    if part < 1 or first > mailing.sample_size:
        raise NotFound()
    codes = letters.registration_codes(mailing.seed, last)
    rows = await MailingAddress.filter(mailing_id=mailing.id, rank__gte=first, rank__lte=last).order_by("rank")
    printed = [PrintedLetter(r.rank or 0, r.variant, r.language,
                             [line for line in (r.address, r.address2, f"{r.city} {r.postal_code}".strip()) if line],
                             letters.format_code(codes[(r.rank or 1) - 1])) for r in rows]
    return panel, citizens, await Program.get(id=panel.program_id), mailing, printed
