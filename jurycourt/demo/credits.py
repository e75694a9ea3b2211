"""Demo time credits for `jurycourt seed-demo`: the rewards catalogue, some logged service and one
pending reward request. Hours served at the demo's held hearings were already credited when they
were marked held (through the real actions, so the books balance)."""

from __future__ import annotations

from datetime import date, timedelta

from jurycourt.actions import rewards, service_credits
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Program, Reward

#: (name, price in hours, stock or None for unlimited, description)
CATALOGUE = (
    ("Refurbished computer", 100, 3, "A recycled desktop computer with a year of support, yours to keep."),
    ("Training course", 20, 10, "A certified course, e.g. peer counselling or first aid."),
    ("Club dues, one month", 2, None, "A month's dues at the drug-free youth club, paid in time dollars."),
)


async def seed_credits(program: Program, accounts: dict[str, Account], today: date) -> None:
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    for name, hours, stock, description in CATALOGUE:
        await rewards.add_reward(coordinator, program.id, name, hours * 60, stock, description)
    respondent = accounts["respondent"].person_id
    await service_credits.log_service(coordinator, program.id, respondent, 180, "Tutoring at the library",
                                      today - timedelta(days=9))
    await service_credits.propose_service(Viewer(person_id=accounts["juror"].person_id), program.id, 90,
                                          "Helped set up the community clean-up", today - timedelta(days=3))
    dues = await Reward.get(program_id=program.id, name=CATALOGUE[2][0])
    await rewards.request_reward(Viewer(person_id=respondent), dues.id)
