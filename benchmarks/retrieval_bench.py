"""Retrieval benchmark: index build time per document and per page, query latency, serving memory.

Build: parse, chunk, embed (the dominant cost on CPU) and commit each document of ``eval/docs``
into a fresh store.  Serving: a separate process opens that store (no rebuild), runs every
question of ``eval/retrieval_questions.jsonl`` through dense, BM25 and hybrid search and through
search + passage extraction, and reports p50/p95 latency, open time and its RSS.

    python benchmarks/retrieval_bench.py [--store DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = ROOT / "eval" / "retrieval_questions.jsonl"
DOCS = ROOT / "eval" / "docs"


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def build(store: Path, docs_dir: Path) -> list[dict]:
    from index.parse import parse_document
    from index.retrieval_index import RetrievalIndex

    index = RetrievalIndex(store)
    rows = []
    for path in sorted(docs_dir.iterdir()):
        if path.suffix.lower() not in {".pdf", ".txt"}:
            continue
        t0 = time.perf_counter()
        doc = parse_document(path)
        t1 = time.perf_counter()
        prepared = index.prepare(doc)
        t2 = time.perf_counter()
        index.commit(prepared)
        t3 = time.perf_counter()
        index_s = t3 - t1
        rows.append(
            {
                "file": path.name,
                "pages": doc.pages,
                "chars": sum(len(c.text) for c in prepared.chunks),
                "chunks": len(prepared.chunks),
                "parse_s": t1 - t0,
                "embed_s": prepared.timings["embed_s"],
                "commit_s": t3 - t2,
                "index_s": index_s,
                "index_s_per_page": index_s / doc.pages if doc.pages else None,
                "embed_ms_per_chunk": 1000 * prepared.timings["embed_s"] / max(1, len(prepared.chunks)),
            }
        )
    return rows


def serve(store: Path) -> dict:
    """Run in a fresh process: open the store and answer every question, timing each."""
    t0 = time.perf_counter()
    from index.retrieval_index import RetrievalIndex
    from qa.passages import extract_passage

    index = RetrievalIndex(store)
    retriever = index.retriever()
    retriever.search("预算", k=1)  # loads the model and jieba once, as a server does at start
    open_s = time.perf_counter() - t0
    questions = [json.loads(x) for x in QUESTIONS.read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = {d["file"]: d["doc_id"] for d in index.words.documents()}
    out: dict = {"open_s": open_s, "questions": len(questions)}
    for mode in ("dense", "bm25", "hybrid"):
        times = []
        for q in questions:
            t = time.perf_counter()
            retriever.search(q["question"], k=5, filters={"doc_id": docs.get(q["doc"])}, mode=mode)
            times.append(1000 * (time.perf_counter() - t))
        out[mode] = {"p50_ms": statistics.median(times), "p95_ms": _pct(times, 0.95), "max_ms": max(times)}
    times = []
    for q in questions:
        t = time.perf_counter()
        hits = retriever.search(q["question"], k=5, filters={"doc_id": docs.get(q["doc"])})
        extract_passage(q["question"], hits, section_chunks=retriever.section_chunks)
        times.append(1000 * (time.perf_counter() - t))
    out["hybrid+passage"] = {
        "p50_ms": statistics.median(times),
        "p95_ms": _pct(times, 0.95),
        "max_ms": max(times),
    }
    out["rss_mb"] = _rss_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="store to build into (default: a temporary directory)")
    ap.add_argument("--docs", type=Path, default=DOCS)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # internal: the serving process
    args = ap.parse_args(argv)
    if args.serve:
        print(json.dumps(serve(args.serve)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp)
        rows = build(store, args.docs)
        proc = subprocess.run(
            [sys.executable, __file__, "--serve", str(store)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            return proc.returncode
        served = json.loads(proc.stdout.strip().splitlines()[-1])

    print("index build (parse + chunk + embed + commit):")
    print(
        f"{'file':48} {'pages':>5} {'chunks':>6} {'parse s':>8} {'embed s':>8} {'index s':>8} {'s/page':>7}"
    )
    for r in rows:
        per_page = f"{r['index_s_per_page']:.2f}" if r["index_s_per_page"] else "-"
        print(
            f"{r['file']:48} {r['pages'] or '-':>5} {r['chunks']:>6} {r['parse_s']:8.2f} {r['embed_s']:8.2f}"
            f" {r['index_s']:8.2f} {per_page:>7}"
        )
    total_embed = sum(r["embed_s"] for r in rows)
    total_chunks = sum(r["chunks"] for r in rows)
    print(
        f"embedding all {total_chunks} chunks: {total_embed:.1f} s ({1000 * total_embed / total_chunks:.0f} ms/chunk)"
    )
    print(
        f"\nserving process: open {served['open_s']:.2f} s, RSS {served['rss_mb']:.0f} MB, {served['questions']} queries"
    )
    for mode in ("dense", "bm25", "hybrid", "hybrid+passage"):
        s = served[mode]
        print(
            f"  {mode:15} p50 {s['p50_ms']:6.1f} ms   p95 {s['p95_ms']:6.1f} ms   max {s['max_ms']:6.1f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps({"build": rows, "serve": served}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
