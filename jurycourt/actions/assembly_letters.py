"""A citizens' panel recruiting by letter: import the address file, draw the sample of letters from a
recorded seed, mark the letters sent, and register households with a letter's code (online or by phone).

Once a panel recruits by letter its pool is exactly the registrations: the open volunteer form and the
pool import are closed for it (``recruits_by_letter``).
"""

from __future__ import annotations

import hashlib
import secrets

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import _answers, managed_panel, name_and_contact
from jurycourt.auth import throttle
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.assembly_letters import AddressFile
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.draw_record import new_draw_ref
from jurycourt.domain.errors import Refused
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.domain.throttle import SIGN_IN_ADDRESS, wait_message
from jurycourt.i18n import gettext
from jurycourt.models import (
    CitizensPanel,
    LetterRegistration,
    Mailing,
    MailingAddress,
    Panel,
    Program,
    Volunteer,
)

CODE_PURPOSE = "letter-code"


def code_hash(code: str, key: str) -> str:
    """What is stored of a registration code: its keyed hash (the code itself is derived from the seed)."""
    return keyed_hash(key, CODE_PURPOSE, code)


def _require_recruiting(panel: Panel) -> None:
    if panel.status != CitizensPanelStatus.RECRUITING:
        raise Refused(gettext("Not while the panel is “%(status)s”.")
                      % {"status": CitizensPanelStatus(panel.status).label})


async def import_addresses(actor: Viewer, panel_id: int, data: bytes) -> AddressFile:
    """A coordinator imports the panel's address file. Every row is checked first; a file with any error
    imports nothing. A new file replaces the last one until the letters are drawn; a panel that already
    has volunteers from its open form or an imported pool cannot switch to letters."""
    panel, citizens = await managed_panel(actor, panel_id)
    _require_recruiting(panel)
    mailing = await Mailing.get_or_none(panel_id=panel.id)
    if mailing is not None and mailing.sampled_at is not None:
        raise Refused(gettext("The letters are already drawn from the address file: it can no longer change."),
                      "file")
    if mailing is None and await Volunteer.filter(panel_id=panel.id).exists():
        raise Refused(gettext("This panel already has volunteers from its open form or an imported pool. Recruit "
                              "by letter on a new panel, so that its pool is only the households written to."),
                      "file")
    address_file = letters.read_address_csv(data, rules.categories_from_json(citizens.categories))
    if not address_file.ok:
        return address_file
    async with in_transaction():
        if mailing is None:
            mailing = await Mailing.create(panel_id=panel.id)
        await MailingAddress.filter(mailing_id=mailing.id).delete()
        await MailingAddress.bulk_create([
            MailingAddress(mailing_id=mailing.id, line=row.line, reference=row.reference, address=row.address,
                           address2=row.address2, city=row.city, postal_code=row.postal_code, language=row.language,
                           strata=row.strata) for row in address_file.rows], batch_size=500)
        mailing.addresses, mailing.imported_at = len(address_file.rows), clock.now()
        await mailing.save(update_fields=["addresses", "imported_at"])
        await record("citizens_panel.addresses_imported", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), rows=len(address_file.rows))
    return address_file


async def draw_letters(actor: Viewer, panel_id: int, *, size: str, reply_by: str, variants: bool, key: str,
                       seed: str | None = None) -> Mailing:
    """Draw the sample of addresses that get a letter, from a new secret seed that is recorded: the same seed
    always gives the same sample, the same A/B variants and the same registration codes. ``seed`` is given
    only to re-create a recorded mailing (the demo)."""
    panel, _ = await managed_panel(actor, panel_id)
    _require_recruiting(panel)
    async with in_transaction():
        mailing = await Mailing.filter(panel_id=panel.id).select_for_update().first()
        if mailing is None or not mailing.addresses:
            raise Refused(gettext("Import the address file first."), "size")
        if mailing.sampled_at is not None:
            raise Refused(gettext("The letters are already drawn."), "size")
        program = await Program.get(id=panel.program_id)
        count = letters.check_sample_size(size, mailing.addresses)
        last_day = letters.check_reply_by(reply_by, clock.today(program.time_zone))
        mailing.seed = seed or secrets.token_hex(16)
        rows = {r.reference: r for r in await MailingAddress.filter(mailing_id=mailing.id)}
        chosen = letters.sample(list(rows), count, mailing.seed)
        codes = letters.registration_codes(mailing.seed, count)
        mailing.variants = 2 if variants else 1
        for rank, (reference, code) in enumerate(zip(chosen, codes, strict=True), start=1):
            row = rows[reference]
            row.rank, row.variant = rank, letters.variant_for(rank, mailing.variants)
            row.code_hash = code_hash(code, key)
        await MailingAddress.bulk_update([rows[r] for r in chosen], fields=["rank", "variant", "code_hash"],
                                         batch_size=500)
        mailing.sample_size, mailing.reply_by, mailing.sampled_at = count, last_day, clock.now()
        await mailing.save(update_fields=["seed", "variants", "sample_size", "reply_by", "sampled_at"])
        await record("citizens_panel.letters_drawn", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), letters=count, variants=mailing.variants,
                     # the seed gives every code: the trail keeps only a fingerprint to check it against
                     seed_sha256=hashlib.sha256(mailing.seed.encode()).hexdigest())
    return mailing


