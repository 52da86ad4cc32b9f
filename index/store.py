"""The store directory: exact figures (SQLite) plus the retrieval index (Chroma + BM25).

Ingest is incremental (a file whose sha256 is already stored is skipped) and
atomic per document across all stores: chunks are added first, then the facts
transaction commits, which is what makes a document "in"; chunks of documents the
fact store does not know (a crash in between) are removed when the retrieval index
opens, and documents it lacks are re-indexed from the copy the store keeps of every
file.  The fact store is the source of truth; the retrieval index is derived from it
(which is also what lets a new store answer figures before its text index is built).
A file that cannot be parsed is reported with its reason and the others go on.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.facts import DocumentInfo, FactStore, make_facts
from index.model import Document, ParseError
from index.parse import file_sha256, parse_document

log = logging.getLogger(__name__)

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "data"
SUPPORTED_SUFFIXES = {".pdf", ".txt"}


def resolve_store_dir(path: Path | str | None = None) -> Path:
    """--store, else $BUDGETQA_HOME, else ./.budgetqa."""
    if path:
        return Path(path)
    env = os.environ.get("BUDGETQA_HOME")
    return Path(env) if env else Path(".budgetqa")


def retrieval_enabled() -> bool:
    """BUDGETQA_RETRIEVAL=0 keeps a store to exact figures only (no embeddings)."""
    return os.environ.get("BUDGETQA_RETRIEVAL", "1").lower() not in {"0", "false", "no", "off"}


@dataclass
class IngestResult:
    file: str
    status: str  # "added" | "unchanged" | "replaced" | "error"
    doc_id: str = ""
    message: str = ""
    seconds: float = 0.0
    tables: int = 0
    facts: int = 0
    chunks: int = 0


def expand_paths(paths: list[Path | str]) -> list[Path]:
    """Files as given, and the supported files inside any directory given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


