"""End to end in a real browser: `streamlit run app.py` on localhost, Debian's chromium via Playwright.

Starts the app on a fresh store (so it ingests the embedded default corpus, as for a new
user), types a question, waits for the answer and checks the figure is on the page. Saves a
screenshot to test-artifacts/browser_answer.png (copied to docs/screenshot.png for the README)
and the measured times to test-artifacts/browser_timings.json.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer on {url}")


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[tuple[str, float]]:
    """The app served on a free localhost port over a fresh store; yields (url, start time)."""
    port = _free_port()
    env = {
        **os.environ,
        "BUDGETQA_HOME": str(tmp_path / "store"),
        "BUDGETQA_RETRIEVAL": os.environ.get("BUDGETQA_RETRIEVAL", "0"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    started = time.monotonic()
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url, started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _ask(page, question: str, expected: str, timeout_ms: int) -> float:
    """Type a question, wait until ``expected`` is on the page; returns seconds taken."""
    before = page.get_by_text(expected).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    start = time.monotonic()
    box.press("Enter")
    page.wait_for_function(
        "([text, n]) => document.body.innerText.split(text).length - 1 > n",
        arg=[expected, before],
        timeout=timeout_ms,
    )
    return time.monotonic() - start


def test_browser_answers_with_figure_and_sources(app_url: tuple[str, float]) -> None:
    from playwright.sync_api import sync_playwright

    url, started = app_url
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1700}, locale="zh-CN")
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
            first = _ask(page, "政务数据治理项目多少钱", "490.00万元", timeout_ms=120_000)
            cold = time.monotonic() - started
            page.get_by_text("来源 1").first.wait_for()
            body = page.inner_text("body")
            assert "490.00万元" in body
            assert "4,900,000元" in body
            assert "全市政务数据治理" in body
            # open the first source: the printed text with the figure marked
            page.get_by_text("来源 2").first.click()
            visible = page.locator("[data-testid='stExpanderDetails'] strong >> visible=true")
            visible.first.wait_for()
            marks = visible.all_inner_texts()
            assert any(m in {"490.00", "4900000.00", "4,900,000"} for m in marks)
            page.screenshot(path=str(ARTIFACTS / "browser_answer.png"))
            warm = _ask(page, "三公经费是多少", "1.50万元", timeout_ms=30_000)
        finally:
            browser.close()
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    shutil.copyfile(ARTIFACTS / "browser_answer.png", docs / "screenshot.png")
    timings = {
        "cold_start_to_first_answer_s": round(cold, 2),
        "first_question_s": round(first, 2),
        "warm_question_s": round(warm, 2),
    }
    (ARTIFACTS / "browser_timings.json").write_text(json.dumps(timings, indent=2))
    print(timings)


class _Pixel:
    """A local HTTP server that counts every request: a tracking pixel would show up here."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def test_document_markup_never_runs_or_fetches(tmp_path: Path) -> None:
    """A document that prints Markdown and HTML: shown as text in the real browser, nothing runs, nothing
    is fetched from another host."""
    from playwright.sync_api import sync_playwright

    from index.store import Store

    pixel = _Pixel()
    host = f"http://127.0.0.1:{pixel.port}"
    payload = (
        f"[点我]({host}/link)<img src={host}/img.png onerror=window.__pwned=1>"
        f"<script>window.__pwned2=1</script>![x]({host}/md.png){host}/bare :red[红字]"
    )
    seed = (Path(__file__).parent / "corpus" / "zhengzhou_bigdata_2021_budget.txt").read_text(
        encoding="utf-8"
    )
    hostile = seed.replace(
        "5、全市政务数据治理项目490.00万元。", f"5、全市政务数据治理项目490.00万元，{payload}。"
    )
    assert hostile != seed
    doc = tmp_path / "hostile.txt"
    doc.write_text(hostile, encoding="utf-8")
    home = tmp_path / "store"
    Store(home, retrieval=False).ingest([doc])

    port = _free_port()
    env = {**os.environ, "BUDGETQA_HOME": str(home), "BUDGETQA_RETRIEVAL": "0"}
    with (tmp_path / "streamlit.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(locale="zh-CN")
                    page.goto(url)
                    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
                    _ask(page, "全市政务数据治理项目多少钱", "490.00万元", timeout_ms=120_000)
                    page.get_by_text("来源 1：").first.wait_for()
                    for i in range(1, 7):  # open every source, so every quote is in the page
                        label = page.get_by_text(f"来源 {i}：")
                        if label.count():
                            label.first.click()
                            page.wait_for_timeout(300)
                    # the markup is shown as characters
                    page.wait_for_function(
                        "() => document.body.innerText.includes('<script>window.__pwned2=1</script>')"
                        " && document.body.innerText.includes('[点我](')",
                        timeout=30_000,
                    )
                    assert page.evaluate("() => [window.__pwned, window.__pwned2]") == [None, None]
                    foreign = page.evaluate(
                        "(port) => [...document.querySelectorAll('img[src], a[href]')]"
                        ".map(e => e.src || e.href).filter(u => u.includes(':' + port))",
                        pixel.port,
                    )
                    assert foreign == [], foreign
                finally:
                    browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            pixel.close()
    assert pixel.hits == [], f"the browser fetched {pixel.hits}"
