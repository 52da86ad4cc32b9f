"""Prometheus metrics: requests, answer latency per answer kind, ingest jobs, documents, facts."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


class _StoreCollector:
    """Documents and facts are read from the store at scrape time (no counter to keep in sync)."""

    def __init__(self, read: Callable[[], tuple[int, int]]) -> None:
        self._read = read

    def collect(self) -> Iterator[GaugeMetricFamily]:
        docs, facts = self._read()
        yield GaugeMetricFamily("budgetqa_documents", "Documents in the store", value=docs)
        yield GaugeMetricFamily("budgetqa_facts", "Exact figures in the store", value=facts)


class Metrics:
    def __init__(self, store_counts: Callable[[], tuple[int, int]]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "budgetqa_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.answer_seconds = Histogram(
            "budgetqa_answer_seconds",
            "Time to answer a question, by answer kind",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.ingest_jobs = Counter(
            "budgetqa_ingest_jobs", "Ingest jobs finished", ["status"], registry=self.registry
        )
        self.registry.register(_StoreCollector(store_counts))