class Store:
    """A store directory: ``facts.sqlite`` and, when enabled, ``chroma/`` + ``bm25/``."""

    def __init__(self, path: Path | str | None = None, *, retrieval: bool | None = None) -> None:
        self.path = resolve_store_dir(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.facts = FactStore(self.path / "facts.sqlite")
        self.retrieval_on = retrieval_enabled() if retrieval is None else retrieval
        self._retrieval = None
        self._retrieval_lock = threading.RLock()
        self._warming: threading.Thread | None = None

    @property
    def retrieval(self):  # -> index.retrieval_index.RetrievalIndex | None
        """The retrieval index, opened on first use (loading the embedding model costs time)."""
        if not self.retrieval_on:
            return None
        with self._retrieval_lock:
            if self._retrieval is None:
                from index.retrieval_index import RetrievalIndex

                retrieval = RetrievalIndex(self.path)
                self._reconcile(retrieval)
                self._retrieval = retrieval
        return self._retrieval

    @property
    def retrieval_warming(self) -> bool:
        """True while ``warm_retrieval`` is still loading the model and indexing in the background."""
        return self._warming is not None and self._warming.is_alive()

    def warm_retrieval(self) -> threading.Thread | None:
        """Open (and, if needed, build) the retrieval index in a background thread.

        Exact figures never wait for embeddings: a new store can answer figure questions at once
        while the text index is built from the stored copies of its documents.
        """
        if not self.retrieval_on or self._retrieval is not None or self.retrieval_warming:
            return None
        # Import the retrieval stack here, in the calling thread: importing numpy/chromadb from two
        # threads at once can fail with a partially initialised module.
        import index.hybrid  # noqa: F401
        import index.retrieval_index  # noqa: F401

        def open_index() -> None:
            try:
                _ = self.retrieval
            except Exception:  # the figure answers must survive a broken vector store
                log.exception("opening the retrieval index failed")

        self._warming = threading.Thread(target=open_index, name="budgetqa-retrieval", daemon=True)
        self._warming.start()
        return self._warming

    def _reconcile(self, retrieval) -> None:
        """Make the retrieval index hold exactly the documents the fact store holds.

        Chunks of documents the fact store does not know (an ingest interrupted after the chunks were
        written) are removed; documents whose chunks are missing (a new embedding model, a wiped
        ``chroma/``) are re-indexed from the copy the store keeps of every ingested file.
        """
        docs = self.facts.documents()
        known = {d.doc_id for d in docs}
        for doc_id in retrieval.document_ids():
            if doc_id not in known:
                log.warning("removing chunks of incompletely ingested document %s", doc_id)
                retrieval.remove_document(doc_id)
        for d in docs:
            if retrieval.has_document(d.doc_id):
                continue
            copy = self._copy_path(d.doc_id, d.file)
            if not copy.exists():
                log.warning("no stored copy of %s to re-index; re-ingest it to search its text", d.file)
                continue
            log.warning("re-indexing %s for retrieval", d.file)
            doc = parse_document(copy)
            doc.file = d.file
            retrieval.add_document(doc)

    def _copy_path(self, doc_id: str, file: str) -> Path:
        return self.path / "documents" / f"{doc_id}{Path(file).suffix.lower()}"

    @property
    def uploads_dir(self) -> Path:
        """Where the app keeps files people upload, so the store holds everything it was given."""
        path = self.path / "uploads"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def documents(self) -> list[DocumentInfo]:
        return self.facts.documents()

    def is_empty(self) -> bool:
        return not self.facts.documents()

    def ensure_default_corpus(
        self, progress: Callable[[str], None] | None = None, *, index_now: bool = True
    ) -> list[IngestResult]:
        """A store nothing was ever ingested into gets the embedded default corpus (data/).

        With ``index_now=False`` only the exact figures are written now (a fraction of a second);
        the retrieval index is built from the kept copies when it is first opened.
        """
        if not self.is_empty() or not DEFAULT_CORPUS_DIR.is_dir():
            return []
        if index_now:
            return self.ingest(expand_paths([DEFAULT_CORPUS_DIR]), progress=progress)
        with self._retrieval_lock:
            saved, self.retrieval_on = self.retrieval_on, False
            try:
                return self.ingest(expand_paths([DEFAULT_CORPUS_DIR]), progress=progress)
            finally:
                self.retrieval_on = saved

    def ingest(
        self, paths: list[Path | str], progress: Callable[[str], None] | None = None
    ) -> list[IngestResult]:
        files = expand_paths(paths)
        results = []
        for i, path in enumerate(files, 1):
            if progress:
                progress(f"[{i}/{len(files)}] {path.name} …")
            result = self.ingest_file(path)
            results.append(result)
            if progress:
                progress(f"[{i}/{len(files)}] {describe(result)}")
        return results

    def ingest_file(self, path: Path) -> IngestResult:
        start = time.perf_counter()
        name = path.name
        try:
            sha = file_sha256(path)
        except OSError as exc:
            return IngestResult(name, "error", message=f"无法读取：{exc.strerror or exc}")
        existing = self.facts.find_by_sha(sha)
        if existing:
            return IngestResult(name, "unchanged", doc_id=existing.doc_id, message="已在库中")
        try:
            doc = parse_document(path)
        except ParseError as exc:
            return IngestResult(name, "error", message=exc.reason, seconds=time.perf_counter() - start)
        except Exception as exc:  # a parser bug must not take the other files down
            log.exception("parsing %s failed", name)
            return IngestResult(name, "error", message=f"解析失败：{type(exc).__name__}: {exc}")
        try:
            facts = make_facts(doc)
        except Exception as exc:
            log.exception("extracting figures from %s failed", name)
            return IngestResult(name, "error", message=f"提取数字失败：{exc}")
        replaced = [d for d in self.facts.find_by_file(name) if d.doc_id != doc.doc_id]
        # keep a copy of what was ingested: the app can show it, and retrieval can be rebuilt from it
        copy = self._copy_path(doc.doc_id, name)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not copy.exists():
            shutil.copyfile(path, copy)
        chunks = self._add_chunks(doc)
        try:
            with self.facts.transaction() as conn:
                for old in replaced:
                    self.facts.delete_document(conn, old.doc_id)
                when = datetime.now(UTC).isoformat(timespec="seconds")
                self.facts.write_document(conn, doc, facts, when)
        except BaseException:
            if self.retrieval is not None:
                self.retrieval.remove_document(doc.doc_id)
            copy.unlink(missing_ok=True)
            raise
        if self.retrieval is not None:
            for old in replaced:
                self.retrieval.remove_document(old.doc_id)
        for old in replaced:
            self._copy_path(old.doc_id, old.file).unlink(missing_ok=True)
        return IngestResult(
            name,
            "replaced" if replaced else "added",
            doc_id=doc.doc_id,
            seconds=time.perf_counter() - start,
            tables=len(doc.tables),
            facts=len(facts),
            chunks=chunks,
            message=f"{doc.department} {doc.year or ''} {doc.kind}".strip(),
        )

    def _add_chunks(self, doc: Document) -> int:
        if self.retrieval is None:
            return 0
        return self.retrieval.add_document(doc)

    def remove(self, doc_id: str) -> bool:
        info = self.facts.document(doc_id)
        if not info:
            return False
        with self.facts.transaction() as conn:
            self.facts.delete_document(conn, doc_id)
        if self.retrieval is not None:
            self.retrieval.remove_document(doc_id)
        self._copy_path(doc_id, info.file).unlink(missing_ok=True)
        return True


def describe(r: IngestResult) -> str:
    if r.status == "error":
        return f"错误 {r.file}: {r.message}"
    if r.status == "unchanged":
        return f"跳过 {r.file}（未变化，已在库中）"
    verb = "已替换" if r.status == "replaced" else "已导入"
    return (
        f"{verb} {r.file}: {r.message}; {r.tables} 张表, {r.facts} 个数字, {r.chunks} 个段落块"
        f" ({r.seconds:.1f} s)"
    )
