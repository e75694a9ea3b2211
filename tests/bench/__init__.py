"""Benchmarks: `make bench` (``python -m tests.bench.run``); never part of the default test run."""
