"""Several `budgetqa serve` processes on one store: PostgreSQL facts, `chroma run` vectors, shared kept copies.

Two servers stand for two machines: they share the fact database (PostgreSQL), the vectors (a
Chroma server), the kept copies (``BUDGETQA_FILES_DIR``) and the store directory (which then holds
only the BM25 words index: a volume every node mounts).  A document uploaded through one is
answered by the other, with the same answer; a delete through the other is seen by the first.  Skipped unless `.ci/run`'s
servers are up (tests/servers.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import servers
from conftest import SEED

from index.store import Store

REPO = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).parent / "corpus" / "wild" / "xinjiang_region_2019_government_debt_final_table.xlsx"
pg_url, on_postgres, chroma_server = servers.pg_url, servers.on_postgres, servers.chroma_server

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store: Path, env: dict[str, str], log: Path, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(self.port), "--store", str(store)]
        cmd += ["--log-level", "warning", "--workers", str(workers)]
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"server did not start: {self.log.read_text(errors='replace')[-3000:]}")

    def ask(self, question: str) -> dict:
        r = httpx.post(f"{self.url}/v1/ask", json={"question": question}, timeout=120)
        assert r.status_code == 200, r.text
        out = r.json()
        out.pop("elapsed_ms")
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture()
def deployment(on_postgres: str, chroma_server, tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """The environment every node shares: the database, the Chroma server, the kept copies."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"}
    env.update(BUDGETQA_FILES_DIR=str(tmp_path / "shared-files"), BUDGETQA_RETRIEVAL="1")
    env["BUDGETQA_RATE_LIMIT"] = "10000/minute"
    env.pop("BUDGETQA_HOME", None)
    yield env, tmp_path


def _wait_job(server: Server, job: dict) -> dict:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        state = httpx.get(f"{server.url}{job['status_url']}", timeout=30).json()
        if state["state"] not in {"queued", "running"}:
            return state
        time.sleep(0.5)
    raise AssertionError(f"ingest did not finish: {state}")


def test_an_ingest_through_one_server_is_answered_by_the_other(deployment, monkeypatch) -> None:
    env, tmp = deployment
    monkeypatch.setenv("BUDGETQA_FILES_DIR", env["BUDGETQA_FILES_DIR"])
    # the store is in use already (so no server ingests the default corpus)
    first = Store(tmp / "store", retrieval=True).ingest([SMALL])[0]
    assert first.status == "added", first.message
    # a real disclosure's first part (its narrative: a dozen chunks, quick to embed)
    part = tmp / "upload" / "zhengzhou_bigdata_2021_budget_part.txt"
    part.parent.mkdir()
    part.write_text(
        "".join(SEED.read_text(encoding="utf-8").splitlines(keepends=True)[:125]), encoding="utf-8"
    )

    a = Server(tmp / "store", env, tmp / "a.log")
    b = Server(tmp / "store", env, tmp / "b.log")
    try:
        a.wait_ready()
        b.wait_ready()
        question = "全市政务数据治理项目多少钱"
        assert b.ask(question)["kind"] == "not_found"
        debt_a, debt_b = a.ask("新疆2019年债务限额是多少"), b.ask("新疆2019年债务限额是多少")
        assert debt_a == debt_b and debt_a["kind"] == "figure"

        with open(part, "rb") as fh:
            r = httpx.post(f"{a.url}/v1/documents", files={"file": (part.name, fh, "text/plain")}, timeout=60)
        assert r.status_code == 202, r.text
        done = _wait_job(a, r.json())
        assert done["state"] == "done", done

        answer_b, answer_a = b.ask(question), a.ask(question)
        assert answer_b == answer_a
        assert answer_b["kind"] == "figure" and answer_b["figures"][0]["value"] == 4900000
        assert answer_b["sources"][answer_b["figures"][0]["source"]]["file"] == part.name
        listed = {d["file"] for d in httpx.get(f"{b.url}/v1/documents", timeout=30).json()}
        assert listed == {SMALL.name, part.name}
        # the kept copy is in the shared directory, where any node finds it
        doc_id = done["result"]["doc_id"]
        assert answer_b["context"]["doc_ids"] == [doc_id]
        assert (tmp / "shared-files" / f"{doc_id}.txt").read_bytes() == part.read_bytes()
        # a text question (hybrid search: vectors on the Chroma server, words reloaded from the store)
        text = b.ask("大数据管理局的主要职责有哪些")
        assert text == a.ask("大数据管理局的主要职责有哪些")
        assert text["kind"] in {"passage", "list"} and text["context"]["doc_ids"] == [doc_id], text
        assert text["sources"] and "负责" in text["text"], text

        # a delete through B is seen by A
        r = httpx.delete(f"{b.url}/v1/documents/{doc_id}", timeout=120)
        assert r.status_code == 200, r.text
        assert a.ask(question)["kind"] == "not_found"
    finally:
        a.stop()
        b.stop()


def test_workers_share_one_embedded_store(tmp_path: Path) -> None:
    """`serve --workers 2` (SQLite, facts only): an upload handled by one worker is answered by every worker."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False", "BUDGETQA_RETRIEVAL": "0"}
    for name in ("BUDGETQA_HOME", "BUDGETQA_DATABASE_URL", "BUDGETQA_FILES_DIR", "BUDGETQA_CHROMA_HOST"):
        env.pop(name, None)
    env["BUDGETQA_RATE_LIMIT"] = "10000/minute"
    assert Store(tmp_path / "store", retrieval=False).ingest([SEED])[0].status == "added"
    server = Server(tmp_path / "store", env, tmp_path / "serve.log", workers=2)
    try:
        server.wait_ready()
        question = "新疆2019年债务限额是多少"
        assert server.ask(question)["kind"] == "not_found"
        with open(SMALL, "rb") as fh:
            r = httpx.post(f"{server.url}/v1/documents", files={"file": (SMALL.name, fh)}, timeout=60)
        assert r.status_code == 202, r.text
        assert _wait_job(server, r.json())["state"] == "done"
        # each request on a new connection: the kernel spreads them over both workers
        answers = [server.ask(question) for _ in range(8)]
        assert all(a == answers[0] for a in answers) and answers[0]["kind"] == "figure", answers
    finally:
        server.stop()
