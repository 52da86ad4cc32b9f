"""tests/test_store.py again, with the fact store on a real PostgreSQL server (a fresh database per test).

The same behaviour is expected on both engines: incremental ingest, versions, replace and remove,
metadata edits, crash mid-transaction, the default corpus.  The two retrieval tests (``slow``)
are left to SQLite: they test the retrieval index, which does not live in the fact store; so is the
parse-once test, which needs two stores with facts of their own (on PostgreSQL every store of a
deployment shares the one database, so the second store rightly finds the file already there).
Skipped unless `.ci/run`'s PostgreSQL is up (tests/servers.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
import servers
import test_store
from test_store import *  # noqa: F403 (the tests, collected again here)

pg_url, on_postgres = servers.pg_url, servers.on_postgres
_LEFT_TO_SQLITE = {
    "test_retrieval_index_rebuilt_from_stored_copy",
    "test_deferred_index_answers_figures_at_once",
    "test_a_file_ingested_into_a_second_store_is_not_parsed_again",
}
for _name in _LEFT_TO_SQLITE:
    del globals()[_name]
# every other test of test_store.py runs here (a test added there is not silently left out)
assert {n for n in dir(test_store) if n.startswith("test_")} - set(globals()) == _LEFT_TO_SQLITE


@pytest.fixture(autouse=True)
def _facts_on_postgres(on_postgres: str) -> Iterator[None]:
    """Every store a test opens keeps its facts in this test's database (and none in SQLite)."""
    yield
    with psycopg.connect(on_postgres) as conn:
        assert conn.execute("SELECT to_regclass('documents')").fetchone()[0], (
            "the test never reached PostgreSQL"
        )
