"""What the server counts, for Prometheus (prometheus-client), and who may read it.

Counters and histograms live in each process. Under `jurycourt serve --workers N` the supervisor
gives the workers one directory (prometheus-client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR), so
whichever worker answers a scrape reports the sum over all of them. The backlogs (outbox, draw queue)
are read from the database at each scrape, so they are the same from any worker.
"""

from __future__ import annotations

import ipaddress
import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter("jurycourt_requests", "Requests answered, by route template, method and status",
                   ["route", "method", "status"])
LATENCY = Histogram("jurycourt_request_seconds", "Time to answer a request, by route template", ["route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
DATABASE_ERRORS = Counter("jurycourt_database_errors", "Requests answered 503 because the database was unreachable")


def allowed(client: str | None, forwarded_for: list[str], networks) -> bool:
    """Whether a scrape from ``client`` (and every address it was forwarded for) is allowed."""
    addresses = [client or "", *forwarded_for]
    try:
        return all(any(ipaddress.ip_address(a.strip()) in n for n in networks) for a in addresses)
    except ValueError:  # not an address (a unix socket, a malformed header): not allowed
        return False


def exposition(outbox_waiting: int, draws_waiting: int) -> bytes:
    """The Prometheus text for this process (or, in multiprocess mode, all workers) and the backlogs."""
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROCESS_DIR):
        MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, DATABASE_ERRORS):
            registry.register(metric)
    registry.register(_Backlogs(outbox_waiting, draws_waiting))
    return generate_latest(registry)


class _Backlogs:
    def __init__(self, outbox_waiting: int, draws_waiting: int) -> None:
        self.values = outbox_waiting, draws_waiting

    def collect(self):
        outbox, draws = self.values
        yield GaugeMetricFamily("jurycourt_outbox_waiting", "Outbox messages not sent yet", value=outbox)
        yield GaugeMetricFamily("jurycourt_draws_waiting", "Citizens' panel draws queued or running", value=draws)
