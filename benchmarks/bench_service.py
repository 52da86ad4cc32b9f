"""Load test of the HTTP service on this machine only: N concurrent clients for S seconds.

Starts ``budgetqa serve`` on a free loopback port over a store holding the seed document, then each
client asks a mix of figure, passage and follow-up questions (chat with history) in a loop until the
time is up (every loop is bounded in count and time). Prints throughput, p50/p95 per kind and errors,
and writes them to benchmarks/results/service.json.

Two loads: ``--think 0`` (default) is a closed loop that saturates the server, so its latencies are
mostly queueing and measure capacity; ``--think S`` lets each client wait S seconds (exponentially
distributed, mean S) between questions, as people in a chat do, so the offered load is about
clients / S requests per second and the latencies are what a user sees at that load.

    python benchmarks/bench_service.py --clients 20 --seconds 60 [--think 0.5] [--retrieval]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "zhengzhou_bigdata_2021_budget.txt"

FIGURE = [
    "全市政务数据治理项目多少钱",
    "三公经费是多少",
    "基本支出多少",
    "201 03 02 项目支出多少",
    "公车有几辆",
]
PASSAGE = ["什么是机关运行经费", "主要职责有哪些", "为什么预算增长这么多"]
FOLLOW_UP = [["三公经费多少", "那2020年呢"], ["全市政务数据治理项目多少钱", "占比多少"]]
MAX_REQUESTS_PER_CLIENT = 100_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def _client(
    url: str, i: int, deadline: float, think: float, out: dict[str, list[float]], errors: list[str]
) -> None:
    rng = random.Random(i)
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        for n in range(MAX_REQUESTS_PER_CLIENT):
            if think:
                await asyncio.sleep(min(rng.expovariate(1 / think), 10 * think))
            if time.monotonic() >= deadline:
                return
            pick = (i + n) % 10
            if pick < 6:
                kind, body = "figure", {"question": FIGURE[(i + n) % len(FIGURE)]}
                path = "/v1/ask"
            elif pick < 8:
                kind, body = "passage", {"question": PASSAGE[(i + n) % len(PASSAGE)]}
                path = "/v1/ask"
            else:
                turns = FOLLOW_UP[(i + n) % len(FOLLOW_UP)]
                kind, path = "follow_up", "/v1/chat/completions"
                body = {"model": "budget-qa", "messages": [{"role": "user", "content": t} for t in turns]}
            start = time.perf_counter()
            try:
                r = await http.post(path, json=body)
                if r.status_code != 200:
                    errors.append(f"{path} {r.status_code} {r.text[:120]}")
                    continue
            except httpx.HTTPError as exc:
                errors.append(f"{path} {type(exc).__name__}")
                continue
            out[kind].append((time.perf_counter() - start) * 1000)


async def _run(
    url: str, clients: int, seconds: float, think: float
) -> tuple[dict[str, list[float]], list[str], float]:
    out: dict[str, list[float]] = {"figure": [], "passage": [], "follow_up": []}
    errors: list[str] = []
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(*(_client(url, i, deadline, think, out, errors) for i in range(clients)))
    return out, errors, time.monotonic() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (budgetqa serve --workers)"
    )
    ap.add_argument("--think", type=float, default=0.0, help="mean seconds a client waits between questions")
    ap.add_argument("--retrieval", action="store_true", help="build embeddings (passages from hybrid search)")
    args = ap.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600 or not 0 <= args.think <= 60:
        ap.error("--clients 1..200, --seconds 1..600, --think 0..60 (a bounded local load)")
    if not 1 <= args.workers <= 8:
        ap.error("--workers 1..8")

    env = {**os.environ, "BUDGETQA_RATE_LIMIT": "1000000/minute", "ANONYMIZED_TELEMETRY": "False"}
    env["BUDGETQA_RETRIEVAL"] = "1" if args.retrieval else "0"
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run(
            [sys.executable, "-m", "qa.cli", "ingest", str(SEED), "--store", str(store)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with open(Path(tmp) / "server.log", "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "qa.cli", "serve", "--store", str(store), "--port", str(port),
                 "--log-level", "warning", "--workers", str(args.workers)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                for _ in range(300):
                    try:
                        if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                rss_kb = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0])
                latencies, errors, elapsed = asyncio.run(_run(url, args.clients, args.seconds, args.think))
                rss_after = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0])
            finally:
                proc.terminate()
                proc.wait(10)
    total = sum(len(v) for v in latencies.values())
    result = {
        "clients": args.clients,
        "think_s": args.think,
        "workers": args.workers,
        "seconds": round(elapsed, 1),
        "retrieval": args.retrieval,
        "requests": total,
        "throughput_rps": round(total / elapsed, 1),
        "errors": len(errors),
        "error_examples": errors[:5],
        "rss_mb_start": round(rss_kb / 1024),
        "rss_mb_end": round(rss_after / 1024),
        "kinds": {
            kind: {
                "n": len(v),
                "p50_ms": round(_pct(v, 0.5), 1),
                "p95_ms": round(_pct(v, 0.95), 1),
                "mean_ms": round(statistics.fmean(v), 1) if v else None,
            }
            for kind, v in latencies.items()
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    name = f"service{'_think' if args.think else ''}{f'_w{args.workers}' if args.workers > 1 else ''}.json"
    (out / name).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
