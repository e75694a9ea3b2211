"""The software whose versions decide what a seed draws, read without importing it.

The versions are part of a draw's published inputs (so part of its commitment) and are stored with every
result. Reading them here takes only the installed packages' metadata: the web process can name them
without loading the selection library (numpy, cvxpy, HiGHS), which only the draw worker imports.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: Changes whenever our way of running the library changes what a seed draws.
ENGINE = "exact-highs-1"
PACKAGES = ("sortition-algorithms", "highspy", "cvxpy", "numpy")


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = []
    for name in PACKAGES:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, "not installed"))
    return (*found, ("jurycourt-engine", ENGINE))


def library_versions() -> dict[str, str]:
    """The versions that decide the result, so the draw can be replayed exactly."""
    return dict(_versions())
