"""The engine at scale, on a generated store (``benchmarks/scale_corpus.py``) and the real documents.

What must not regress (speed itself is measured by ``benchmarks/bench_scale.py``, not here):
opening a store reads the document list only; a question naming a department reads that
department's documents only; the per-document caches stay bounded; a question naming no
department over many documents finds its documents through the terms index (FTS5), not by
reading every document; and the lazy engine answers exactly as a fresh one does.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS_FILES, SEED

from index.doc_terms import han_bigrams
from index.parse import parse_document
from index.store import Store
from qa.catalogue import name_forms
from qa.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from scale_corpus import build_store, variants  # noqa: E402

N_DOCS = 40  # four departments × ten years, made from the seed document


def _eval_questions(file: str, kinds: set[str]) -> list[dict]:
    out = []
    for path in sorted((ROOT / "eval/questions").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                if q.get("doc") == file and q.get("type") in kinds:
                    out.append(q)
    return out


@pytest.fixture(scope="module")
def seed_doc():
    return parse_document(SEED)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, seed_doc) -> Path:
    path = tmp_path_factory.mktemp("scale_store")
    build_store(path, [seed_doc], N_DOCS, batch=20)
    return path


def _engine(path: Path, monkeypatch, **env: int) -> Engine:
    for k, v in env.items():
        monkeypatch.setenv(k, str(v))
    return Engine(Store(path, create=False, retrieval=False), auto_ingest=False)


def _unnamed(seed_doc, text: str) -> bool:
    """A gold question naming neither the seed's department (in any form) nor its year."""
    forms = name_forms(seed_doc.department, seed_doc.region) | {seed_doc.department[:2]}
    return not any(f in text for f in forms) and str(seed_doc.year) not in text and "二〇" not in text


def _scoped_questions(seed_doc, doc, kinds: set[str]) -> list[str]:
    """Gold questions of the seed that name neither its department nor its year, asked of ``doc``."""
    return [
        f"{doc.department}{doc.year}年{q['question']}"
        for q in _eval_questions(SEED.name, kinds)
        if _unnamed(seed_doc, q["question"])
    ]


def test_opening_builds_no_index(generated, monkeypatch):
    eng = _engine(generated, monkeypatch)
    assert len(eng.docs) == N_DOCS
    assert eng.indexes.loaded() == [] and eng.indexes.built == 0
    assert eng.bigrams.loaded() == [] and eng.bigrams.built == 0


def test_named_department_loads_only_its_documents(generated, seed_doc, monkeypatch):
    eng = _engine(generated, monkeypatch)
    department = sorted({d.department for d in eng.docs.values()})[1]
    doc = next(d for d in eng.docs.values() if d.year == 2019 and d.department == department)
    asked = 0
    for question in _scoped_questions(seed_doc, doc, {"amount"})[:8]:
        ans = eng.ask(question)
        asked += ans.kind == "figure"
        same_department = {d.doc_id for d in eng.docs.values() if d.department == doc.department}
        assert set(eng.indexes.loaded()) <= same_department, question
    assert asked >= 4
    assert 1 <= len(eng.indexes.loaded()) <= len(same_department)


def test_a_second_body_word_reads_no_other_department(generated, monkeypatch):
    """「…2019年其他法院支出」 names the department and a body-like word (其他法院, a row): telling a
    row from a second department must not read and index the documents of other departments."""
    eng = _engine(generated, monkeypatch, BUDGETQA_SCAN_DOCS=4)
    department = sorted({d.department for d in eng.docs.values()})[2]
    doc = next(d for d in eng.docs.values() if d.year == 2019 and d.department == department)
    same_department = {d.doc_id for d in eng.docs.values() if d.department == doc.department}
    for tail in ("其他法院支出预算多少元", "财政局办公设备购置预算多少"):
        eng.ask(f"{doc.department}{doc.year}年{tail}")
        assert set(eng.indexes.loaded()) <= same_department, tail
        assert eng.indexes.built <= 1


