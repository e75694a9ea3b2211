"""The draw itself, with the Sortition Foundation's `sortition-algorithms` library.

The ONLY module that imports the library (it pulls in numpy, cvxpy and HiGHS): it is imported by the draw
worker process and by ``jurycourt.sortition.verifier``, never by the web server. Everything here works on the draw's
published inputs (opaque references, category values, household numbers: see
``domain.citizens_panels.draw_inputs``) and returns plain data to store, in those references.

The run is reproducible: the library draws its randomness from Python's ``random`` seeded with the draw's
seed, and the worker runs with a fixed ``PYTHONHASHSEED`` so set iteration orders agree between runs.

Speed: the library's algorithms (maximin, nash) search for committees with one integer program per round —
a pool's size in rounds for maximin, twice that for nash — and its HiGHS wrapper makes each round slow: it
solves every program twice (setting the objective solves), reads the whole solution for each variable it
asks about, and builds each objective with ``sum()``, which copies the expression at every term (quadratic
in the pool). ``_fast_highs`` swaps in, for the length of one run, an exact and faster wrapper
(``_ExactHighs``) and a linear ``solver_sum``; the library's algorithms, reports and randomness are its own.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import highspy
import numpy as np
import sortition_algorithms as sa
from sortition_algorithms.committee_generation import common, maximin, nash
from sortition_algorithms.committee_generation.solver import HighsSolver, SolverSense, SolverStatus
from sortition_algorithms.errors import InfeasibleQuotasError

from jurycourt.domain.citizens_panels import SOLVER, Quota, reserve_quotas
from jurycourt.sortition.software import library_versions

Progress = Callable[[int, str], None]  # (percent 0..100, message)


class Infeasible(Exception):
    """The library found no panel meeting the quotas; ``lines`` is its diagnosis in plain words."""

    def __init__(self, lines: list[str], report: str = "") -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.report = report


class _Var(highspy.highs_var):
    """A HiGHS variable whose ``weight * variable`` skips highspy's generic copy-and-scale (same expression):
    the library builds every objective as one such product per volunteer."""

    __slots__ = ()

    def __rmul__(self, other):
        if not isinstance(other, float | int):
            return super().__rmul__(other)
        term = highspy.highs_linear_expression.__new__(highspy.highs_linear_expression)
        term.idxs, term.vals, term.constant, term.bounds = [self.index], [float(other)], None, None
        return term


class _ExactHighs(HighsSolver):
    """The library's HiGHS solver, exact and fast for its committee searches.

    Setting the objective only records it (the library's version solves right away, then ``optimize``
    solves again). A model with integer variables is first solved as its LP relaxation, warm-started from
    the previous search (a few simplex iterations instead of a fresh integer program): an integral optimum
    of the relaxation is an optimal committee, exactly; a relaxation with no solution proves the program
    has none; anything else (a fractional optimum, rare) is solved as the integer program, as before.
    The solution is read once per solve, not once per variable asked about.
    """

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._integer_columns: list[int] = []
        self._relaxed: highspy.Highs | None = None  # rebuilt when the model changes
        self._objective: tuple | None = None  # (indices, costs, offset, sense) to apply before a solve
        self._applied: dict[int, tuple] = {}  # id(instance) -> the objective it holds
        self._answer = self._h  # the instance whose solution answers get_value
        self._values: np.ndarray | None = None

    def _changed(self) -> None:
        self._relaxed = None
        self._applied.pop(id(self._h), None)

    def add_binary_var(self, name: str = ""):
        var = _Var(super().add_binary_var(name).index, self._h)
        if name:
            self._var_names[name] = var
        self._integer_columns.append(var.index)
        self._changed()
        return var

    def add_integer_var(self, lb: float = 0.0, ub: float | None = None, name: str = ""):
        var = super().add_integer_var(lb, ub, name)
        self._integer_columns.append(var.index)
        self._changed()
        return var

    def add_continuous_var(self, lb: float = 0.0, ub: float = 1.0, name: str = ""):
        self._changed()
        return super().add_continuous_var(lb, ub, name)

    def add_constr(self, constraint) -> None:
        self._changed()
        super().add_constr(constraint)

    def set_objective(self, expr, sense: SolverSense) -> None:
        self._objective_sense = sense
        if not isinstance(expr, highspy.highs_linear_expression):
            expr = highspy.highs_linear_expression(expr)
        indices, costs = expr.unique_elements()
        highs_sense = highspy.ObjSense.kMaximize if sense == SolverSense.MAXIMIZE else highspy.ObjSense.kMinimize
        self._objective = (indices, costs, float(expr.constant or 0.0), highs_sense)

    def _apply(self, h: highspy.Highs) -> None:
        held = self._applied.get(id(h))
        if self._objective is None or held is self._objective or (
                held is not None and held[2:] == self._objective[2:] and np.array_equal(held[0], self._objective[0])
                and np.array_equal(held[1], self._objective[1])):
            return
        indices, costs, offset, sense = self._objective
        columns = h.getNumCol()
        h.changeColsCost(columns, np.arange(columns, dtype=np.int32), np.zeros(columns))
        h.changeColsCost(len(indices), indices, costs)
        h.changeObjectiveOffset(offset)
        h.changeObjectiveSense(sense)
        self._applied[id(h)] = self._objective

    def _solve_relaxation(self) -> SolverStatus | None:
        if self._relaxed is None:
            self._apply(self._h)
            lp = self._h.getLp()
            lp.integrality_ = []
            self._relaxed = highspy.Highs()
            self._relaxed.setOptionValue("output_flag", False)
            seed = self._h.getOptionValue("random_seed")  # (status, value) in this highspy
            self._relaxed.setOptionValue("random_seed", seed[-1] if isinstance(seed, tuple) else seed)
            self._relaxed.passModel(lp)
            self._applied[id(self._relaxed)] = self._objective
        self._apply(self._relaxed)
        self._relaxed.run()
        status = self._relaxed.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return SolverStatus.INFEASIBLE
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        values = np.asarray(self._relaxed.getSolution().col_value)[self._integer_columns]
        return SolverStatus.OPTIMAL if np.abs(values - np.round(values)).max(initial=0.0) <= 1e-6 else None

    def optimize(self) -> SolverStatus:
        self._values = None
        if self._integer_columns:
            status = self._solve_relaxation()
            if status is not None:
                self._answer = self._relaxed
                return status
        self._answer = self._h
        self._apply(self._h)
        return super().optimize()

    def get_value(self, var) -> float:
        if not isinstance(var, highspy.highs_var):
            return float(self._answer.val(var))
        if self._values is None:
            self._values = np.asarray(self._answer.getSolution().col_value)
        return float(self._values[var.index])

    def get_objective_value(self) -> float:
        return float(self._answer.getInfo().objective_function_value)

    def get_gap(self) -> float:
        return 0.0 if self._answer is not self._h else super().get_gap()


def _linear_sum(terms):
    """``sum()`` of solver expressions without copying the running total at every term (same result)."""
    total = None
    for term in terms:
        if total is None:
            total = highspy.highs_linear_expression(term)
            total += 0.0
        elif isinstance(term, highspy.highs_linear_expression) and term.constant is None and term.bounds is None:
            total.idxs.extend(term.idxs)
            total.vals.extend(term.vals)
        else:
            total += term
    return 0 if total is None else total


@contextmanager
def _fast_highs() -> Iterator[None]:
    """Run the library with ``_ExactHighs`` for its HiGHS backend and ``_linear_sum`` (one draw per worker
    process, so swapping the library's module functions for the run is safe); restored afterwards."""
    original = common.create_solver

    def create_solver(backend: str = SOLVER, **options):
        return _ExactHighs(**options) if backend == "highspy" else original(backend, **options)

    swaps = [(module, "create_solver", create_solver) for module in (common, maximin)]
    swaps += [(module, "solver_sum", _linear_sum) for module in (common, maximin, nash)]
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, replacement in swaps:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


class _Reporter:
    """Turns the library's phases into an overall percentage between ``low`` and ``high``.

    A counted phase (the committee-search rounds) fills the first half of the band; a phase that runs
    until it converges (maximin's or nash's optimisation loop) fills the second half, creeping towards its
    top at every iteration, so the percentage keeps moving whichever of the two takes the time.
    """

    def __init__(self, progress: Progress, low: int, high: int) -> None:
        self.progress, self.low, self.high = progress, low, high
        self.band = (low, (low + high) // 2)
        self.total: int | None = None
        self.message = ""
        self.last = low  # phases restart their counts; the overall percentage never goes back

    def _emit(self, percent: int, message: str) -> None:
        self.last = max(self.last, percent)
        self.progress(self.last, message)

    def start_phase(self, name: str, total: int | None = None, *, message: str | None = None) -> None:
        self.total, self.message = total, message or name.replace("_", " ")
        middle = (self.low + self.high) // 2
        self.band = (self.low, middle) if total else (middle, self.high)
        self._emit(self.band[0], self.message)

    def update(self, current: int, *, message: str | None = None) -> None:
        # A phase without a known total converges: creep towards the top of the band without reaching it.
        share = current / self.total if self.total else 1 - 1 / (1 + current / 20)
        low, high = self.band
        self._emit(low + int((high - low) * min(share, 0.99)), message or self.message)

    def end_phase(self) -> None:
        pass  # the next phase may belong to the same band: the band's top is reached when it ends


def _features(quotas: list[Quota], size: int):
    body = [{"feature": q.category, "value": q.value, "min": str(q.min), "max": str(q.max)} for q in quotas]
    features, _, _ = sa.read_in_features(["feature", "value", "min", "max"], body, number_to_select=size)
    return features


def _people(pool: list[list], categories: list[str], features, settings):
    body = [{"id": str(ref), "household": str(household), **values} for ref, values, household in pool]
    people, _ = sa.read_in_people(["id", "household", *categories], body, features, settings)
    return people


def _settings(algorithm: str, seed: int):
    return sa.Settings(id_column="id", columns_to_keep=[], check_same_address=True,
                       check_same_address_columns=["household"], selection_algorithm=algorithm,
                       solver_backend=SOLVER, random_number_seed=seed)


def _quotas(inputs: dict) -> list[Quota]:
    return [Quota(c, v, lo, hi) for c, v, lo, hi in inputs["quotas"]]


def _probabilities(report) -> dict[str, float]:
    """The selection probability of every volunteer, from the library's own distribution table."""
    for element in report._data:  # the library keeps its tables only here
        if isinstance(element, sa.utils.RunTable) and element.headers[:2] == ["Agent ID", "Probability of selection"]:
            return {str(row[0]): round(float(str(row[1]).rstrip("%")) / 100, 6) for row in element.data}
    return {}


def _plain_diagnosis(error: InfeasibleQuotasError, quotas: list[Quota]) -> list[str]:
    lines = ["No panel can meet every quota with this pool (the selection library's diagnosis)."]
    relaxed = error.features
    for q in quotas:
        new = relaxed[q.category][q.value]
        if new.min < q.min:
            lines.append(f"Lower the minimum for {q.category} “{q.value}” from {q.min} to {new.min}.")
        if new.max > q.max:
            lines.append(f"Raise the maximum for {q.category} “{q.value}” from {q.max} to {new.max}.")
    if len(lines) == 1:
        lines.extend(error.lines()[1:])
    return lines


def _stratify(inputs: dict, quotas: list[Quota], pool: list[list], size: int, seed: int, reporter: _Reporter):
    categories = [c["name"] for c in inputs["categories"]]
    settings = _settings(inputs["settings"]["algorithm"], seed)
    try:
        features = _features(quotas, size)
        people = _people(pool, categories, features, settings)
    except sa.SelectionError as error:
        raise Infeasible([str(error)]) from error
    with _fast_highs():
        ok, committees, report = sa.run_stratification(features, people, size, settings, progress_reporter=reporter)
    if not ok:
        error = report.last_error()
        if isinstance(error, InfeasibleQuotasError):
            raise Infeasible(_plain_diagnosis(error, quotas), report.as_text())
        raise Infeasible(["The selection library could not draw a panel:", *str(error).splitlines()],
                         report.as_text())
    return committees[0], report


def check_feasible(inputs: dict, progress: Progress) -> dict:
    """The library's own check: does ANY panel meet the quotas? Raises Infeasible with its diagnosis."""
    size = inputs["settings"]["size"]
    categories = [c["name"] for c in inputs["categories"]]
    quotas = _quotas(inputs)
    progress(10, "Checking the quotas against the pool")
    settings = _settings(inputs["settings"]["algorithm"], 1)
    try:
        features = _features(quotas, size)
        people = _people(inputs["pool"], categories, features, settings)
        with _fast_highs():
            sa.find_random_sample(features, people, size, ["household"], test_selection=True, solver_backend=SOLVER)
    except InfeasibleQuotasError as error:
        raise Infeasible(_plain_diagnosis(error, quotas)) from error
    except (sa.SelectionError, sa.InfeasibleQuotasCantRelaxError) as error:
        raise Infeasible(["The selection library found the quotas impossible:", *str(error).splitlines()]) from error
    progress(100, "A panel meeting every quota exists")
    return {"feasible": True, "versions": library_versions()}


def run_draw(inputs: dict, seed: int, progress: Progress) -> dict:
    """Draw the panel, then its reserves from the rest of the pool the same way, ranked by the seed.

    Returns the selected references, the ranked reserve references, every volunteer's selection probability
    (from the library's distribution), its run reports and the library versions. Raises Infeasible with the
    library's diagnosis when the quotas cannot be met.
    """
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    size, reserves = inputs["settings"]["size"], inputs["settings"]["reserves"]
    quotas = _quotas(inputs)
    progress(1, "Reading the pool and the quotas")
    chosen, report = _stratify(inputs, quotas, inputs["pool"], size, seed, _Reporter(progress, 2, 80))
    probabilities = _probabilities(report)
    chosen_refs = sorted(str(r) for r in chosen)
    taken_homes = {h for ref, _, h in inputs["pool"] if str(ref) in set(chosen_refs)}
    rest = [p for p in inputs["pool"] if p[2] not in taken_homes]
    reserve_refs: list[str] = []
    reserve_report = ""
    wanted = min(reserves, len({p[2] for p in rest}))
    if wanted:
        progress(80, "Drawing the reserves from the rest of the pool")
        try:
            picked, rreport = _stratify(inputs, reserve_quotas(quotas, wanted), rest, wanted, seed + 1,
                                        _Reporter(progress, 80, 98))
            reserve_refs = sorted(str(r) for r in picked)
            random.Random(seed).shuffle(reserve_refs)  # noqa: S311 - a reproducible ranking, not a secret
            reserve_report = rreport.as_text()
        except Infeasible as failure:
            reserve_report = "No reserves could be drawn: " + " ".join(failure.lines)
    progress(100, "Done")
    return {"selected": chosen_refs, "reserves": reserve_refs,
            "probabilities": dict(sorted(probabilities.items())),
            "report": report.as_text(), "reserve_report": reserve_report, "versions": library_versions()}