async def mark_sent(actor: Viewer, panel_id: int) -> Mailing:
    """Record the day the letters were posted."""
    panel, _ = await managed_panel(actor, panel_id)
    async with in_transaction():
        mailing = await Mailing.filter(panel_id=panel.id).select_for_update().first()
        if mailing is None or mailing.sampled_at is None:
            raise Refused(gettext("Draw the letters first."))
        if mailing.sent_on is not None:
            raise Refused(gettext("The letters are already marked as sent."))
        program = await Program.get(id=panel.program_id)
        mailing.sent_on = clock.today(program.time_zone)
        await mailing.save(update_fields=["sent_on"])
        await record("citizens_panel.letters_sent", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), letters=mailing.sample_size)
    return mailing


# ---------------------------------------------------------------- registration by code


class CodeThrottled(Refused):
    """Too many codes tried from one address: wait ``wait`` seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait_message(wait), "code")
        self.wait = wait


async def _letter_for(code: str, key: str, *, lock: bool = False) -> tuple[MailingAddress, Mailing, Panel]:
    """The letter a typed code belongs to, if it may still register; refused with a clear message otherwise."""
    normalised = letters.normalise_code(code)
    letters.check_code_shape(normalised)
    query = MailingAddress.filter(code_hash=code_hash(normalised, key))
    letter = await (query.select_for_update() if lock else query).first()
    if letter is None:
        raise Refused(gettext("That code is not one we sent. Check it against your letter: it has 12 letters and "
                              "digits, like ABCD-EFGH-JKMN."), "code")
    mailing = await Mailing.get(id=letter.mailing_id)
    panel = await Panel.get(id=mailing.panel_id)
    program = await Program.get(id=panel.program_id)
    assert mailing.reply_by is not None  # a letter with a code was drawn, with its reply-by date
    letters.check_code_open(mailing.reply_by, clock.today(program.time_zone), letter.used_at is not None,
                            panel.status == CitizensPanelStatus.RECRUITING and mailing.erased_at is None)
    return letter, mailing, panel


async def check_code(code: str, key: str, address: str) -> tuple[Panel, CitizensPanel]:
    """The first step online: is this a code that may register? Counted against the client address like a
    sign-in (a good code is given back), so codes cannot be guessed quickly."""
    counters = [(throttle.key("letter-code", address), SIGN_IN_ADDRESS)]
    wait = await throttle.claim(counters, clock.now())
    if wait:
        raise CodeThrottled(wait)
    _, _, panel = await _letter_for(code, key)
    await throttle.refund(counters)
    return panel, await CitizensPanel.get(panel_id=panel.id)


async def panel_of_code(code: str, key: str) -> tuple[Panel, CitizensPanel] | None:
    """The panel a usable code registers for (to show its form again after a refusal), else None."""
    try:
        _, _, panel = await _letter_for(code, key)
    except Refused:
        return None
    return panel, await CitizensPanel.get(panel_id=panel.id)


def _text(value: str, limit: int, field: str) -> str:
    value = value.strip()
    if len(value) > limit:
        raise Refused(gettext("Use at most %(max)s characters.") % {"max": limit}, field)
    return value


async def register_with_code(code: str, *, name: str, contact: str, answers: dict[str, str], consent: bool,
                             access_needs: str, caring: bool, caring_details: str, language: str, key: str,
                             address: str | None = None, staff: Viewer | None = None,
                             panel_id: int | None = None) -> tuple[Volunteer, str]:
    """A household registers with its letter's code: online (``address``: the client, throttled like a sign-in)
    or by phone (``staff``: a coordinator of the panel's program types it in). The person joins the panel's
    pool with their answers; the letter's code is used up. Returns the volunteer and their withdrawal token.

    Refused: an unknown code, a code already used, a code past its reply-by date or of a panel no longer
    recruiting (or, by phone, of another panel than ``panel_id``), and a form without a name, contact, an
    answer to each question or consent.
    """
    counters = [(throttle.key("letter-code", address), SIGN_IN_ADDRESS)] if address is not None else []
    if counters:
        wait = await throttle.claim(counters, clock.now())
        if wait:
            raise CodeThrottled(wait)
    await _letter_for(code, key)  # refused here, the attempt counts
    if counters:
        await throttle.refund(counters)  # a good code: the attempt does not count, whatever the form says
    async with in_transaction():
        letter, _, panel = await _letter_for(code, key, lock=True)  # again, locked: two tabs register once
        if staff is not None:
            await managed_panel(staff, panel.id)
        if panel_id is not None and panel.id != panel_id:
            raise Refused(gettext("That code is from a letter for another panel."), "code")
        citizens = await CitizensPanel.get(panel_id=panel.id)
        name, contact = name_and_contact(name, contact)
        values = _answers(rules.categories_from_json(citizens.categories), answers)
        needs = _text(access_needs, 1000, "access_needs")
        details = _text(caring_details, 1000, "caring_details") if caring else ""
        if not consent:
            raise Refused(gettext("Please confirm you have read the privacy notice."), "consent")
        token = new_token()
        home = rules.household_key(f"{letter.address} {letter.address2} {letter.postal_code}", key)
        volunteer = await Volunteer.create(
            panel_id=panel.id, reference=f"L-{token[:10]}", draw_ref=new_draw_ref(), name=name, contact=contact,
            household=home, answers=values, source="letter" if staff is None else "phone",
            withdraw_token_hash=digest(token))
        await LetterRegistration.create(letter_id=letter.id, volunteer_id=volunteer.id,
                                        channel="online" if staff is None else "phone", language=language,
                                        access_needs=needs, caring=caring, caring_details=details,
                                        entered_by_id=staff.person_id if staff else None)
        letter.used_at = clock.now()
        await letter.save(update_fields=["used_at"])
        await record("citizens_panel.registered_by_letter", actor_id=staff.person_id if staff else None,
                     program_id=panel.program_id, subject=("volunteer", volunteer.id),
                     channel="online" if staff is None else "phone", variant=letter.variant)
    return volunteer, token