def test_generated_figures_are_the_source_figures_scaled(generated, seed_doc, figure_engine, monkeypatch):
    """A generated document answers with its source's figure × its factor (rounded as printed):
    the lazy engine finds the right document's facts among forty look-alikes."""
    eng = _engine(generated, monkeypatch)
    factors = {f"{v.place}:{v.year}": v.factor for _, v in variants(N_DOCS, 1)}
    department = sorted({d.department for d in eng.docs.values()})[-1]
    doc = next(d for d in eng.docs.values() if d.year == 2021 and d.department == department)
    factor = factors[f"{doc.region}:{doc.year}"]
    checked = 0
    for q in _eval_questions(SEED.name, {"amount"}):
        text = q["question"]
        if not _unnamed(seed_doc, text):
            continue
        src = figure_engine.ask(f"{seed_doc.department}{seed_doc.year}年{text}")
        gen = eng.ask(f"{doc.department}{doc.year}年{text}")
        if src.kind != "figure" or not src.figures or src.figures[0].unit != "元":
            continue
        assert gen.kind == "figure" and gen.figures, text
        assert all(s.doc_id == doc.doc_id for s in gen.sources), text
        want = Decimal(str(src.figures[0].value)) * factor
        # each printed figure was scaled and rounded to the decimals it was printed with (万元: 100 元).
        # A sentence's 94.68万 was itself rounded from the table's 946,760: scaled apart, the two may no
        # longer round to each other (95.63万 vs 956,227.60), and the engine rightly keeps them apart, so
        # an answer read from the sentence is within 50 × (1 + factor) 元 of the scaled source figure.
        assert abs(Decimal(str(gen.figures[0].value)) - want) <= 50 * (1 + factor), (text, gen.text, want)
        checked += 1
        if checked >= 10:
            break
    assert checked >= 5


def test_caches_stay_bounded(generated, seed_doc, monkeypatch):
    eng = _engine(generated, monkeypatch, BUDGETQA_CACHE_DOCS=3)
    docs = sorted(eng.docs.values(), key=lambda d: (d.department, d.year or 0))[::5]
    for doc in docs:
        eng.ask(_scoped_questions(seed_doc, doc, {"amount"})[0])
        assert len(eng.indexes.loaded()) <= 3 and len(eng.bigrams.loaded()) <= 3
    assert eng.indexes.built >= len(docs)
    assert len(eng.store.facts._tables) <= 32 and len(eng.store.facts._paragraphs) <= 32


def test_unnamed_department_uses_the_terms_index(generated, monkeypatch):
    """No department named over more documents than ``BUDGETQA_SCAN_DOCS``: only that many are read."""
    eng = _engine(generated, monkeypatch, BUDGETQA_SCAN_DOCS=6)
    ans = eng.ask("全市政务数据治理项目多少钱")
    assert ans.kind in {"figure", "clarify"}
    assert 1 <= len(eng.indexes.loaded()) <= 6


def test_terms_index_finds_the_document_that_prints_a_name(figure_store, monkeypatch):
    """On the three real documents, with a scan limit of one, a question naming no department is
    answered from the one document the terms index says prints its words, as a full scan answers."""
    full = Engine(figure_store, auto_ingest=False)
    monkeypatch.setenv("BUDGETQA_SCAN_DOCS", "1")
    narrow = Engine(figure_store, auto_ingest=False)
    checked = 0
    for path in CORPUS_FILES:
        others = {d.doc_id for d in full.docs.values() if d.file != path.name}
        for q in _eval_questions(path.name, {"amount"}):
            found = figure_store.facts.documents_with_terms(han_bigrams(q["question"]), every=True)
            if len(found) != 1 or found[0] in others:
                continue
            a, b = full.ask(q["question"]), narrow.ask(q["question"])
            if a.kind != "figure":
                continue
            assert (b.kind, b.text) == (a.kind, a.text), q["question"]
            checked += 1
            break
    assert checked >= 2
    assert len(narrow.indexes.loaded()) <= checked


