"""The retrieval side of a store: Chroma vectors (``chroma/``) and BM25 words (``bm25/``) kept in step.

Ingest calls ``add_document`` before the fact transaction commits and ``remove_document`` to roll
back or replace; both are idempotent, and a document counts as present only when both sides hold
it (``has_document``), so a crash between them is visible and repaired by removing and re-adding.
The slow part (embedding) happens in ``prepare`` before any store is touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from index.chunks import Chunk, chunk_document
from index.embeddings import get_embeddings
from index.faults import stage
from index.model import Document
from index.vectors import VectorIndex
from index.words import WordIndex


@dataclass
class PreparedDocument:
    """A document's chunks and their embeddings, computed without touching the stores."""

    doc: Document
    chunks: list[Chunk]
    vectors: list[list[float]]
    timings: dict[str, float] = field(default_factory=dict)


class RetrievalIndex:
    """Chunks of every document in a store, searchable by meaning (Chroma) and by words (BM25)."""

    def __init__(
        self, store_dir: Path | str, embeddings: Embeddings | None = None, *, writable: bool = True
    ) -> None:
        """``writable=False``: a reader's view, which never creates, repairs or deletes anything."""
        self.store_dir = Path(store_dir)
        if writable:
            self.store_dir.mkdir(parents=True, exist_ok=True)
        self.embeddings = embeddings or get_embeddings()
        self.vectors = VectorIndex(self.store_dir, self.embeddings, writable=writable)
        self.words = WordIndex(self.store_dir / "bm25", writable=writable)
        self._retriever = None

    @property
    def writable(self) -> bool:
        return self.vectors.writable and self.words.writable

    def make_writable(self) -> None:
        """Called by a writer holding the store's lock, before it changes the index."""
        self.vectors.make_writable()
        self.words.make_writable()

    # ------------------------------------------------------------ ingest

    def prepare(self, doc: Document) -> PreparedDocument:
        t0 = time.perf_counter()
        chunks = chunk_document(doc)
        t1 = time.perf_counter()
        stage("embeddings")
        vectors = self.vectors.embed(chunks) if chunks else []
        t2 = time.perf_counter()
        return PreparedDocument(doc, chunks, vectors, {"chunk_s": t1 - t0, "embed_s": t2 - t1})

    def commit(self, prepared: PreparedDocument) -> int:
        """Replace whatever the stores hold for this doc_id with the prepared chunks."""
        doc_id = prepared.doc.doc_id
        self.vectors.remove(doc_id)
        if prepared.chunks:
            self.vectors.add(prepared.chunks, prepared.vectors)
        stage("vectors written")
        self.words.add(prepared.doc, prepared.chunks)
        return len(prepared.chunks)

    def commit_many(self, prepared: list[PreparedDocument]) -> int:
        """``commit`` for a batch: the vectors of each, then one BM25 rebuild for all."""
        for p in prepared:
            self.vectors.remove(p.doc.doc_id)
            if p.chunks:
                self.vectors.add(p.chunks, p.vectors)
        stage("vectors written")
        self.words.add_many([(p.doc, p.chunks) for p in prepared])
        return sum(len(p.chunks) for p in prepared)

    def add_document(self, doc: Document) -> int:
        """Index a document (replacing its old chunks); returns the number of chunks."""
        return self.commit(self.prepare(doc))

    def remove_document(self, doc_id: str) -> None:
        """Remove every chunk of a document from both sides; a no-op if it is not there."""
        self.vectors.remove(doc_id)
        self.words.remove(doc_id)

    def has_document(self, doc_id: str) -> bool:
        return self.words.has_document(doc_id) and self.vectors.count(doc_id) > 0

    def document_ids(self) -> set[str]:
        """Every doc_id either side holds (a partial one included, so it can be cleaned up)."""
        return set(self.words.document_ids()) | self.vectors.document_ids()

    # ------------------------------------------------------------ search

    def retriever(self):  # -> index.hybrid.HybridRetriever
        if self._retriever is None:
            from index.hybrid import HybridRetriever

            self._retriever = HybridRetriever(self)
        return self._retriever

    def search(self, query: str, k: int = 5, filters: dict | None = None, mode: str = "hybrid"):
        """Shortcut for ``retriever().search``."""
        return self.retriever().search(query, k=k, filters=filters, mode=mode)
