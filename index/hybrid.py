"""Hybrid retrieval: dense (Chroma) + BM25 (jieba/bm25s) fused by reciprocal rank, with filters.

Reciprocal-rank fusion needs no score calibration between a cosine similarity and a BM25 score, and
lets an exact term (公务用车运行维护费, a project name) and a paraphrase (公车花了多少) both surface.
Filters: ``doc_id``, ``department`` (matched as a substring of the document's department, so
"普陀区财政局" finds "上海市普陀区财政局"), ``year``, ``kind`` (预算/决算), ``chunk_kind``
(text/table/form) and ``file``; each takes one value or a list of values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from index.chunks import Chunk

MODES = ("hybrid", "dense", "bm25")
RRF_K = 60  # the constant from Cormack et al.; damps the head so both lists count
# Weighted RRF: on this genre BM25 alone beats e5-small alone (exact budget terms and names), so
# its list counts a little more; measured with benchmarks/retrieval_eval.py.
WEIGHTS = (0.7, 1.0)


@dataclass
class Hit:
    """One retrieved chunk: ``score`` is the fused RRF score (or the cosine / BM25 score alone)."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None  # 1-based rank in the dense list, if it was there
    bm25_rank: int | None = None

    @property
    def id(self) -> str:
        return self.chunk.id

    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def metadata(self) -> dict[str, Any]:
        return self.chunk.metadata()


def _values(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, (list, tuple, set, frozenset)):
        return list(v)
    return [v]


