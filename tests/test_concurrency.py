"""Many readers and writers on one store (issue 12 §3), with real processes and real embeddings.

8 reader processes ask figure and text questions in a loop while one process ingests a document
(retrieval on: chunks, e5 embeddings, Chroma) and another deletes it, again and again.  No reader
may see an error ("database is locked", a Chroma error), an answer citing a document that is not
completely in, or a changed figure; readers never write.  And chromadb's per-process client cache
must not break an ingest into a store made again at the path of a deleted one (``code: 1032``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SEED
from test_crash import REPO, WUHAN, _env, cli, leftovers

from index.parse import file_sha256
from index.store import Store

READERS = 8
ROUNDS = 3  # ingest + delete cycles of the writer processes


def _ids() -> tuple[str, str]:
    return file_sha256(SEED)[:16], file_sha256(WUHAN)[:16]


@pytest.mark.slow
def test_readers_with_a_writer_and_a_deleter(tmp_path: Path) -> None:
    store = tmp_path / "store"
    seed_id, wuhan_id = _ids()
    assert cli(["ingest", str(SEED)], store, retrieval=True).returncode == 0
    expected = {
        "大数据局三公经费多少": {seed_id: "15000", wuhan_id: None},
        "什么是三公经费": {seed_id: None, wuhan_id: None},
        "武汉税收收入预算数多少": {seed_id: None, wuhan_id: "130981620000"},
    }
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [
                sys.executable,
                str(REPO / "tests" / "concurrency_reader.py"),
                str(store),
                str(stop),
                json.dumps(expected, ensure_ascii=False),
            ],
            cwd=REPO,
            env=_env(True, None),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(READERS)
    ]
    writer_log: list[tuple[str, int, str]] = []

    def writer() -> None:
        for _ in range(ROUNDS):
            r = cli(["ingest", str(WUHAN)], store, retrieval=True)
            writer_log.append(("ingest", r.returncode, r.stderr[-2000:]))

    def deleter() -> None:
        done = 0
        while done < ROUNDS:
            r = cli(["rm", wuhan_id], store, retrieval=True)
            writer_log.append(("rm", r.returncode, r.stderr[-2000:]))
            done += r.returncode == 0
            if r.returncode not in (0, 2):
                return
            if r.returncode == 2:
                time.sleep(0.5)  # not in yet: the writer is still ingesting

    threads = [threading.Thread(target=writer), threading.Thread(target=deleter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=1800)
    stop.touch()
    results = []
    for p in readers:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
        assert "database is locked" not in err and "Traceback" not in err, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    for kind, code, err in writer_log:
        assert code in (0, 2), (kind, code, err)  # rm: 2 when the document is not in (yet)
        assert "Traceback" not in err and "database is locked" not in err, err
    assert sum(k == "ingest" for k, _, _ in writer_log) == ROUNDS
    assert sum(k == "rm" and c == 0 for k, c, _ in writer_log) == ROUNDS
    for r in results:
        assert r["errors"] == [], r["errors"][:2]
        assert r["bad"] == [], r["bad"][:5]
        assert r["asked"] >= len(expected)
    asked = sum(r["asked"] for r in results)
    print(f"\n{READERS} readers asked {asked} questions; {len(writer_log)} writer runs; 0 errors")
    assert leftovers(store) == []
    # readers wrote nothing: the last writer removed Wuhan, and the store holds exactly the seed
    final = Store(store, create=False, retrieval=False)
    assert [d.doc_id for d in final.documents()] == [seed_id]


@pytest.mark.slow
def test_store_made_again_at_a_deleted_path(tmp_path: Path) -> None:
    """chromadb caches a client per path and process: a store deleted and made again at the same
    path (while other processes ingest into their own stores) must still take writes."""
    others = [
        subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "ingest", str(WUHAN), "--store", str(tmp_path / f"other{i}")],
            cwd=REPO,
            env=_env(True, None),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    path = tmp_path / "store"
    for _ in range(2):
        store = Store(path, retrieval=True)
        (r,) = store.ingest([WUHAN])
        assert r.status == "added" and r.chunks > 0, r
        assert store.retrieval.search("税收收入", k=3, filters={"doc_id": r.doc_id})
        shutil.rmtree(path)
    # a relative path after a change of directory is another store, not the cached one
    cwd = os.getcwd()
    try:
        for sub in ("a", "b"):
            (tmp_path / sub).mkdir()
            os.chdir(tmp_path / sub)
            (r,) = Store(Path("rel"), retrieval=True).ingest([WUHAN])
            assert r.status == "added" and r.chunks > 0
            assert (tmp_path / sub / "rel" / "chroma").is_dir()
    finally:
        os.chdir(cwd)
    for p in others:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0 and "readonly" not in err, err[-2000:]


@pytest.mark.slow
def test_reader_during_ingest_leaves_the_new_chunks_alone(tmp_path: Path) -> None:
    """The reported bug: a reader opening the retrieval index between a writer's chunks and its facts
    commit deleted the chunks as "incompletely ingested".  Readers never delete: the ingest ends
    with its text index whole, and the reader never saw the half-written document."""
    store = tmp_path / "store"
    resume = tmp_path / "resume"
    wuhan_id = file_sha256(WUHAN)[:16]
    writer = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "ingest", str(WUHAN), "--store", str(store)],
        cwd=REPO,
        # the writer waits (up to 10 min) with its chunks written and its facts not, until resumed
        env={
            **_env(True, 0.01),
            "BUDGETQA_TEST_PAUSE": "0.01,vectors written=600",
            "BUDGETQA_TEST_RESUME": str(resume),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stderr is not None
    for line in writer.stderr:
        if line.strip() == "BUDGETQA_STAGE vectors written":
            break
    # chunks are (partly) written, facts are not: a reader opens the store and its text index
    reader = (
        "import sys, json; from index.store import Store; from qa.engine import Engine;"
        "s = Store(sys.argv[1], create=False); assert s.retrieval is not None;"
        "e = Engine(s, auto_ingest=False);"
        "answers = [e.ask(q) for q in ('税收收入执行情况', '武汉税收收入预算数多少')];"
        "print(json.dumps([len(s.documents())] + [src.doc_id for a in answers for src in a.sources]))"
    )
    res = subprocess.run(
        [sys.executable, "-c", reader, str(store)],
        cwd=REPO,
        env=_env(True, None),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    seen = json.loads(res.stdout)
    assert seen[0] == 0 and wuhan_id not in seen, seen  # nothing of the half-written document
    assert writer.poll() is None, "the writer must still be between its chunks and its commit"
    resume.touch()
    writer.stderr.read()
    assert writer.wait(timeout=900) == 0
    from index.retrieval_index import RetrievalIndex

    index = RetrievalIndex(store, writable=False)
    assert index.has_document(wuhan_id)
    assert leftovers(store) == []
