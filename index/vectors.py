"""Dense vectors in Chroma through langchain-chroma.

By default a persistent collection under ``<store>/chroma`` (anonymized telemetry off); when
``BUDGETQA_CHROMA_HOST`` (and optionally ``BUDGETQA_CHROMA_PORT``) are set, a Chroma server — the
path for deployments that outgrow one machine.  The collection is named after the embedding model,
so vectors of different models never mix; ``BUDGETQA_CHROMA_COLLECTION`` overrides the name (e.g.
to keep several stores apart on one server).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from index.chunks import Chunk
from index.embeddings import embeddings_name, slug

HOST_ENV = "BUDGETQA_CHROMA_HOST"
PORT_ENV = "BUDGETQA_CHROMA_PORT"
COLLECTION_ENV = "BUDGETQA_CHROMA_COLLECTION"
BATCH = 500  # chromadb caps one upsert; stay far below


def chroma_client(store_dir: Path | str) -> chromadb.ClientAPI:
    """A server client when BUDGETQA_CHROMA_HOST is set, else a persistent client in the store."""
    settings = Settings(anonymized_telemetry=False)
    host = os.environ.get(HOST_ENV, "").strip()
    if host:
        port = int(os.environ.get(PORT_ENV, "8000") or 8000)
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    path = Path(store_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorIndex:
    """Chunks' embeddings in one Chroma collection, added and removed by document."""

    def __init__(self, store_dir: Path | str, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.client = chroma_client(store_dir)
        self.collection_name = (
            os.environ.get(COLLECTION_ENV) or f"budgetqa-{slug(embeddings_name(embeddings))}"
        )
        self.store = Chroma(
            client=self.client,
            collection_name=self.collection_name,
            embedding_function=embeddings,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        # The same collection through chromadb's own API: upserts with precomputed vectors.
        self.collection = self.client.get_collection(self.collection_name)

    def embed(self, chunks: Sequence[Chunk]) -> list[list[float]]:
        return self.embeddings.embed_documents([c.text for c in chunks])

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        for start in range(0, len(chunks), BATCH):
            part = chunks[start : start + BATCH]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=[list(v) for v in vectors[start : start + BATCH]],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )

    def remove(self, doc_id: str) -> None:
        self.store.delete(where={"doc_id": doc_id})

    def count(self, doc_id: str | None = None) -> int:
        if doc_id is None:
            return self.collection.count()
        return len(self.collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def document_ids(self) -> set[str]:
        got = self.collection.get(include=["metadatas"])
        return {str(md.get("doc_id")) for md in got["metadatas"] or [] if md}

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[Chunk, float]]:
        """Top-k chunks with cosine similarity (1 - distance)."""
        if self.collection.count() == 0:
            return []
        found = self.store.similarity_search_with_score(query, k=k, filter=where)
        return [
            (Chunk.from_metadata(d.id or "", d.page_content, d.metadata), 1.0 - dist) for d, dist in found
        ]