def test_lazy_engine_answers_as_a_fresh_engine(figure_store, monkeypatch):
    """Real gold questions on the real documents: an engine that can hold one document's index
    (evicting on every switch) answers exactly as a fresh engine with room for all."""
    questions = [
        q["question"]
        for path in CORPUS_FILES
        for q in _eval_questions(path.name, {"amount", "count", "percent", "text", "list", "not_found"})[::6]
    ]
    assert len(questions) >= 60
    small = _engine(figure_store.path, monkeypatch, BUDGETQA_CACHE_DOCS=1)
    for q in questions:
        fresh = Engine(Store(figure_store.path, create=False, retrieval=False), auto_ingest=False)
        want = fresh.ask(q)
        got = small.ask(q)
        assert (got.kind, got.text, [f.value for f in got.figures]) == (
            want.kind,
            want.text,
            [f.value for f in want.figures],
        ), q
    assert small.indexes.built > len(small.docs)  # it really evicted and rebuilt


def test_terms_migration_and_removal(tmp_path, seed_doc):
    """A store written before the terms index: a reader computes terms from the rows; the next
    writer adds the index; removing a document removes its terms."""
    store = build_store(tmp_path / "s", [seed_doc], 3, batch=3)
    doc_ids = [d.doc_id for d in store.documents()]
    want = store.facts.document_terms(doc_ids[0])
    assert want and "政务" in want
    conn = sqlite3.connect(tmp_path / "s" / "facts.sqlite")
    conn.executescript("DROP TABLE doc_terms; DROP TABLE doc_terms_text;")
    conn.close()
    reader = Engine(Store(tmp_path / "s", create=False, retrieval=False), auto_ingest=False)
    assert reader.bigrams[doc_ids[0]] == want  # computed from the document's rows
    assert reader.ask(f"{store.documents()[0].department}全市政务数据治理项目多少钱").kind in {
        "figure",
        "clarify",
    }
    writer = Store(tmp_path / "s", retrieval=False)
    with writer.writing():  # the writer's upgrade indexes every document
        pass
    assert writer.facts.document_terms(doc_ids[0]) == want
    assert set(writer.facts.documents_with_terms(["政务", "数据"])) == set(doc_ids)
    writer.remove(doc_ids[0])
    assert set(writer.facts.documents_with_terms(["政务", "数据"])) == set(doc_ids[1:])


def test_parallel_ingest_matches_sequential_and_resumes(tmp_path):
    """``ingest --workers 2``: the same documents and facts as one at a time, results in the order
    given; a re-run skips every file already in (by content hash), and the CLI prints plain lines
    when its output is not a terminal."""
    import subprocess

    wild = Path(__file__).parent / "corpus" / "wild"
    files = [
        SEED,
        wild / "xinjiang_region_2019_government_debt_final_table.xlsx",
        wild / "shandong_yantai_veterans_affairs_bureau_2026_budget.html",
    ]
    parallel = Store(tmp_path / "parallel", retrieval=False)
    heard = []
    results = parallel.ingest_parallel(files, 2, heard.append)
    assert [r.file for r in results] == [f.name for f in files]
    assert [r.status for r in results] == ["added"] * 3 and len(heard) == 3
    sequential = Store(tmp_path / "sequential", retrieval=False)
    sequential.ingest(files)
    for r in results:
        assert len(parallel.facts.facts([r.doc_id])) == len(sequential.facts.facts([r.doc_id])) == r.facts
        assert parallel.facts.document_terms(r.doc_id) == sequential.facts.document_terms(r.doc_id)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "ingest",
            *map(str, files),
            "--workers",
            "2",
            "--store",
            str(parallel.path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "BUDGETQA_RETRIEVAL": "0"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 3 and all("已在库中" in line for line in lines), out.stderr
    assert lines[-1].startswith("[3/3]")