class HybridRetriever:
    """Search a ``RetrievalIndex`` by meaning, by words, or both."""

    def __init__(
        self, index, rrf_k: int = RRF_K, candidates: int = 30, weights: tuple[float, float] = WEIGHTS
    ) -> None:
        self.index = index
        self.rrf_k = rrf_k
        self.candidates = candidates
        self.weights = weights  # (dense, bm25) in the fusion
        self._columns: tuple[list[Chunk], np.ndarray, np.ndarray] | None = None

    @property
    def tokenizer(self):
        return self.index.words.tokenizer

    # ------------------------------------------------------------ filters

    def _doc_ids(self, filters: dict[str, Any]) -> list[str] | None:
        """Resolve document-level filters to doc_ids (None: no document-level filter given)."""
        keys = ("doc_id", "department", "year", "kind", "file")
        if not any(filters.get(k) not in (None, [], "") for k in keys):
            return None
        out = []
        for d in self.index.words.documents():
            if (ids := _values(filters.get("doc_id"))) and d["doc_id"] not in ids:
                continue
            if (files := _values(filters.get("file"))) and d["file"] not in files:
                continue
            if (years := _values(filters.get("year"))) and d.get("year") not in {int(y) for y in years}:
                continue
            if (kinds := _values(filters.get("kind"))) and d.get("kind") not in kinds:
                continue
            depts = _values(filters.get("department"))
            if depts and not any(
                x and (x in d.get("department", "") or x in d.get("title", "")) for x in depts
            ):
                continue
            out.append(d["doc_id"])
        return out

    def _where(self, doc_ids: list[str] | None, chunk_kinds: list[str]) -> dict[str, Any] | None:
        conds: list[dict[str, Any]] = []
        if doc_ids is not None:
            conds.append({"doc_id": {"$in": doc_ids}})
        if chunk_kinds:
            conds.append({"chunk_kind": {"$in": chunk_kinds}})
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    def _mask(
        self, chunks: list[Chunk], doc_ids: list[str] | None, chunk_kinds: list[str]
    ) -> np.ndarray | None:
        """Which chunks the filters allow, computed on arrays of every chunk's doc_id and kind
        (built once per index version): a filtered search over a store of thousands of documents
        does not walk every chunk in Python."""
        if doc_ids is None and not chunk_kinds:
            return None
        cached = self._columns
        if cached is None or cached[0] is not chunks:
            cached = self._columns = (
                chunks,
                np.array([c.doc_id for c in chunks], dtype=object),
                np.array([c.chunk_kind for c in chunks], dtype=object),
            )
        _, docs, kinds = cached
        mask = np.ones(len(chunks), dtype=bool)
        if doc_ids is not None:
            mask &= np.isin(docs, list(doc_ids))
        if chunk_kinds:
            mask &= np.isin(kinds, list(chunk_kinds))
        return mask

    # ------------------------------------------------------------ search

    def dense(self, query: str, k: int, filters: dict[str, Any] | None = None) -> list[Hit]:
        filters = filters or {}
        doc_ids = self._doc_ids(filters)
        if doc_ids == []:
            return []
        where = self._where(doc_ids, _values(filters.get("chunk_kind")))
        found = self.index.vectors.search(query, k=k, where=where)
        return [Hit(c, s, dense_rank=i) for i, (c, s) in enumerate(found, 1)]

    def bm25(self, query: str, k: int, filters: dict[str, Any] | None = None) -> list[Hit]:
        filters = filters or {}
        doc_ids = self._doc_ids(filters)
        if doc_ids == []:
            return []
        words = self.index.words
        mask = self._mask(words.chunks, doc_ids, _values(filters.get("chunk_kind")))
        found = words.search(query, k=k, allowed=mask)
        return [Hit(h.chunk, h.score, bm25_rank=i) for i, h in enumerate(found, 1)]

    def search(
        self, query: str, k: int = 5, filters: dict[str, Any] | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        """The k best chunks for a question, best first."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if not query.strip():
            return []
        if mode == "dense":
            return self.dense(query, k, filters)
        if mode == "bm25":
            return self.bm25(query, k, filters)
        n = max(self.candidates, 4 * k)
        return self.fuse(self.dense(query, n, filters), self.bm25(query, n, filters))[:k]

    def fuse(self, dense: Iterable[Hit], bm25: Iterable[Hit]) -> list[Hit]:
        """Reciprocal-rank fusion of two ranked lists."""
        merged: dict[str, Hit] = {}
        for hit in dense:
            score = self.weights[0] / (self.rrf_k + hit.dense_rank)
            merged[hit.id] = Hit(hit.chunk, score, dense_rank=hit.dense_rank)
        for hit in bm25:
            add = self.weights[1] / (self.rrf_k + hit.bm25_rank)
            if hit.id in merged:
                merged[hit.id].score += add
                merged[hit.id].bm25_rank = hit.bm25_rank
            else:
                merged[hit.id] = Hit(hit.chunk, add, bm25_rank=hit.bm25_rank)
        return sorted(merged.values(), key=lambda h: -h.score)

    def section_chunks(self, chunk: Chunk, scope: str = "section") -> list[Chunk]:
        """Chunks around ``chunk``: its section (to complete a list cut across chunks), or, with
        ``scope="document"``, every chunk of its document (definitions, forms, lists printed away
        from the passage the question landed on)."""
        if scope == "document":
            return [c for c in self.index.words.chunks if c.doc_id == chunk.doc_id]
        return [
            c
            for c in self.index.words.chunks
            if c.doc_id == chunk.doc_id
            and c.chunk_kind == chunk.chunk_kind
            and c.heading_path == chunk.heading_path
            and c.table_idx == chunk.table_idx
        ]

    def as_langchain_retriever(
        self, k: int = 5, filters: dict[str, Any] | None = None, mode: str = "hybrid"
    ) -> BudgetRetriever:
        """A LangChain ``BaseRetriever`` over this index, for users' own chains."""
        return BudgetRetriever(hybrid=self, k=k, filters=filters or {}, mode=mode)


class BudgetRetriever(BaseRetriever):
    """LangChain retriever: Documents carry the chunk metadata plus ``id``, ``score`` and ranks."""

    hybrid: Any
    k: int = 5
    filters: dict[str, Any] = {}
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        docs = []
        for hit in self.hybrid.search(query, k=self.k, filters=self.filters, mode=self.mode):
            md = dict(hit.metadata)
            md.update(score=hit.score, dense_rank=hit.dense_rank, bm25_rank=hit.bm25_rank)
            docs.append(LCDocument(page_content=hit.text, metadata=md, id=hit.id))
        return docs
