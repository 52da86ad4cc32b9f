"""Retrieval evaluation: does the chunk that holds the answer come back? hit@1, hit@5, MRR.

Dense only, BM25 only and hybrid are measured in one run over ``eval/retrieval_questions.jsonl``
(question → gold page(s) for PDFs, or a gold phrase for the plain-text seed, which has no pages).
By default each question is searched within its own document (as the engine does once it knows
the department); ``--scope all`` searches all documents at once.

    python benchmarks/retrieval_eval.py [--store DIR] [--json OUT] [--scope doc|all|both]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.chunks import Chunk  # noqa: E402
from index.parse import parse_document  # noqa: E402
from index.retrieval_index import RetrievalIndex  # noqa: E402

QUESTIONS = ROOT / "eval" / "retrieval_questions.jsonl"
DOCS = ROOT / "eval" / "docs"
MODES = ("dense", "bm25", "hybrid")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_hit(chunk: Chunk, q: dict, file_to_doc: dict[str, str]) -> bool:
    """The chunk is from the question's document and holds the gold page and/or phrase."""
    if chunk.doc_id != file_to_doc.get(q["doc"]):
        return False
    gold = q["gold"]
    if "pages" in gold and not set(chunk.pages or [chunk.page]) & set(gold["pages"]):
        return False
    return not ("phrase" in gold and _squash(gold["phrase"]) not in _squash(chunk.text))


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_index(store: Path, docs_dir: Path = DOCS) -> tuple[RetrievalIndex, dict[str, str], dict]:
    index = RetrievalIndex(store)
    file_to_doc: dict[str, str] = {}
    timings = {}
    for path in sorted(docs_dir.iterdir()):
        if path.suffix.lower() not in {".pdf", ".txt"}:
            continue
        t0 = time.perf_counter()
        doc = parse_document(path)
        file_to_doc[path.name] = doc.doc_id
        if not index.has_document(doc.doc_id):
            prepared = index.prepare(doc)
            index.commit(prepared)
            timings[path.name] = {"chunks": len(prepared.chunks), **prepared.timings}
        timings.setdefault(path.name, {})["total_s"] = time.perf_counter() - t0
    return index, file_to_doc, timings


def evaluate(index: RetrievalIndex, questions: list[dict], file_to_doc: dict[str, str], scope: str) -> dict:
    retriever = index.retriever()
    results: dict[str, dict] = {}
    for mode in MODES:
        hits1 = hits5 = 0
        rr = 0.0
        misses = []
        for q in questions:
            filters = {"doc_id": file_to_doc[q["doc"]]} if scope == "doc" else None
            found = retriever.search(q["question"], k=10, filters=filters, mode=mode)
            rank = next((i for i, h in enumerate(found, 1) if is_hit(h.chunk, q, file_to_doc)), None)
            if rank == 1:
                hits1 += 1
            if rank is not None and rank <= 5:
                hits5 += 1
            rr += 1.0 / rank if rank else 0.0
            if rank is None or rank > 5:
                misses.append(
                    {
                        "id": q["id"],
                        "question": q["question"],
                        "rank": rank,
                        "top": found[0].id if found else None,
                    }
                )
        n = len(questions)
        results[mode] = {"hit@1": hits1 / n, "hit@5": hits5 / n, "mrr": rr / n, "n": n, "misses": misses}
    return results


def unreachable(index: RetrievalIndex, questions: list[dict], file_to_doc: dict[str, str]) -> list[str]:
    """Questions whose gold no chunk satisfies (a bad gold, or a parser/chunker regression)."""
    chunks = index.words.chunks
    return [q["id"] for q in questions if not any(is_hit(c, q, file_to_doc) for c in chunks)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="index store to (re)use; default: a temporary one")
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--docs", type=Path, default=DOCS)
    ap.add_argument("--scope", choices=("doc", "all", "both"), default="both")
    ap.add_argument("--json", type=Path, help="write the full results here")
    args = ap.parse_args(argv)

    questions = load_questions(args.questions)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp)
        t0 = time.perf_counter()
        index, file_to_doc, timings = build_index(store, args.docs)
        build_s = time.perf_counter() - t0
        bad = unreachable(index, questions, file_to_doc)
        out = {"questions": len(questions), "build_s": build_s, "timings": timings, "unreachable": bad}
        scopes = ("doc", "all") if args.scope == "both" else (args.scope,)
        for scope in scopes:
            out[scope] = evaluate(index, questions, file_to_doc, scope)

    print(f"{len(questions)} questions; index built in {build_s:.1f} s; unreachable gold: {bad or 'none'}")
    for scope in scopes:
        label = "within the question's document" if scope == "doc" else "across all documents"
        print(f"\nscope: {label}")
        print(f"{'mode':8} {'hit@1':>7} {'hit@5':>7} {'MRR':>7}")
        for mode in MODES:
            r = out[scope][mode]
            print(f"{mode:8} {r['hit@1']:7.3f} {r['hit@5']:7.3f} {r['mrr']:7.3f}")
        for m in out[scope]["hybrid"]["misses"]:
            print(f"  hybrid miss {m['id']} rank={m['rank']} {m['question']}  (top: {m['top']})")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
