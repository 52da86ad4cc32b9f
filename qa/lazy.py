"""Per-document state the engine builds on first use and keeps in a bounded LRU.

``engine.indexes[doc_id]`` (a ``FactIndex``) and ``engine.bigrams[doc_id]`` (the document's
character bigrams) keep the ``Mapping`` interface the question kinds use, but a store of ten
thousand documents is never read whole: a document's facts are read through the ``facts_doc``
index when a question first needs them, and the least recently used documents are dropped once
more than ``BUDGETQA_CACHE_DOCS`` are held.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping

from index.doc_terms import document_terms
from index.facts import DocumentInfo, FactStore
from index.names import FactIndex

# One FactIndex of a department budget (300–500 facts) holds ≈ 1 MB of Python objects (measured):
# 64 of them stay well inside the 350 MB target of a serving process over 100 documents.
DEFAULT_CACHE_DOCS = 64
# A question naming no department looks at this many documents at most (the best by the terms index).
DEFAULT_SCAN_DOCS = 24


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc
    return max(1, value)


def cache_docs_from_env() -> int:
    """``BUDGETQA_CACHE_DOCS``: how many documents' indexes a process keeps built."""
    return _env_int("BUDGETQA_CACHE_DOCS", DEFAULT_CACHE_DOCS)


def scan_docs_from_env() -> int:
    """``BUDGETQA_SCAN_DOCS``: above this many documents in scope, look documents up by their words."""
    return _env_int("BUDGETQA_SCAN_DOCS", DEFAULT_SCAN_DOCS)


class _LRU(Mapping):
    """doc_id → value built by ``_build``; only documents in ``known`` (the engine's snapshot) exist."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.known: Mapping[str, DocumentInfo] = {}
        self.built = 0  # how many values were built (tests and benchmarks read it)
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def _build(self, doc_id: str) -> object | None:
        raise NotImplementedError

    def __getitem__(self, doc_id: str):
        if doc_id not in self.known:
            raise KeyError(doc_id)
        with self._lock:
            if doc_id in self._items:
                self._items.move_to_end(doc_id)
                return self._items[doc_id]
        value = self._build(doc_id)  # outside the lock: other threads keep answering meanwhile
        if value is None:
            raise KeyError(doc_id)
        with self._lock:
            self.built += 1
            self._items[doc_id] = value
            self._items.move_to_end(doc_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.known))

    def __len__(self) -> int:
        return len(self.known)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.known

    def get(self, doc_id: str, default=None):
        try:
            return self[doc_id]
        except KeyError:
            return default

    def loaded(self) -> list[str]:
        """The documents held now, least recently used first."""
        with self._lock:
            return list(self._items)


class LazyIndexes(_LRU):
    """``engine.indexes``: a document's ``FactIndex``, built from its facts on first use.

    A document without facts has no index (``get`` returns None), as before."""

    def __init__(self, facts: FactStore, size: int) -> None:
        super().__init__(size)
        self.facts = facts

    def _build(self, doc_id: str) -> FactIndex | None:
        facts = self.facts.facts([doc_id])
        return FactIndex(facts) if facts else None


class LazyTerms(_LRU):
    """``engine.bigrams``: a document's printed character bigrams, from the terms index.

    An older store no writer has upgraded yet has no terms index: its bigrams are computed from the
    document's paragraphs and facts, as the store's writer would."""

    def __init__(self, facts: FactStore, indexes: LazyIndexes) -> None:
        super().__init__(indexes.size)
        self.facts = facts

    def _build(self, doc_id: str) -> set[str] | None:
        terms = self.facts.document_terms(doc_id)
        if terms is None and not self.facts.has_terms_index():
            paragraphs = [p["text"] or "" for p in self.facts.paragraphs(doc_id)]
            facts = self.facts.facts([doc_id])
            terms = document_terms(paragraphs, facts) if facts else None
        return terms
