"""Fixtures for tests against real servers: a PostgreSQL database and a `chroma run` server.

`.ci/run` starts both (`.ci/servers.sh`) and sets ``BUDGETQA_TEST_DATABASE_URL`` (a database whose
user may create databases) and ``BUDGETQA_TEST_CHROMA`` (host:port).  Without them these tests
skip and say which variable is missing.  Each test gets a database of its own (so advisory locks
and generations never cross tests) and a Chroma collection of its own.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "BUDGETQA_TEST_DATABASE_URL"
CHROMA_ENV = "BUDGETQA_TEST_CHROMA"


def admin_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against (.ci/run starts one)")
    return url


def new_database() -> str:
    """A fresh, empty database on the test server; its URL."""
    import psycopg

    admin = admin_url()
    name = f"bqa_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh database for this test (dropped afterwards)."""
    url = new_database()
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture()
def on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Stores opened in this test (and the processes it starts) keep their facts in a fresh database."""
    monkeypatch.setenv("BUDGETQA_DATABASE_URL", pg_url)
    return pg_url


@pytest.fixture()
def chroma_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    """The test Chroma server, with a collection name of this test's own (deleted afterwards)."""
    address = os.environ.get(CHROMA_ENV, "").strip()
    if not address:
        pytest.skip(f"{CHROMA_ENV} is not set: no `chroma run` server to test against (.ci/run starts one)")
    host, port = address.rsplit(":", 1)
    collection = f"test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("BUDGETQA_CHROMA_HOST", host)
    monkeypatch.setenv("BUDGETQA_CHROMA_PORT", port)
    monkeypatch.setenv("BUDGETQA_CHROMA_COLLECTION", collection)
    yield host, int(port)
    import chromadb
    from chromadb.config import Settings

    client = chromadb.HttpClient(host=host, port=int(port), settings=Settings(anonymized_telemetry=False))
    with contextlib.suppress(Exception):  # never created (the test failed before an ingest)
        client.delete_collection(collection)
