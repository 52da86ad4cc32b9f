"""BM25 over jieba tokens (bm25s), persisted in ``<store>/bm25`` so opening a store does not rebuild.

Layout: ``docs/<doc_id>.json`` holds each document's chunks (the source of truth); ``index/`` holds
the bm25s arrays plus the chunk ids/texts/metadata aligned with them and the jieba user words.
Adding or removing a document rewrites its ``docs`` file and rebuilds ``index/`` (tokenizing a few
hundred chunks takes about a second), swapped in by directory rename so a crash leaves either the
old or the new index; an index that does not match ``docs/`` is rebuilt when the store opens.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

from index.chunks import Chunk
from index.model import Document
from index.segmenter import stored_tokenizer

if TYPE_CHECKING:  # bm25s (and scipy), numpy load when an index is opened, not when a question is parsed
    import bm25s
    import numpy as np

log = logging.getLogger(__name__)

INDEX_VERSION = 2

# Budget vocabulary (written by hand: jieba's general dictionary splits these terms of art, and a
# query must match the term as a whole as well as its parts).
BUDGET_WORDS = [
    "三公经费",
    "因公出国境费",
    "因公出国",
    "公务用车",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务用车购置及运行费",
    "公务车",
    "公务接待费",
    "一般公共预算",
    "一般公共服务",
    "政府性基金",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理",
    "机关运行经费",
    "政府采购",
    "政府采购预算",
    "项目支出",
    "基本支出",
    "人员经费",
    "公用经费",
    "日常公用经费",
    "财政拨款",
    "财政拨款收入",
    "工资福利支出",
    "商品和服务支出",
    "商品服务支出",
    "对个人和家庭的补助",
    "资本性支出",
    "行政运行",
    "一般行政管理事务",
    "机关服务",
    "住房公积金",
    "职业年金",
    "基本养老保险",
    "提租补贴",
    "购房补贴",
    "行政单位医疗",
    "离退休",
    "会议费",
    "培训费",
    "差旅费",
    "办公费",
    "印刷费",
    "邮电费",
    "租赁费",
    "委托业务费",
    "工会经费",
    "福利费",
    "其他交通费用",
    "办公设备购置",
    "维修护费",
    "劳务费",
    "手续费",
    "名词解释",
    "绩效目标",
    "整体绩效目标",
    "项目绩效目标",
    "年度绩效目标",
    "项目总目标",
    "绩效指标",
    "项目负责人",
    "联系人",
    "联系电话",
    "项目概况",
    "立项依据",
    "项目设立的必要性",
    "实施计划",
    "项目总金额",
    "主要职责",
    "主要职能",
    "内设机构",
    "下属单位",
    "预算单位",
    "机构设置",
    "行政编制",
    "事业编制",
    "在职职工",
    "离退休人员",
    "预算执行率",
    "单位预留机动经费",
    "空表",
    "功能分类",
    "经济分类",
    "收入预算",
    "支出预算",
    "收支预算",
    "上年",
    "比上年",
    "主要原因",
]

# Question words that carry no content (a hand list: jieba has no Chinese stopword list).
STOPWORDS = set(
    [
        "的",
        "了",
        "是",
        "吗",
        "呢",
        "啊",
        "吧",
        "么",
        "呀",
        "嘛",
        "什么",
        "多少",
        "哪些",
        "哪个",
        "哪",
        "怎么",
        "怎样",
        "如何",
        "有",
        "和",
        "与",
        "及",
        "或",
        "在",
        "为",
        "这",
        "那",
        "这个",
        "那个",
        "个",
        "请问",
        "一下",
        "我",
        "你",
        "他",
        "她",
        "它",
        "们",
        "我们",
        "请",
        "能",
        "会",
        "要",
        "想",
        "知道",
        "告诉",
        "给",
        "说",
        "说说",
        "看看",
        "一共",
        "总共",
        "共",
        "都",
        "也",
        "就",
        "还",
        "又",
        "吗",
        "几",
        "得",
        "着",
        "把",
        "被",
        "从",
        "对",
        "于",
    ]
)

# Colloquial → official expansions applied to queries only (budget-specific, hand-written).
SYNONYMS: dict[str, list[str]] = {
    "公车": ["公务用车"],
    "车": ["车辆", "公务用车"],
    "三公": ["三公经费"],
    "出国": ["因公出国"],
    "接待": ["公务接待费"],
    "为什么": ["原因", "主要原因"],
    "为啥": ["原因", "主要原因"],
    "原因": ["主要原因"],
    "涨": ["增加", "增长"],
    "多了": ["增加", "增长"],
    "降": ["减少", "下降"],
    "少了": ["减少", "下降"],
    "职责": ["职能"],
    "职能": ["职责"],
    "干什么": ["职责", "职能"],
    "负责人": ["项目负责人"],
    "谁": ["负责人"],
    "含义": ["是指"],
    "意思": ["是指"],
    "定义": ["是指"],
    "目标": ["绩效目标"],
    "人数": ["编制", "人员"],
    "处室": ["内设机构", "机构设置"],
    "科室": ["内设机构", "机构设置"],
    "编制": ["人员"],
    "工资": ["工资福利支出"],
    "养老": ["养老保险"],
    "采购": ["政府采购"],
    "今年": ["本年"],
    "去年": ["上年"],
}

_QUOTES = re.compile(r"[“”\"‘’'「」『』《》〈〉（）()【】\[\]]")
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII), lower case, quotes and brackets dropped so “三公”经费 → 三公经费."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text)).lower()


# Segmenting text with jieba's dictionary looked up on disk costs ≈ 9 µs more per character than
# with it in memory, and reading it whole ≈ 0.5–1 s (measured): past this much text, read it whole.
_LOAD_DICTIONARY_CHARS = 100_000


class BudgetTokenizer:
    """jieba search-mode tokens with the budget vocabulary and the documents' own labels."""

    def __init__(self) -> None:
        self._jieba: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        self._ready = False
        self._words: set[str] = set()

    def _init(self) -> None:
        with self._lock:
            if self._ready:
                return
            jieba.setLogLevel(logging.WARNING)
            # jieba's dictionary looked up on disk, not loaded (≈ 70 MB and 0.3–0.8 s per Tokenizer)
            self._jieba = stored_tokenizer()
            for w in BUDGET_WORDS:
                self._jieba.add_word(w, freq=50_000)
            self._ready = True

    def add_words(self, words: Iterable[str]) -> None:
        self._init()
        for w in words:
            w = normalize(w).strip()
            if w and w not in self._words:
                self._words.add(w)
                self._jieba.add_word(w, freq=20_000)

    def load_dictionary(self) -> None:
        """Hold jieba's whole dictionary in memory (before segmenting every chunk of a store)."""
        self._init()
        if hasattr(self._jieba.FREQ, "load_all"):  # else jieba's own dict, already in memory
            self._jieba.FREQ.load_all()

    def vocabulary_size(self) -> int:
        """How many document words were added (changes when a new document brings new labels)."""
        return len(self._words)

    def tokenize(self, text: str) -> list[str]:
        self._init()
        tokens = []
        for tok in self._jieba.cut_for_search(normalize(text)):
            tok = tok.strip()
            if tok and tok not in STOPWORDS and _TOKEN_OK.search(tok):
                tokens.append(tok)
        return tokens

    def query_tokens(self, text: str) -> list[str]:
        """Tokens of a question plus the official terms its colloquial words stand for."""
        tokens = self.tokenize(text)
        # A budget term glued to the next word is lost by jieba ("三公里哪些" → 三 / 公里): find
        # the vocabulary by substring too (two characters or more, so 车/涨 stay word-bound).
        norm = normalize(text)
        glued = [w for w in (*BUDGET_WORDS, *SYNONYMS) if len(w) >= 2 and w in norm and w not in tokens]
        tokens = tokens + list(dict.fromkeys(glued))
        extra = [s for t in tokens for s in SYNONYMS.get(t, [])]
        return tokens + extra


