"""Every way someone becomes protected, or a protected person's details change, after a text naming
them went out reaches the guard at once: the text is withheld (its withdrawal proposed) and the
coordinators are alerted. One test per trigger; each first shows the text passing before it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jurycourt.actions import guard
from jurycourt.actions import justice_matters as matters
from jurycourt.actions.conflicts import add_affiliation
from jurycourt.actions.people import add_membership, create_person, update_person
from jurycourt.domain.justice import ParticipantRole
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import Membership, OutboxMessage, Person, Publication
from tests.web.cases_helpers import coordinator
from tests.web.members import new_member


def _values(person: Person, **changed) -> dict[str, str]:
    values = {"given_name": person.given_name, "family_name": person.family_name,
              "preferred_name": person.preferred_name, "email": person.email, "phone": person.phone,
              "address": person.address,
              "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else ""}
    return {**values, **changed}


async def _birth_date(demo, actor):
    adult = await new_member(demo, Role.JUROR, "Ysoldine", "Brackwater", age=40)  # an adult juror: not protected
    await update_person(actor, adult, _values(adult, date_of_birth="2012-02-02"))


async def _name(demo, actor):
    minor = await new_member(demo, Role.RESPONDENT, "Xandra", "Pell", age=15)
    await update_person(actor, minor, _values(minor, given_name="Ysoldine", family_name="Brackwater"))


async def _address(demo, actor):
    minor = await new_member(demo, Role.RESPONDENT, "Xandra", "Pell", age=15)
    await update_person(actor, minor, _values(minor, address="41 Brackwater Lane, Riverside"))


async def _school(demo, actor):
    minor = await new_member(demo, Role.RESPONDENT, "Xandra", "Pell", age=15)
    await add_affiliation(actor, minor, "school", "Brackwater Academy")


async def _new_role(demo, actor):
    adult = await new_member(demo, Role.JUROR, "Ysoldine", "Brackwater", age=40)
    await add_membership(actor, adult, demo.id, Role.GUARDIAN, None, None)


async def _new_person(demo, actor):
    await create_person(actor, demo.id, Role.JUROR, {"given_name": "Ysoldine", "family_name": "Brackwater",
                                                       "date_of_birth": "2011-03-03"})


async def _new_participant(demo, actor):
    referral = matters.MatterReferral("police", "", date.today(), "criminal_damage", "Tagged a wall.")
    matter = await matters.refer_matter(actor, demo.id, referral, {"given_name": "Sam", "family_name": "Wren"})
    await matters.add_participant(actor, matter, ParticipantRole.HARMED, "indirect",
                                  {"given_name": "Ysoldine", "family_name": "Brackwater"})


TRIGGERS = {"birth date edited": (_birth_date, "Thanks to Ysoldine Brackwater."),
            "name edited": (_name, "Thanks to Ysoldine Brackwater."),
            "address edited": (_address, "The lamps on Brackwater Lane are fixed."),
            "school added": (_school, "Pupils of Brackwater Academy helped."),
            "new role (guardian)": (_new_role, "Thanks to Ysoldine Brackwater."),
            "new person (a minor juror)": (_new_person, "Thanks to Ysoldine Brackwater."),
            "new justice participant (person harmed)": (_new_participant, "Thanks to Ysoldine Brackwater.")}


@pytest.mark.parametrize("trigger", list(TRIGGERS))
async def test_a_text_naming_someone_who_becomes_protected_is_withheld_and_coordinators_alerted(demo, trigger):
    make_protected, text = TRIGGERS[trigger]
    published = await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="with-thanks", title="With thanks",
        summary="", body_markdown=text, body_html=f"<p>{text}</p>", state=PublicationState.PUBLISHED,
        published_at=datetime.now(UTC))
    assert await guard.may_show([published]) == [published]  # it passes before

    await make_protected(demo, await coordinator(demo))

    assert (await Publication.get(id=published.id)).withheld_at is not None, trigger
    assert await guard.may_show([published]) == []
    coordinators = set(await Membership.filter(program_id=demo.id, role=Role.COORDINATOR,
                                               status=MembershipStatus.ACTIVE).values_list("person_id", flat=True))
    alerted = set(await OutboxMessage.filter(kind="publication_withheld", dedupe_key__startswith=(
        f"publication-withheld:{published.id}:")).values_list("person_id", flat=True))
    assert coordinators and alerted == coordinators


async def test_an_edit_of_someone_unprotected_withholds_nothing(demo):
    text = "Thanks to Ysoldine Brackwater."
    published = await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="with-thanks", title="With thanks",
        summary="", body_markdown=text, body_html=f"<p>{text}</p>", state=PublicationState.PUBLISHED,
        published_at=datetime.now(UTC))
    adult = await new_member(demo, Role.JUROR, "Xandra", "Pell", age=40)
    await update_person(await coordinator(demo), adult, _values(adult, given_name="Ysoldine",
                                                                 family_name="Brackwater"))
    assert (await Publication.get(id=published.id)).withheld_at is None
    assert not await OutboxMessage.exists(dedupe_key__startswith=f"publication-withheld:{published.id}:")
