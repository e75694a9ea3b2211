"""The draw with the selection library (small pools, as CI must): quotas, households, seed, diagnosis."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from jurycourt.domain import citizens_panels as rules
from jurycourt.sortition.draw import Infeasible, check_feasible, run_draw

CATS = rules.parse_categories("Age band: 16-29, 30-44, 45+\nGender: Woman, Man")
QUOTAS = [rules.Quota("Age band", "16-29", 1, 3), rules.Quota("Age band", "30-44", 1, 3),
          rules.Quota("Age band", "45+", 1, 3), rules.Quota("Gender", "Woman", 2, 4),
          rules.Quota("Gender", "Man", 2, 4)]


def _pool(n: int = 40) -> list[rules.PoolMember]:
    rng = random.Random(11)
    # the first twenty share ten homes, two by two
    return [rules.PoolMember(i, {"Age band": rng.choice(CATS[0].values), "Gender": rng.choice(CATS[1].values)},
                             f"home{i // 2 if i < 20 else i}") for i in range(1, n + 1)]


@pytest.fixture(scope="module")
def drawn():
    inputs = rules.draw_inputs(6, 3, "maximin", CATS, QUOTAS, _pool())
    progress: list[int] = []
    return inputs, run_draw(inputs, 4242, lambda p, m: progress.append(p)), progress


def test_the_draw_meets_every_quota_and_seats_at_most_one_person_per_household(drawn):
    inputs, result, _ = drawn
    members = {pid: (values, home) for pid, values, home in inputs["pool"]}
    chosen = [members[i] for i in result["selected"]]
    assert len(chosen) == 6
    counts = Counter((c, values[c]) for values, _ in chosen for c in values)
    for q in QUOTAS:
        assert q.min <= counts[(q.category, q.value)] <= q.max, q
    assert len({home for _, home in chosen}) == 6


def test_reserves_are_ranked_from_the_rest_of_the_pool_in_other_households(drawn):
    inputs, result, _ = drawn
    homes = {pid: home for pid, _, home in inputs["pool"]}
    assert len(result["reserves"]) == 3
    assert not set(result["reserves"]) & set(result["selected"])
    assert not {homes[i] for i in result["reserves"]} & {homes[i] for i in result["selected"]}


def test_every_volunteer_has_a_probability_and_they_add_up_to_the_panel_size(drawn):
    inputs, result, progress = drawn
    assert set(result["probabilities"]) == {str(pid) for pid, _, _ in inputs["pool"]}
    assert sum(result["probabilities"].values()) == pytest.approx(6, abs=0.01)
    assert result["versions"]["sortition-algorithms"].startswith("0.12")
    assert progress[-1] == 100 and progress == sorted(progress)


def test_the_same_seed_draws_the_same_panel_and_reserves(drawn):
    inputs, result, _ = drawn
    again = run_draw(inputs, 4242, lambda p, m: None)
    assert (again["selected"], again["reserves"], again["probabilities"]) == \
        (result["selected"], result["reserves"], result["probabilities"])


def test_impossible_quotas_get_the_librarys_diagnosis_with_suggested_relaxations():
    # The young are all women and the men all older, yet 3 young people and 3 men are wanted among 4.
    pool = [rules.PoolMember(i, {"Age band": "16-29", "Gender": "Woman"}, f"y{i}") for i in range(6)] + \
           [rules.PoolMember(10 + i, {"Age band": "45+", "Gender": "Man"}, f"o{i}") for i in range(6)]
    quotas = [rules.Quota("Age band", "16-29", 3, 4), rules.Quota("Age band", "30-44", 0, 4),
              rules.Quota("Age band", "45+", 0, 4), rules.Quota("Gender", "Woman", 0, 4),
              rules.Quota("Gender", "Man", 3, 4)]
    inputs = rules.draw_inputs(4, 0, "maximin", CATS, quotas, pool)
    assert rules.feasibility_problems(4, CATS, quotas, pool) == []  # the quick checks cannot see it
    with pytest.raises(Infeasible) as caught:
        check_feasible(inputs, lambda p, m: None)
    text = " ".join(caught.value.lines)
    assert "No panel can meet every quota" in text
    assert "Lower the minimum for" in text


def test_the_solver_wrapper_falls_back_to_the_integer_program_when_the_relaxation_is_fractional():
    from sortition_algorithms.committee_generation.solver import SolverSense, SolverStatus

    from jurycourt.sortition.draw import _ExactHighs, _linear_sum

    # Three people, at most one of each pair: the LP relaxation takes half of each (1.5), a committee only 1.
    solver = _ExactHighs(seed=1)
    people = [solver.add_binary_var() for _ in range(3)]
    for a, b in ((0, 1), (1, 2), (0, 2)):
        solver.add_constr(people[a] + people[b] <= 1)
    solver.set_objective(_linear_sum(2.0 * p for p in people), SolverSense.MAXIMIZE)
    assert solver.optimize() == SolverStatus.OPTIMAL
    values = [solver.get_value(p) for p in people]
    assert sorted(round(v, 6) for v in values) == [0, 0, 1]
    assert solver.get_objective_value() == pytest.approx(2.0)
    # An integral relaxation answers on its own, and an impossible model is reported as such.
    solver.set_objective(_linear_sum([people[0]]), SolverSense.MAXIMIZE)
    assert solver.optimize() == SolverStatus.OPTIMAL and solver.get_value(people[0]) == pytest.approx(1.0)
    solver.add_constr(_linear_sum(people) >= 2)
    assert solver.optimize() == SolverStatus.INFEASIBLE
