"""The HTTP service, tested as clients use it: a real uvicorn server on a free local port, the
official ``openai`` client for chat, ``httpx`` for the rest, and schemathesis against the schema."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import PUTUO, SEED
from openai import OpenAI

from index.store import Store
from qa.engine import Engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "test-admin-key-8f2a"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store: Path, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "BUDGETQA_RETRIEVAL": "0", "ANONYMIZED_TELEMETRY": "False", **(env or {})}
        self.log = store.parent / f"server-{self.port}.log"
        self._out = open(self.log, "wb")  # noqa: SIM115 (the server writes to it until stop())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "serve", "--store", str(store), "--port", str(self.port)],
            cwd=ROOT,
            env=full_env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text(errors="replace"))
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start: " + self.log.read_text(errors="replace"))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


def _seed_store(path: Path) -> Path:
    store = Store(path, retrieval=False)
    assert [r.status for r in store.ingest([SEED])] == ["added"]
    store.facts.close()
    return path


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Reads open, writes need ADMIN."""
    store = _seed_store(tmp_path_factory.mktemp("svc") / "store")
    server = Server(store, {"BUDGETQA_ADMIN_KEYS": ADMIN, "BUDGETQA_MAX_UPLOAD_MB": "2"})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The same document in-process, to compare the service's answers with the engine's."""
    store = Store(_seed_store(tmp_path_factory.mktemp("ref") / "store"), retrieval=False)
    return Engine(store, auto_ingest=False)


def test_ask_returns_the_ask_json_contract(open_server: Server, engine: Engine) -> None:
    r = httpx.post(open_server.url + "/v1/ask", json={"question": "全市政务数据治理项目多少钱"}, timeout=30)
    assert r.status_code == 200
    body = r.json()
    local = engine.ask("全市政务数据治理项目多少钱").to_dict()
    assert set(body) == set(local)
    assert body["kind"] == "figure"
    assert body["figures"][0]["value"] == 4900000
    assert body["text"] == local["text"]
    assert body["sources"][body["figures"][0]["source"]]["quote"]


def test_chat_with_the_official_openai_client_follows_up(open_server: Server, engine: Engine) -> None:
    client = OpenAI(base_url=open_server.url + "/v1", api_key="none")
    first = client.chat.completions.create(
        model="budget-qa", messages=[{"role": "user", "content": "大数据局三公经费多少"}]
    )
    text = first.choices[0].message.content
    local_first = engine.ask("大数据局三公经费多少")
    assert text.startswith(local_first.text)
    assert "[1]" in text  # sources as numbered footnotes
    extra = first.model_extra["budget_qa"]
    assert extra["figures"][0]["value"] == local_first.to_dict()["figures"][0]["value"]

    follow = client.chat.completions.create(
        model="budget-qa",
        messages=[
            {"role": "user", "content": "大数据局三公经费多少"},
            {"role": "assistant", "content": "（客户端自己保存的上一轮回答，服务不信任它）"},
            {"role": "user", "content": "那2020年呢"},
        ],
    )
    local_follow = engine.ask("那2020年呢", history=[local_first])
    assert follow.model_extra["budget_qa"]["text"] == local_follow.text
    assert follow.model_extra["budget_qa"]["figures"] == local_follow.to_dict()["figures"]


def test_chat_stream_gives_the_same_content_in_chunks(open_server: Server) -> None:
    client = OpenAI(base_url=open_server.url + "/v1", api_key="none")
    messages = [{"role": "user", "content": "全市政务数据治理项目多少钱"}]
    whole = client.chat.completions.create(model="budget-qa", messages=messages).choices[0].message.content
    chunks = list(client.chat.completions.create(model="budget-qa", messages=messages, stream=True))
    assert len(chunks) > 3
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == whole
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["budget_qa"]["figures"][0]["value"] == 4900000


def test_models_lists_budget_qa(open_server: Server) -> None:
    client = OpenAI(base_url=open_server.url + "/v1", api_key="none")
    assert [m.id for m in client.models.list()] == ["budget-qa"]


def test_refusals_are_json_with_a_code_and_a_chinese_message(open_server: Server) -> None:
    bad = httpx.post(open_server.url + "/v1/ask", content=b"{not json", timeout=10)
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_request"
    long = httpx.post(open_server.url + "/v1/ask", json={"question": "三公" * 5000}, timeout=10)
    assert long.status_code == 413
    assert long.json()["error"]["code"] == "question_too_long"
    assert "太长" in long.json()["error"]["message"]
    missing = httpx.get(open_server.url + "/v1/documents/0000000000000000", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "document_not_found"


def test_documents_upload_edit_delete_need_the_admin_key(open_server: Server) -> None:
    url = open_server.url
    before = httpx.get(url + "/v1/documents", timeout=10).json()
    assert len(before) == 1
    pdf = PUTUO.read_bytes()
    files = {"file": ("../../etc/普陀 财政局.pdf", pdf, "application/pdf")}
    no_key = httpx.post(url + "/v1/documents", files=files, timeout=30)
    assert no_key.status_code == 401 and no_key.json()["error"]["code"] == "admin_key_required"
    wrong = httpx.post(
        url + "/v1/documents", files=files, headers={"Authorization": "Bearer nope"}, timeout=30
    )
    assert wrong.status_code == 403

    auth = {"Authorization": f"Bearer {ADMIN}"}
    accepted = httpx.post(url + "/v1/documents", files=files, headers=auth, timeout=30)
    assert accepted.status_code == 202, accepted.text
    job_url = url + accepted.json()["status_url"]
    deadline = time.monotonic() + 120
    while (job := httpx.get(job_url, timeout=10).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.3)
    assert job["state"] == "done", job
    assert job["file"] == "普陀 财政局.pdf"  # the name is shown, never used as a path
    doc_id = job["result"]["doc_id"]
    docs = httpx.get(url + "/v1/documents", timeout=10).json()
    assert len(docs) == 2
    answer = httpx.post(url + "/v1/ask", json={"question": "普陀区财政局职业年金多少"}, timeout=30).json()
    assert answer["figures"][0]["value"] == 873617

    patched = httpx.patch(url + f"/v1/documents/{doc_id}", json={"year": 2024}, headers=auth, timeout=10)
    assert patched.status_code == 200, patched.text
    assert patched.json()["year"] == 2024
    assert httpx.patch(url + f"/v1/documents/{doc_id}", json={"year": 2024}, timeout=10).status_code == 401

    assert httpx.delete(url + f"/v1/documents/{doc_id}", timeout=10).status_code == 401
    deleted = httpx.delete(url + f"/v1/documents/{doc_id}", headers=auth, timeout=10)
    assert deleted.status_code == 200
    assert [d["doc_id"] for d in httpx.get(url + "/v1/documents", timeout=10).json()] == [before[0]["doc_id"]]
    gone = httpx.post(url + "/v1/ask", json={"question": "普陀区财政局职业年金多少"}, timeout=30).json()
    assert gone["kind"] != "figure" or all(f["value"] != 873617 for f in gone["figures"])


def test_upload_limits_size_and_type_by_content(open_server: Server) -> None:
    auth = {"Authorization": f"Bearer {ADMIN}"}
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    r = httpx.post(
        open_server.url + "/v1/documents", files={"file": ("big.pdf", big)}, headers=auth, timeout=30
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    r = httpx.post(
        open_server.url + "/v1/documents", files={"file": ("a.pdf", png)}, headers=auth, timeout=30
    )
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_type"


def test_facts_check_health_and_metrics(open_server: Server) -> None:
    url = open_server.url
    rows = httpx.get(url + "/v1/facts", params={"q": "政务数据治理"}, timeout=30).json()
    assert rows and all("政务数据治理" in f"{r['subject']}{r['row']}{r['table']}" for r in rows)
    assert any(r["value"] == "4900000" and r["quote"] for r in rows)
    csv_text = httpx.get(url + "/v1/facts", params={"q": "政务数据治理", "format": "csv"}, timeout=30).text
    assert csv_text.startswith("\ufeffdepartment,year") and "4900000" in csv_text
    findings = httpx.get(url + "/v1/check", timeout=60).json()
    assert any("289" in json.dumps(f, ensure_ascii=False) for f in findings)
    assert httpx.get(url + "/healthz", timeout=10).json()["status"] == "ok"
    httpx.post(url + "/v1/ask", json={"question": "三公经费多少"}, timeout=30)
    metrics = httpx.get(url + "/metrics", timeout=10).text
    assert 'budgetqa_answer_seconds_bucket{kind="figure"' in metrics
    assert "budgetqa_documents" in metrics and "budgetqa_requests_total" in metrics


def test_without_admin_keys_writes_are_local_only(tmp_path: Path) -> None:
    store = _seed_store(tmp_path / "store")
    server = Server(store)
    try:
        doc_id = httpx.get(server.url + "/v1/documents", timeout=10).json()[0]["doc_id"]
        # a client on another loopback address is not "this machine"
        remote = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.7"))
        r = remote.delete(server.url + f"/v1/documents/{doc_id}", timeout=10)
        assert r.status_code == 403 and r.json()["error"]["code"] == "writes_local_only"
        assert httpx.get(server.url + "/v1/documents", timeout=10).json()
        assert "只允许本机" in server.log.read_text()
    finally:
        server.stop()


def test_read_keys_and_rate_limit(tmp_path: Path) -> None:
    store = _seed_store(tmp_path / "store")
    server = Server(store, {"BUDGETQA_READ_KEYS": "reader", "BUDGETQA_RATE_LIMIT": "3/minute"})
    try:
        url = server.url + "/v1/ask"
        assert httpx.post(url, json={"question": "三公经费"}, timeout=10).status_code == 401  # counts too
        auth = {"Authorization": "Bearer reader"}
        codes = [
            httpx.post(url, json={"question": "三公经费"}, headers=auth, timeout=10).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 429, 429]
        limited = httpx.post(url, json={"question": "三公经费"}, headers=auth, timeout=10).json()
        assert limited["error"]["code"] == "rate_limited"
    finally:
        server.stop()


def test_schemathesis_finds_no_server_errors(tmp_path: Path) -> None:
    store = _seed_store(tmp_path / "store")
    server = Server(store, {"BUDGETQA_RATE_LIMIT": "100000/minute", "BUDGETQA_ADMIN_KEYS": ADMIN})
    try:
        run = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run", server.url + "/openapi.json",
                "--checks", "not_a_server_error", "--max-examples", "12", "--workers", "1",
                "--request-timeout", "30", "--suppress-health-check", "all",
            ],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    finally:
        server.stop()
