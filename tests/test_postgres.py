"""The fact store on a real PostgreSQL server, and the vectors on a real `chroma run` server.

Skipped (with the variable named) unless `.ci/run`'s servers are up: see tests/servers.py.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import servers
from conftest import PUTUO, SEED

from index.facts import SCHEMA, FactStore, open_fact_store
from index.parse import file_sha256
from index.sql_dialect import pg_schema
from index.store import Store
from index.store_lock import PgAdvisoryLock, StoreBusy
from qa.engine import Engine

REPO = Path(__file__).resolve().parent.parent
# the server fixtures (tests/servers.py), used here by name
pg_url, on_postgres, chroma_server = servers.pg_url, servers.on_postgres, servers.chroma_server
SMALL = Path(__file__).parent / "corpus" / "wild" / "xinjiang_region_2019_government_debt_final_table.xlsx"


def _table(store: Store, table: str) -> list[tuple]:
    return [tuple(r) for r in store.facts.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]


def test_same_facts_and_answers_as_sqlite(tmp_path: Path, on_postgres: str, monkeypatch) -> None:
    pg = Store(tmp_path / "pg", retrieval=False)
    assert pg.facts.dialect == "postgresql" and not (tmp_path / "pg" / "facts.sqlite").exists()
    pg.ingest([SEED, PUTUO])
    monkeypatch.delenv("BUDGETQA_DATABASE_URL")
    lite = Store(tmp_path / "lite", retrieval=False)
    assert lite.facts.dialect == "sqlite"
    lite.ingest([SEED, PUTUO])
    for table in ("tables", "paragraphs"):
        assert _table(pg, table) == _table(lite, table)
    # every fact the same (ids included: both number them 1, 2, … in insertion order)
    assert pg.facts.facts() == lite.facts.facts()
    assert [(d.doc_id, d.n_facts, d.report) for d in pg.documents()] == [
        (d.doc_id, d.n_facts, d.report) for d in lite.documents()
    ]
    questions = ["全市政务数据治理项目多少钱", "普陀区财政局职业年金多少", "三公经费是多少", "编制多少人"]
    on_pg, on_lite = Engine(pg, auto_ingest=False), Engine(lite, auto_ingest=False)
    for q in questions:
        a, b = on_pg.ask(q).to_dict(), on_lite.ask(q).to_dict()
        a.pop("elapsed_ms"), b.pop("elapsed_ms")
        assert a == b, q
    assert on_pg.ask("全市政务数据治理项目多少钱").figures[0].value == Decimal(4900000)


def test_old_schema_is_migrated(pg_url: str) -> None:
    """A database made before the ``ocr``/``meta_source``/``report`` columns gets them on open."""
    import psycopg

    first_release = []
    for statement in pg_schema(SCHEMA):
        statement = re.sub(
            r"\bocr INTEGER NOT NULL DEFAULT 0,?\s*|\bmeta_source TEXT, report TEXT\s*", "", statement
        )
        first_release.append(re.sub(r",\s*\)$", "\n)", statement))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for statement in first_release:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO documents VALUES ('d1', 'x', 'f.txt', 't', '', '', 2020, '', 1, 0, 0, 0, '')"
        )
    store = FactStore(pg_url)
    assert "ocr" not in store._columns("facts")  # a reader does not migrate
    store.upgrade()
    assert {"meta_source", "report"} <= store._columns("documents")
    assert "ocr" in store._columns("facts") and "ocr" in store._columns("tables")
    assert [d.doc_id for d in store.documents()] == ["d1"]  # kept
    store.upgrade()  # twice is harmless
    store.close()


def test_write_lock_is_held_across_processes(pg_url: str, tmp_path: Path) -> None:
    """Another process (another machine, to PostgreSQL) holding the lock excludes us; its death frees it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from index.store_lock import PgAdvisoryLock\n"
            "with PgAdvisoryLock(sys.argv[1]).hold():\n"
            "    print('held', flush=True)\n"
            "    time.sleep(600)\n",
            pg_url,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = PgAdvisoryLock(pg_url)
        with pytest.raises(StoreBusy), lock.hold(timeout=0.5):
            pass
        holder.kill()  # a killed writer: the server ends its session and drops the lock
        holder.wait()
        start = time.monotonic()
        with lock.hold(timeout=30):
            assert lock.held
            with lock.hold():  # re-entrant
                assert lock.depth == 2
        assert time.monotonic() - start < 30 and not lock.held
    finally:
        holder.kill()
        holder.wait()


