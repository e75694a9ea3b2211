"""Erasing what letters brought in: a withdrawn volunteer's support needs, and when the panel ends, every
address of its file and the support needs of everyone not selected. (Called by the panel's own erasure
steps in ``actions.citizens_panels``, inside their transactions.)"""

from __future__ import annotations

from jurycourt import clock
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.models import LetterRegistration, Mailing, MailingAddress

#: The tables these erasures rewrite (jurycourt.db_scrub rewrites them on disk afterwards).
ERASED_TABLES = ["citizens_mailing_address", "citizens_letter_registration"]


async def forget_registration(volunteer_id: int) -> None:
    """A withdrawn volunteer's access needs and caring responsibilities are erased with the rest of them."""
    await LetterRegistration.filter(volunteer_id=volunteer_id).update(access_needs="", caring=False,
                                                                      caring_details="")


async def forget_mailing(panel_id: int) -> None:
    """The panel ended: its address file is erased (each letter keeps only its variant, language, strata and
    whether it was answered, for the response rates) and so are the support needs of volunteers not selected."""
    mailing = await Mailing.get_or_none(panel_id=panel_id)
    if mailing is None:
        return
    kept = await LetterRegistration.filter(letter__mailing_id=mailing.id,
                                           volunteer__status=VolunteerStatus.SELECTED).values_list("id", flat=True)
    await LetterRegistration.filter(letter__mailing_id=mailing.id).exclude(id__in=list(kept)).update(
        access_needs="", caring=False, caring_details="")
    await MailingAddress.filter(mailing_id=mailing.id, rank__isnull=True).delete()  # never written to
    letters = await MailingAddress.filter(mailing_id=mailing.id)
    for letter in letters:
        letter.reference, letter.address, letter.address2 = f"erased-{letter.id}", "", ""
        letter.city, letter.postal_code, letter.code_hash = "", "", None
    await MailingAddress.bulk_update(letters, fields=["reference", "address", "address2", "city", "postal_code",
                                                      "code_hash"], batch_size=500)
    mailing.erased_at = clock.now()
    await mailing.save(update_fields=["erased_at"])