_SHARED: BudgetTokenizer | None = None


def shared_tokenizer() -> BudgetTokenizer:
    """One tokenizer per process: jieba's dictionary costs ~50 MB and ~0.5 s to load."""
    global _SHARED
    if _SHARED is None:
        _SHARED = BudgetTokenizer()
    return _SHARED


def document_words(doc: Document) -> list[str]:
    """Row labels and form subjects (project names) worth keeping whole as tokens."""
    words = set()
    for table in doc.tables:
        if table.subject:
            words.add(table.subject)
        for row in table.rows:
            words.add(row.label)
    clean = {normalize(w).replace(" ", "") for w in words}
    return sorted(
        w for w in clean if 3 <= len(w) <= 24 and not re.search(r"\d", w) and not re.search(r"\W", w)
    )


@dataclass
class WordHit:
    chunk: Chunk
    score: float


class WordIndex:
    """The BM25 side of the retrieval index, for every document in a store."""

    def __init__(
        self, path: Path | str, tokenizer: BudgetTokenizer | None = None, *, writable: bool = True
    ) -> None:
        """``writable=False`` (readers): never writes; an index that does not match ``docs/`` (a
        writer is between its two steps) is built in memory only."""
        self.path = Path(path)
        self.docs_dir = self.path / "docs"
        self.index_dir = self.path / "index"
        self.writable = writable
        if writable:
            self.docs_dir.mkdir(parents=True, exist_ok=True)
        self.tokenizer = tokenizer or shared_tokenizer()
        self._bm25: bm25s.BM25 | None = None
        self._chunks: list[Chunk] = []
        self._docs: list[dict] = []
        self._load_or_rebuild()

    # ------------------------------------------------------------ state

    def document_ids(self) -> list[str]:
        if not self.docs_dir.is_dir():
            return []
        return sorted(p.stem for p in self.docs_dir.glob("*.json"))

    def make_writable(self) -> None:
        """A writer (holding the store's lock) may now change the index on disk."""
        if not self.writable:
            self.writable = True
            self.docs_dir.mkdir(parents=True, exist_ok=True)

    def has_document(self, doc_id: str) -> bool:
        return (self.docs_dir / f"{doc_id}.json").exists()

    def documents(self) -> list[dict]:
        """Per document: doc_id, file, title, department, year, kind (for filters); from memory."""
        return list(self._docs)

    @property
    def chunks(self) -> list[Chunk]:
        return self._chunks

    # ------------------------------------------------------------ changes

    def add(self, doc: Document, chunks: list[Chunk]) -> None:
        """Add (or replace) a document's chunks and rebuild the index."""
        self.add_many([(doc, chunks)])

    def add_many(self, docs: list[tuple[Document, list[Chunk]]]) -> None:
        """Add (or replace) several documents' chunks and rebuild the index once (a bulk ingest:
        the rebuild re-tokenizes every chunk of the store, so once per batch, not per document)."""
        for doc, chunks in docs:
            self._write_record(doc, chunks)
        self.rebuild()

    def _write_record(self, doc: Document, chunks: list[Chunk]) -> None:
        record = {
            "doc": {
                "doc_id": doc.doc_id,
                "file": doc.file,
                "title": doc.title,
                "department": doc.department,
                "year": doc.year,
                "kind": doc.kind,
            },
            "words": document_words(doc),
            "chunks": [{"id": c.id, "text": c.text, "metadata": c.metadata()} for c in chunks],
        }
        target = self.docs_dir / f"{doc.doc_id}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)

    def remove(self, doc_id: str) -> bool:
        target = self.docs_dir / f"{doc_id}.json"
        if not target.exists():
            return False
        target.unlink()
        self.rebuild()
        return True

    def rebuild(self) -> None:
        """Re-tokenize every chunk with the current vocabulary and swap in a new index."""
        records = []
        for doc_id in self.document_ids():
            try:
                records.append(json.loads((self.docs_dir / f"{doc_id}.json").read_text(encoding="utf-8")))
            except FileNotFoundError:  # a reader racing a writer's remove
                continue
        for r in records:
            self.tokenizer.add_words(r.get("words", []))
        chunks = [
            Chunk.from_metadata(c["id"], c["text"], c["metadata"]) for r in records for c in r["chunks"]
        ]
        bm25 = None
        if chunks:
            import bm25s

            if sum(len(c.text) for c in chunks) > _LOAD_DICTIONARY_CHARS:
                self.tokenizer.load_dictionary()
            bm25 = bm25s.BM25(k1=1.2, b=0.75)
            bm25.index([self.tokenizer.tokenize(c.text) or [""] for c in chunks], show_progress=False)
        manifest = {
            "version": INDEX_VERSION,
            "doc_ids": [r["doc"]["doc_id"] for r in records],
            "docs": [r["doc"] for r in records],
            "words": sorted({w for r in records for w in r.get("words", [])}),
            "chunks": [{"id": c.id, "text": c.text, "metadata": c.metadata()} for c in chunks],
        }
        self._bm25, self._chunks, self._docs = bm25, chunks, manifest["docs"]
        if not self.writable:
            return
        new_dir = self.path / "index.new"
        shutil.rmtree(new_dir, ignore_errors=True)
        new_dir.mkdir(parents=True)
        if bm25 is not None:
            bm25.save(str(new_dir / "bm25"), show_progress=False)
        (new_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        old_dir = self.path / "index.old"
        shutil.rmtree(old_dir, ignore_errors=True)
        if self.index_dir.exists():
            os.replace(self.index_dir, old_dir)
        os.replace(new_dir, self.index_dir)
        shutil.rmtree(old_dir, ignore_errors=True)

    def _load_or_rebuild(self) -> None:
        manifest_path = self.index_dir / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("version") != INDEX_VERSION or sorted(manifest["doc_ids"]) != self.document_ids():
                raise ValueError("index does not match docs/")
            self.tokenizer.add_words(manifest.get("words", []))
            self._chunks = [
                Chunk.from_metadata(c["id"], c["text"], c["metadata"]) for c in manifest["chunks"]
            ]
            self._docs = manifest["docs"]
            import bm25s

            self._bm25 = (
                bm25s.BM25.load(str(self.index_dir / "bm25"), show_progress=False) if self._chunks else None
            )
        except (OSError, ValueError, KeyError) as exc:
            if self.writable and (self.document_ids() or self.index_dir.exists()):
                log.info("rebuilding BM25 index in %s (%s)", self.path, exc)
            self.rebuild()

    # ------------------------------------------------------------ search

    def search(self, query: str, k: int = 20, allowed: np.ndarray | None = None) -> list[WordHit]:
        """Top-k chunks by BM25; ``allowed`` is a boolean mask over ``chunks`` (metadata filters)."""
        if self._bm25 is None or not self._chunks:
            return []
        import numpy as np

        ids = self._bm25.get_tokens_ids(self.tokenizer.query_tokens(query))
        if not ids:
            return []
        scores = self._bm25.get_scores(ids)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores, kind="stable")[:k]
        return [WordHit(self._chunks[i], float(scores[i])) for i in top if scores[i] > 0]
