"""The person behind a request, with the roles they hold in each program."""

from __future__ import annotations

from dataclasses import dataclass, field

from jurycourt.domain.roles import Role


@dataclass(frozen=True)
class Viewer:
    person_id: int | None = None
    account_id: int | None = None
    session_id: str | None = None
    name: str = ""
    roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    #: A coordinator who must set up two-step sign-in before doing anything else.
    needs_totp: bool = False
    #: The language the person chose (a tag from jurycourt.i18n.LANGUAGES); "" for visitors.
    language: str = ""

    @property
    def signed_in(self) -> bool:
        return self.account_id is not None

    def has_role(self, program_id: int, role: Role) -> bool:
        return role in self.roles.get(program_id, frozenset())

    def holds(self, role: Role) -> bool:
        """The viewer holds ``role`` in some program."""
        return any(role in roles for roles in self.roles.values())

    @property
    def coordinated_programs(self) -> list[int]:
        return sorted(p for p, roles in self.roles.items() if Role.COORDINATOR in roles)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinated_programs)


ANONYMOUS = Viewer()