def test_generation_changes_with_every_write(on_postgres: str, tmp_path: Path) -> None:
    writer = Store(tmp_path / "a", retrieval=False)
    reader = open_fact_store(tmp_path / "b")
    before = reader.generation()
    writer.ingest([SEED])
    after_ingest = reader.generation()
    assert after_ingest != before
    assert [d.doc_id for d in reader.documents()] == [d.doc_id for d in writer.documents()]
    writer.remove(writer.documents()[0].doc_id)
    assert reader.generation() != after_ingest and reader.documents() == []


@pytest.mark.slow
def test_vectors_on_a_chroma_server(on_postgres: str, chroma_server, tmp_path: Path) -> None:
    """Ingest with embeddings into `chroma run`; a second store directory (another node) searches them."""
    files = tmp_path / "files"
    store = Store(tmp_path / "node1", retrieval=True)
    store.files_dir = files
    result = store.ingest([SMALL])[0]
    assert result.status == "added" and result.chunks > 0
    assert not (tmp_path / "node1" / "chroma").exists()  # nothing embedded on this node
    other = Store(tmp_path / "node2", retrieval=True)
    assert other.retrieval is not None
    vectors = other.retrieval.vectors
    assert vectors.count(result.doc_id) == result.chunks and vectors.document_ids() == {result.doc_id}
    hits = other.retrieval.search("新疆维吾尔自治区债务限额", k=3, mode="dense")
    assert hits and all(h.metadata["doc_id"] == result.doc_id for h in hits)
    store.remove(result.doc_id)
    assert vectors.count(result.doc_id) == 0


def test_kills_during_ingest_on_postgres(tmp_path: Path, on_postgres: str, monkeypatch) -> None:
    """SIGKILL an ingest with its transaction open and just after its commit (tests/test_crash.py's
    helpers): the server rolls back or keeps the whole document, the advisory lock goes with the
    killed session, the store opens and lists only complete documents, and a re-run equals a clean
    ingest."""
    import test_crash as crash

    reference_url = servers.new_database()
    try:
        monkeypatch.setenv("BUDGETQA_DATABASE_URL", reference_url)
        res = crash.cli(["ingest", str(PUTUO), str(SEED)], tmp_path / "reference")
        assert res.returncode == 0, res.stderr
        reference = crash.fact_counts(tmp_path / "reference")
    finally:
        servers.drop_database(reference_url)
    monkeypatch.setenv("BUDGETQA_DATABASE_URL", on_postgres)
    store = tmp_path / "store"
    assert crash.cli(["ingest", str(PUTUO)], store).returncode == 0
    before = crash.fact_counts(store)
    seed_id = file_sha256(SEED)[:16]
    rng = random.Random(7)
    for stage in ("facts written", "committed", "rm:facts deleted"):
        if stage.startswith("rm:"):
            if seed_id not in crash.fact_counts(store):
                assert crash.cli(["ingest", str(SEED)], store).returncode == 0
            assert crash.kill_in_stage(["rm", seed_id], store, stage[3:], rng, retrieval=False)
        else:
            if seed_id in crash.fact_counts(store):
                assert crash.cli(["rm", seed_id], store).returncode == 0
            assert crash.kill_in_stage(["ingest", str(SEED)], store, stage, rng, retrieval=False)
        crash.check_after_kill(store, reference, before)
    res = crash.cli(["ingest", str(SEED)], store)
    assert res.returncode == 0, res.stderr
    assert crash.fact_counts(store) == reference
    assert crash.leftovers(store) == []
