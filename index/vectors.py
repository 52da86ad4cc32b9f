"""Dense vectors in Chroma through langchain-chroma.

By default a persistent collection under ``<store>/chroma`` (anonymized telemetry off); when
``BUDGETQA_CHROMA_HOST`` (and optionally ``BUDGETQA_CHROMA_PORT``) are set, a Chroma server — the
path for deployments that outgrow one machine.  The collection is named after the embedding model,
and after the version of what a chunk embeds (``EMBEDDING_VIEW_VERSION``), so vectors of different
models or views never mix: a store built before a view changed has no vectors in the new
collection, its writer re-embeds every document from the kept copies (``Store._recover``) and
drops the old collection; until then a reader searches by words only.
``BUDGETQA_CHROMA_COLLECTION`` overrides the name (e.g. to keep several stores apart on one server).

A reader (``writable=False``) never creates anything: a store without vectors (or without this
model's collection) simply has none.  chromadb caches one client "system" per persist path and
process; when a store directory is deleted and made again at the same path (tests, an admin
wiping a store under a running app), the cached system still holds the unlinked SQLite file and
every write fails with ``attempt to write a readonly database (code: 1032)``.  ``chroma_client``
drops such a stale system before it makes a client, and it resolves the path, so a relative store
path after a change of directory cannot reach another store's cached system.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings
from chromadb.errors import NotFoundError
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from index.chunks import EMBEDDING_VIEW_VERSION, Chunk
from index.embeddings import embeddings_name, slug

HOST_ENV = "BUDGETQA_CHROMA_HOST"
PORT_ENV = "BUDGETQA_CHROMA_PORT"
COLLECTION_ENV = "BUDGETQA_CHROMA_COLLECTION"
BATCH = 500  # chromadb caps one upsert; stay far below
DB_FILE = "chroma.sqlite3"

log = logging.getLogger(__name__)
_opened: dict[str, tuple[int, int]] = {}  # persist path -> (st_dev, st_ino) of its SQLite file
_opened_lock = threading.Lock()


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def _drop_stale_system(persist: Path) -> None:
    """Forget chromadb's cached system for ``persist`` if its database file is not the one it opened."""
    key = str(persist)
    systems = SharedSystemClient._identifier_to_system  # chromadb keeps no public per-path eviction
    if key not in systems:
        _opened.pop(key, None)
        return
    if key in _opened and _opened[key] == _file_id(persist / DB_FILE):
        return
    log.info("chroma store at %s was deleted or replaced; opening it afresh", persist)
    system = systems.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
    _opened.pop(key, None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # the old files are gone; nothing of value to close
            log.debug("stopping a stale chroma system failed", exc_info=True)


def chroma_client(store_dir: Path | str, *, create: bool = True) -> chromadb.ClientAPI | None:
    """A server client when BUDGETQA_CHROMA_HOST is set, else a persistent client in the store.

    ``create=False`` (readers): None when the store has no vector database yet.
    """
    settings = Settings(anonymized_telemetry=False)
    host = os.environ.get(HOST_ENV, "").strip()
    if host:
        port = int(os.environ.get(PORT_ENV, "8000") or 8000)
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    path = (Path(store_dir) / "chroma").resolve()
    if not create and not (path / DB_FILE).exists():
        return None
    path.mkdir(parents=True, exist_ok=True)
    with _opened_lock:
        _drop_stale_system(path)
        client = chromadb.PersistentClient(path=str(path), settings=settings)
        _opened.setdefault(str(path), _file_id(path / DB_FILE) or (0, 0))
    return client


def collection_name(embeddings: Embeddings, version: int = EMBEDDING_VIEW_VERSION) -> str:
    """``budgetqa-<model>`` for the first view (stores built before views were versioned), then ``-v<N>``."""
    base = f"budgetqa-{slug(embeddings_name(embeddings))}"
    return base if version <= 1 else f"{base}-v{version}"


class VectorIndex:
    """Chunks' embeddings in one Chroma collection, added and removed by document."""

    def __init__(self, store_dir: Path | str, embeddings: Embeddings, *, writable: bool = True) -> None:
        self.store_dir = Path(store_dir)
        self.embeddings = embeddings
        self.collection_name = os.environ.get(COLLECTION_ENV) or collection_name(embeddings)
        self.writable = False
        self.client: chromadb.ClientAPI | None = None
        self.store: Chroma | None = None
        self.collection = None
        self._open(create=writable)

    def _open(self, create: bool) -> None:
        self.client = chroma_client(self.store_dir, create=create)
        if self.client is None:
            return
        if not create:
            try:
                self.client.get_collection(self.collection_name)
            except (NotFoundError, ValueError):
                self.client = None  # a reader of a store with no vectors for this model: none to search
                return
        self.store = Chroma(
            client=self.client,
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
            collection_configuration={"hnsw": {"space": "cosine"}},
            create_collection_if_not_exists=create,
        )
        # The same collection through chromadb's own API: upserts with precomputed vectors.
        self.collection = self.client.get_collection(self.collection_name)
        self.writable = create
        if create and not os.environ.get(COLLECTION_ENV):
            self._drop_older_views()

    def _drop_older_views(self) -> None:
        """A writer removes this model's collections of earlier views: nothing reads them again."""
        for version in range(1, EMBEDDING_VIEW_VERSION):
            name = collection_name(self.embeddings, version)
            try:
                self.client.delete_collection(name)
            except (NotFoundError, ValueError):
                continue
            log.info("dropped vector collection %s (an earlier embedding view)", name)

    def make_writable(self) -> None:
        """A writer (holding the store's lock) may create the database and the collection."""
        if not self.writable:
            self._open(create=True)

    def embed(self, chunks: Sequence[Chunk]) -> list[list[float]]:
        return self.embeddings.embed_documents([c.embedding_text for c in chunks])

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
        if self.store is not None:
            self.store.delete(where={"doc_id": doc_id})

    def count(self, doc_id: str | None = None) -> int:
        if self.collection is None:
            return 0
        if doc_id is None:
            return self.collection.count()
        return len(self.collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def document_ids(self) -> set[str]:
        if self.collection is None:
            return set()
        got = self.collection.get(include=["metadatas"])
        return {str(md.get("doc_id")) for md in got["metadatas"] or [] if md}

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[Chunk, float]]:
        """Top-k chunks with cosine similarity (1 - distance)."""
        if self.collection is None or self.store is None or self.collection.count() == 0:
            return []
        found = self.store.similarity_search_with_score(query, k=k, filter=where)
        return [
            (Chunk.from_metadata(d.id or "", d.page_content, d.metadata), 1.0 - dist) for d, dist in found
        ]
