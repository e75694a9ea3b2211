"""Separation of duties: who counts as an independent, senior second coordinator, and the one table
that names whom each credit-writing action benefits."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jurycourt.domain.separation import (
    BENEFICIARIES,
    had_a_hand_in,
    independent,
    second_problem,
    senior,
    standing,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ACTIONS = Path(__file__).resolve().parents[2] / "jurycourt" / "actions"

#: What writing postings, service claims or rewards looks like in an action's body.
WRITES = {"ServiceClaim", "RewardRequest", "Reward", "Posting", "LedgerEntry"}
WRITE_METHODS = {"create", "update", "bulk_create", "save", "delete", "get_or_create", "update_or_create"}
LEDGER_WRITES = {"post", "post_many", "reverse"}


def test_a_coordinator_is_never_their_own_second():
    assert not independent(1, 1, [])
    assert "your own" in second_problem(1, 1, [], NOW - timedelta(days=90), NOW, 14)


def test_an_account_made_by_the_requester_is_not_independent_however_indirectly():
    edges = [(1, 2), (2, 3), (None, 4)]  # 1 created 2, 2 invited 3; the operator made 4

    assert had_a_hand_in(1, edges) == {2, 3}
    assert not independent(3, 1, edges)  # through the account 1 created
    assert not independent(1, 3, edges)  # nor the other way round: 1 may control 3
    assert independent(4, 1, edges)
    assert independent(4, 3, edges)


def test_two_accounts_made_by_a_third_stay_independent_of_each_other():
    assert independent(2, 3, [(1, 2), (1, 3)])


def test_a_cycle_of_accounts_ends_and_joins_everyone_in_it():
    edges = [(1, 2), (2, 3), (3, 1)]

    assert had_a_hand_in(1, edges) == {2, 3}
    assert not independent(2, 3, edges)


def test_the_second_coordinator_must_have_held_the_role_for_the_set_days():
    assert senior(NOW - timedelta(days=14), NOW, 14)
    assert not senior(NOW - timedelta(days=13, hours=23), NOW, 14)
    assert not senior(None, NOW, 14)
    assert "14 days" in second_problem(2, 1, [], NOW - timedelta(days=3), NOW, 14).format(days=14)


def test_acting_alone_is_offered_only_where_no_coordinator_of_the_program_qualifies():
    old = NOW - timedelta(days=60)
    alone = standing(1, 1, [(1, 2)], {1: old, 2: old}, NOW, 14)  # 2 is 1's own account
    helped = standing(1, 1, [], {1: old, 2: old}, NOW, 14)  # 2 is independent and senior
    junior = standing(1, 1, [], {1: old, 2: NOW - timedelta(days=1)}, NOW, 14)

    assert alone.alone and not alone.may_act
    assert not helped.alone and not helped.may_act and helped.others
    assert junior.alone
    assert standing(2, 1, [], {1: old, 2: old}, NOW, 14).may_act


def _functions() -> dict[str, ast.AST]:
    found = {}
    for path in sorted(ACTIONS.glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[f"{path.stem}.{node.name}"] = node
    return found


def _writes_directly(node: ast.AST, module: str) -> bool:
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        func = call.func
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in LEDGER_WRITES and (module == "ledger" and isinstance(func.value, ast.Name)
                                           or isinstance(func.value, ast.Name) and func.value.id == "ledger"):
            return True
        if func.attr in WRITE_METHODS and any(isinstance(n, ast.Name) and n.id in WRITES for n in ast.walk(func)):
            return True
    return False


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        if isinstance(call.func, ast.Name):
            names.add(call.func.id)
        elif isinstance(call.func, ast.Attribute):
            names.add(call.func.attr)
    return names


def credit_writers() -> set[str]:
    """Every public action that writes postings, claims or rewards, directly or through a helper."""
    functions = _functions()
    writers = {name for name, node in functions.items() if _writes_directly(node, name.split(".")[0])}
    writers -= {"ledger.post", "ledger.post_many"}  # the primitives: their callers are the actions that benefit someone
    writers.discard("ledger.reverse")
    while True:
        by_name = {name.split(".")[1] for name in writers} | LEDGER_WRITES
        grown = {name for name, node in functions.items()
                 if name not in writers and name.split(".")[0] != "ledger" and _called_names(node) & by_name}
        if not grown:
            break
        writers |= grown
    return {name for name in writers if not name.split(".")[1].startswith("_")}


def test_every_action_that_writes_postings_claims_or_rewards_declares_whom_it_benefits():
    writers = credit_writers()

    assert {"corrections.adjust", "rewards.decide_request", "service_credits.log_service"} <= writers
    assert writers - set(BENEFICIARIES) == set(), "declare whom these benefit in domain/separation.BENEFICIARIES"
    assert set(BENEFICIARIES) - writers == set(), "these no longer write credits: remove them from the table"
