"""The store directory: exact figures (SQLite) plus the retrieval index (Chroma + BM25).

A document's identity is its content (sha256) and its metadata, never its file name.  An ingest
never replaces or deletes another document: a file whose bytes are already stored is skipped, and a
new file for a department, year and kind the store already holds is added beside it as another
version.  Only the explicit admin actions ``remove`` and ``replace`` delete.

Writers (ingest, remove, replace, metadata edits, the default corpus's first ingest) hold the
store's write lock (``index.store_lock``); readers never write, repair or delete anything.  The
order of an ingest is: the kept copy of the file (temp file, fsync, rename), then its chunks, then
the facts transaction — whose commit is what makes a document "in".  The fact store is the source
of truth; the kept copies and the retrieval index are derived from it.  A writer, holding the lock,
first repairs what a killed writer left (``_recover``): stray temp files, kept copies and chunks of
documents the facts do not hold, and documents without chunks, re-indexed from their verified copy.
A file that cannot be parsed is reported with its reason and the others go on.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from index.facts import METADATA_FIELDS, DocumentInfo, make_facts, open_fact_store
from index.faults import stage
from index.model import Document, ParseError
from index.parse import SUPPORTED_SUFFIXES, file_sha256, parse_document
from index.sandbox import parse_bounded
from index.store_lock import store_lock
from index.vocabulary import KIND_WORDS, TABLE_TITLE_PATTERN

log = logging.getLogger(__name__)

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "data"
COPIES_DIR = "documents"
FILES_DIR_ENV = "BUDGETQA_FILES_DIR"  # kept copies elsewhere: a directory every serving node reaches
FIELD_NAMES = {"department": "部门", "year": "年度", "kind": "类型", "region": "地区"}
SOURCE_NAMES = {
    "document": "文件内容",
    "file name": "文件名",
    "region": "文件所写的地区（未写明发布机关）",
    "user": "用户修改",
}


def resolve_store_dir(path: Path | str | None = None) -> Path:
    """--store, else $BUDGETQA_HOME, else ./.budgetqa."""
    if path:
        return Path(path)
    env = os.environ.get("BUDGETQA_HOME")
    return Path(env) if env else Path(".budgetqa")


def resolve_files_dir(store_dir: Path) -> Path:
    """Where the kept copies live: ``$BUDGETQA_FILES_DIR`` (shared by every node), else ``<store>/documents``."""
    env = os.environ.get(FILES_DIR_ENV, "").strip()
    return Path(env) if env else store_dir / COPIES_DIR


def retrieval_enabled() -> bool:
    """BUDGETQA_RETRIEVAL=0 keeps a store to exact figures only (no embeddings)."""
    return os.environ.get("BUDGETQA_RETRIEVAL", "1").lower() not in {"0", "false", "no", "off"}


class StoreMissing(FileNotFoundError):
    """``ask``/``docs``/``check`` on a store directory that does not exist (only ingest creates one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"库 {path} 不存在（路径写错了？用 budgetqa ingest 文件 --store {path} 新建一个库）")
        self.path = path


class MetadataError(ValueError):
    """A metadata value a user gave that cannot be a document's department, year, kind or region."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}（{FIELD_NAMES.get(field_name, field_name)}）：{reason}")
        self.field = field_name
        self.reason = reason


class UnknownDocument(KeyError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"库中没有 id 为 {self.doc_id} 的文件（用 budgetqa docs 查看 id）"


def validate_metadata(fields: dict) -> dict:
    """The metadata fields given (None = not given), checked and normalised; ``MetadataError`` if not.

    A department is a name: never a bare number (a page number read from a cover) or a table's
    title (公开01表) — the two ways a misread department broke every answer of a store.
    """
    out: dict = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name not in METADATA_FIELDS:
            raise MetadataError(name, "不能修改这个字段（只能改 department、year、kind、region）")
        if name == "year":
            try:
                year = int(str(value).strip().rstrip("年"))
            except ValueError:
                raise MetadataError(name, f"「{value}」不是年份") from None
            if not 1949 <= year <= 2100:
                raise MetadataError(name, f"{year} 不是合理的年份（应在 1949–2100 之间）")
            out[name] = year
            continue
        text = re.sub(r"\s+", "", str(value))
        if not text:
            raise MetadataError(name, "不能为空")
        if len(text) > 60:
            raise MetadataError(name, f"「{text[:20]}…」太长（最多 60 个字）")
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            raise MetadataError(name, f"「{text}」只有数字或符号，不是名称")
        if name == "department" and re.search(TABLE_TITLE_PATTERN, text):
            raise MetadataError(name, f"「{text}」像是表格标题，不是部门名称")
        if name == "kind" and not any(w in text for w in KIND_WORDS):
            raise MetadataError(name, f"「{text}」不是文件类型（应含：{'、'.join(KIND_WORDS)}）")
        out[name] = text
    return out


@dataclass
class IngestResult:
    file: str
    status: str  # "added" | "version" | "unchanged" | "replaced" | "error"
    doc_id: str = ""
    message: str = ""
    seconds: float = 0.0
    tables: int = 0
    facts: int = 0
    chunks: int = 0
    # other stored documents of the same department, year and kind (this one is added beside them)
    versions: list[str] = field(default_factory=list)
    replaced: str = ""  # the doc_id an explicit replace removed
    pages: int = 0  # pages of the document (0: plain text, or not parsed)


@dataclass
class ParsedForIngest:
    """A file parsed (and perhaps embedded) for ingest, not yet in the store."""

    path: Path
    doc: Document
    facts: list
    meta_source: dict[str, str]
    started: float
    prepared: object | None = None  # index.retrieval_index.PreparedDocument, when embedded ahead


def expand_paths(paths: list[Path | str]) -> list[Path]:
    """Files as given, and the supported files inside any directory given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def same_edition(a: DocumentInfo, b: DocumentInfo) -> bool:
    """Two stored documents for the same department, year and kind: versions of one disclosure."""
    return bool(a.department) and (a.department, a.year, a.kind) == (b.department, b.year, b.kind)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """A store directory: ``facts.sqlite``, ``documents/`` (kept copies) and, when enabled, ``chroma/`` + ``bm25/``.

    For a deployment on several machines the facts may live on PostgreSQL
    (``$BUDGETQA_DATABASE_URL``; the write lock is then an advisory lock in that database), the
    vectors on a Chroma server (``$BUDGETQA_CHROMA_HOST``) and the kept copies in a shared
    directory (``$BUDGETQA_FILES_DIR``)."""

    def __init__(
        self, path: Path | str | None = None, *, retrieval: bool | None = None, create: bool = True
    ) -> None:
        """``create=False``: a reader's open; ``StoreMissing`` if the directory does not exist."""
        self.path = resolve_store_dir(path)
        if not create and not self.path.is_dir():
            raise StoreMissing(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.facts = open_fact_store(self.path)
        self.lock = store_lock(self.path, self.facts.url)
        self.files_dir = resolve_files_dir(self.path)
        self.retrieval_on = retrieval_enabled() if retrieval is None else retrieval
        self._retrieval = None
        self._retrieval_lock = threading.RLock()
        self._warming: threading.Thread | None = None
        self._owes_index = False  # this process wrote figures and deferred their text index

    # -- writing: the lock and the repair of what a killed writer left ----------------------
    @contextmanager
    def writing(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's write lock; the first holder repairs half-done writes first."""
        with self.lock.hold(timeout):
            if self.lock.depth == 1:
                self.facts.upgrade()
                self._recover()
            yield

    def _writable_retrieval(self):  # -> RetrievalIndex | None
        """The retrieval index opened for writing (only while holding the lock)."""
        if not self.retrieval_on:
            return None
        assert self.lock.held, "only a writer holding the store's lock may change the retrieval index"
        with self._retrieval_lock:
            if self._retrieval is None:
                from index.retrieval_index import RetrievalIndex

                self._retrieval = RetrievalIndex(self.path, writable=True)
            elif not self._retrieval.writable:
                self._retrieval.make_writable()
        return self._retrieval

    def _recover(self) -> None:
        """Make copies and the retrieval index hold exactly the documents the fact store holds."""
        known = {d.doc_id: d for d in self.facts.documents()}
        copies = self.files_dir
        if copies.is_dir():
            for p in copies.iterdir():
                if p.name.endswith(".tmp"):
                    log.warning("removing a temp file an interrupted ingest left: %s", p.name)
                    p.unlink(missing_ok=True)
                elif p.stem not in known:
                    log.warning("removing the kept copy of an incompletely ingested document: %s", p.name)
                    p.unlink(missing_ok=True)
        bm25 = self.path / "bm25"
        for p in (bm25 / "docs").glob("*.tmp") if (bm25 / "docs").is_dir() else []:
            p.unlink(missing_ok=True)
        has_index = bm25.exists() or (self.path / "chroma").exists()
        # opening it rebuilds a BM25 index cut off mid-swap (a fresh, empty store has nothing to check)
        retrieval = self._writable_retrieval() if known or has_index else None
        shutil.rmtree(bm25 / "index.new", ignore_errors=True)
        if (bm25 / "index").is_dir():
            shutil.rmtree(bm25 / "index.old", ignore_errors=True)
        if retrieval is None:
            return
        for doc_id in retrieval.document_ids() - set(known):
            log.warning("removing chunks of incompletely ingested document %s", doc_id)
            retrieval.remove_document(doc_id)
        for info in known.values():
            if not retrieval.has_document(info.doc_id):
                self._reindex(info)

    def _reindex(self, info: DocumentInfo) -> None:
        doc = self._document_from_copy(info)
        if doc is None:
            return
        log.warning("indexing %s for retrieval from its kept copy", info.file)
        retrieval = self._writable_retrieval()
        if retrieval is not None:
            retrieval.add_document(doc)

    def _copy_path(self, doc_id: str, file: str) -> Path:
        return self.files_dir / f"{doc_id}{Path(file).suffix.lower()}"

    def _document_from_copy(self, info: DocumentInfo) -> Document | None:
        """A stored document parsed again from its kept copy (verified by sha256), with its stored metadata."""
        copy = self._copy_path(info.doc_id, info.file)
        if not copy.exists() or file_sha256(copy) != info.sha256:
            log.warning("no intact kept copy of %s; re-ingest the file to search its text", info.file)
            return None
        doc = _parse(copy)
        doc.file = info.file
        for name in METADATA_FIELDS:
            setattr(doc, name, getattr(info, name))
        return doc

    def _keep_copy(self, path: Path, sha256: str) -> Path:
        """Copy ``path`` into the store: temp file, fsync, atomic rename; an intact copy is kept as is.

        A copy is intact when its sha256 is the document's (a copy truncated by a killed run of an
        older version is rewritten)."""
        dest = self._copy_path(sha256[:16], path.name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists() and file_sha256(dest) == sha256:
            return dest
        tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as src, open(tmp, "wb") as out:
                for i, block in enumerate(iter(lambda: src.read(1 << 16), b"")):
                    out.write(block)
                    digest.update(block)
                    if i == 0:
                        out.flush()
                        stage("copy")  # the crash test kills here: a truncated temp file
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise ParseError(path.name, "文件在导入过程中被改动了，请重新导入")
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
        finally:
            tmp.unlink(missing_ok=True)
        return dest

    # -- reading -----------------------------------------------------------------------------
    @property
    def retrieval(self):  # -> index.retrieval_index.RetrievalIndex | None
        """The retrieval index, opened on first use (loading the embedding model costs time).

        A reader's view never writes.  Only a process that itself wrote figures and deferred their
        text index (the first run's default corpus) takes the write lock here to build it."""
        if not self.retrieval_on:
            return None
        with self._retrieval_lock:
            if self._owes_index:
                with self.writing():  # the repair indexes what has no chunks
                    pass
                self._owes_index = False
            if self._retrieval is None:
                from index.retrieval_index import RetrievalIndex

                self._retrieval = RetrievalIndex(self.path, writable=self.lock.held)
        return self._retrieval

    def reopen_retrieval(self) -> None:
        """Another process changed the store: read its words index again (vectors are read live).

        Called by a server that sees the store's generation change; the embedding model is kept."""
        with self._retrieval_lock:
            if self._retrieval is None or self.lock.held or self.retrieval_warming:
                return
            from index.retrieval_index import RetrievalIndex

            self._retrieval = RetrievalIndex(self.path, self._retrieval.embeddings, writable=False)

    @property
    def retrieval_warming(self) -> bool:
        """True while ``warm_retrieval`` is still loading the model and indexing in the background."""
        return self._warming is not None and self._warming.is_alive()

    def warm_retrieval(self) -> threading.Thread | None:
        """Open (and, if this process deferred it, build) the retrieval index in a background thread.

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

    def versions_of(self, info: DocumentInfo) -> list[DocumentInfo]:
        """The stored documents of the same department, year and kind (``info`` included), oldest first."""
        # one indexed query (documents_department), not a read of every document per ingest
        same = [d for d in self.facts.editions(info) if d.doc_id != info.doc_id and same_edition(d, info)]
        same.append(info)
        return sorted(same, key=lambda d: (d.ingested_at, d.doc_id))

    # -- writing: ingest, remove, replace, edit ------------------------------------------------
    def ensure_default_corpus(
        self, progress: Callable[[str], None] | None = None, *, index_now: bool = True
    ) -> list[IngestResult]:
        """A store nothing was ever ingested into gets the embedded default corpus (data/).

        With ``index_now=False`` only the exact figures are written now (a fraction of a second);
        the retrieval index is built from the kept copies when this process first opens it.
        """
        if not self.is_empty() or not DEFAULT_CORPUS_DIR.is_dir():
            return []
        with self.writing():
            if not self.is_empty():  # another process got there first
                return []
            files = expand_paths([DEFAULT_CORPUS_DIR])
            results = self._ingest_files(files, progress, None, index=index_now)
            if not index_now and self.retrieval_on:
                self._owes_index = True
            return results

    def ingest(
        self,
        paths: list[Path | str],
        progress: Callable[[str], None] | None = None,
        *,
        metadata: dict | None = None,
    ) -> list[IngestResult]:
        """Ingest files (and the supported files of folders); ``metadata`` overrides what the parser read.

        Raises ``MetadataError`` (before touching the store) when an override cannot be right."""
        overrides = validate_metadata(metadata or {})
        files = expand_paths(paths)
        with self.writing():
            return self._ingest_files(files, progress, overrides)

    def _ingest_files(
        self,
        files: list[Path],
        progress: Callable[[str], None] | None,
        overrides: dict,
        *,
        index: bool = True,
    ) -> list[IngestResult]:
        results = []
        for i, path in enumerate(files, 1):
            if progress:
                progress(f"[{i}/{len(files)}] {path.name} …")
            result = self._ingest_file(path, overrides or {}, index=index)
            results.append(result)
            if progress:
                progress(f"[{i}/{len(files)}] {describe(result)}")
        return results

    def ingest_file(self, path: Path, metadata: dict | None = None) -> IngestResult:
        overrides = validate_metadata(metadata or {})
        with self.writing():
            return self._ingest_file(Path(path), overrides)

    def _ingest_file(self, path: Path, overrides: dict, *, index: bool = True) -> IngestResult:
        parsed = self._parse_file(path, overrides)
        if isinstance(parsed, IngestResult):
            return parsed
        return self._commit_file(parsed, index=index)

    def _parse_file(
        self, path: Path, overrides: dict, *, embed: bool = False
    ) -> ParsedForIngest | IngestResult:
        """The part of an ingest that touches no store: hash, parse (sandboxed), facts and, with
        ``embed``, the chunks' embeddings.  Parallel ingest runs it in several threads at once
        (each parse is its own child process; embedding runs outside the GIL)."""
        start = time.perf_counter()
        name = path.name
        try:
            sha = file_sha256(path)  # refuses FIFOs, devices, links out of the folder, oversized files
        except ParseError as exc:
            return IngestResult(name, "error", message=exc.reason)
        except OSError as exc:
            return IngestResult(name, "error", message=f"无法读取：{exc.strerror or exc}")
        existing = self.facts.find_by_sha(sha)
        if existing:
            note = "；内容相同的文件已在库中" + (
                "，元数据未改动（要修改请用 budgetqa docs edit）" if overrides else ""
            )
            return IngestResult(name, "unchanged", doc_id=existing.doc_id, message=note.lstrip("；"))
        stage("parse")
        try:
            doc = _parse_once(path, sha)
        except ParseError as exc:
            return IngestResult(name, "error", message=exc.reason, seconds=time.perf_counter() - start)
        except Exception as exc:  # a parser bug must not take the other files down
            log.exception("parsing %s failed", name)
            return IngestResult(name, "error", message=f"解析失败：{type(exc).__name__}: {exc}")
        # the parser says "file name" when the document itself names no body or year
        read_from = doc.meta_source if doc.meta_source in ("file name", "region") else "document"
        meta_source = {"department": read_from} if doc.department else {}
        if doc.year is not None:
            meta_source["year"] = "file name" if read_from == "file name" else "document"
        for k in METADATA_FIELDS:
            if getattr(doc, k) not in (None, "") and k not in meta_source:
                meta_source[k] = "document"
        for k, v in overrides.items():
            setattr(doc, k, v)
            meta_source[k] = "user"
        stage("facts")
        try:
            facts = make_facts(doc)
        except Exception as exc:
            log.exception("extracting figures from %s failed", name)
            return IngestResult(name, "error", message=f"提取数字失败：{exc}")
        prepared = None
        if embed and self.retrieval_on:
            prepared = self._writable_retrieval().prepare(doc)
        return ParsedForIngest(path, doc, facts, meta_source, start, prepared)

    def _commit_file(self, parsed: ParsedForIngest, *, index: bool = True) -> IngestResult:
        """The writer's part of an ingest (holding the lock): kept copy, chunks, then the facts commit."""
        path, doc, facts, meta_source, start = (
            parsed.path,
            parsed.doc,
            parsed.facts,
            parsed.meta_source,
            parsed.started,
        )
        name = path.name
        # keep a copy of what was ingested: the app can show it, and retrieval can be rebuilt from it
        try:
            copy = self._keep_copy(path, doc.sha256)
        except ParseError as exc:
            return IngestResult(name, "error", message=exc.reason)
        except OSError as exc:
            return IngestResult(name, "error", message=f"无法保存文件副本：{exc.strerror or exc}")
        retrieval = self._writable_retrieval() if index else None
        chunks = 0
        if retrieval is not None:
            chunks = retrieval.commit(parsed.prepared) if parsed.prepared else retrieval.add_document(doc)
        try:
            with self.facts.transaction() as conn:
                when = datetime.now(UTC).isoformat(timespec="seconds")
                self.facts.write_document(conn, doc, facts, when, meta_source)
                stage("facts written")
        except BaseException:
            if retrieval is not None:
                retrieval.remove_document(doc.doc_id)
            copy.unlink(missing_ok=True)
            raise
        stage("committed")
        info = self.facts.document(doc.doc_id)
        versions = [d.doc_id for d in self.versions_of(info) if d.doc_id != doc.doc_id] if info else []
        return IngestResult(
            name,
            "version" if versions else "added",
            doc_id=doc.doc_id,
            seconds=time.perf_counter() - start,
            tables=len(doc.tables),
            facts=len(facts),
            chunks=chunks,
            message=f"{doc.department} {doc.year or ''} {doc.kind}".strip(),
            versions=versions,
            pages=doc.pages or 0,
        )

    # -- one parse for several stores (the evaluation builds a store per question set) ---------
    def prepare(self, path: Path | str) -> ParsedForIngest | IngestResult:
        """Parse (and embed) a file without committing it: the costly part of an ingest, which
        ``ingest_prepared`` of this or another store then commits.  An ``IngestResult`` when there
        is nothing to commit (already stored here, or an error)."""
        with self.writing():  # embedding loads the writer's retrieval index
            return self._parse_file(Path(path), {}, embed=True)

    def ingest_prepared(self, parsed: ParsedForIngest) -> IngestResult:
        """Commit a file ``prepare`` (of any store with the same settings) parsed and embedded.
        A copy is committed, so the same parsed file can go into several stores."""
        start = time.perf_counter()
        with self.writing():
            existing = self.facts.find_by_sha(parsed.doc.sha256)
            if existing:
                return IngestResult(
                    parsed.path.name, "unchanged", doc_id=existing.doc_id, message="内容相同的文件已在库中"
                )
            result = self._commit_file(copy.deepcopy(parsed))
        result.seconds = time.perf_counter() - start
        return result

    def ingest_parallel(
        self,
        paths: list[Path | str],
        workers: int,
        on_result: Callable[[IngestResult], None] | None = None,
        *,
        metadata: dict | None = None,
    ) -> list[IngestResult]:
        """Ingest with ``workers`` files parsed (and embedded) at once and ONE writer: this thread,
        holding the store's lock, commits each document as soon as it is ready (copy, chunks, facts),
        so what is committed is never lost and a re-run skips it by content hash (resumable).

        Results come back in the order of ``paths``; ``on_result`` hears each as it is committed."""
        from concurrent.futures import ThreadPoolExecutor, as_completed

        overrides = validate_metadata(metadata or {})
        files = expand_paths(paths)
        results: dict[int, IngestResult] = {}
        with (
            self.writing(),
            ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ingest") as pool,
        ):
            if self.retrieval_on:
                self._writable_retrieval()  # load the model once, before the threads share it
            futures = {
                pool.submit(self._parse_file, p, overrides, embed=True): i for i, p in enumerate(files)
            }
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    parsed = fut.result()
                except Exception as exc:  # an embedding failure: this file only
                    log.exception("preparing %s failed", files[i].name)
                    parsed = IngestResult(files[i].name, "error", message=f"索引失败：{exc}")
                if isinstance(parsed, ParsedForIngest):
                    parsed = self._commit_file(parsed)
                results[i] = parsed
                if on_result:
                    on_result(parsed)
        return [results[i] for i in range(len(files))]

    def remove(self, doc_id: str) -> bool:
        """Delete a document (admin): its facts (the commit is the truth), then its chunks and kept copy."""
        with self.writing():
            info = self.facts.document(doc_id)
            if not info:
                return False
            with self.facts.transaction() as conn:
                self.facts.delete_document(conn, doc_id)
            stage("facts deleted")
            retrieval = self._writable_retrieval()
            if retrieval is not None:
                retrieval.remove_document(doc_id)
            self._copy_path(doc_id, info.file).unlink(missing_ok=True)
            return True

    def replace(self, old_doc_id: str, path: Path | str, metadata: dict | None = None) -> IngestResult:
        """Replace a document by a file (admin): ingest the new one, then remove the old one if it went in."""
        overrides = validate_metadata(metadata or {})
        path = Path(path)
        with self.writing():
            if self.facts.document(old_doc_id) is None:
                return IngestResult(path.name, "error", message=str(UnknownDocument(old_doc_id)))
            result = self._ingest_file(path, overrides)
            if result.status == "error":
                return result
            if result.doc_id == old_doc_id:
                result.message = "内容与要替换的文件相同，未改动"
                return result
            self.remove(old_doc_id)
            result.status, result.replaced = "replaced", old_doc_id
            result.versions = [v for v in result.versions if v != old_doc_id]
            return result

    def update_metadata(self, doc_id: str, **fields) -> DocumentInfo:
        """Correct a document's department, year, kind or region (admin); marked as set by the user.

        Raises ``MetadataError`` for a value that cannot be right and ``UnknownDocument``."""
        changes = validate_metadata(fields)
        with self.writing():
            info = self.facts.document(doc_id)
            if info is None:
                raise UnknownDocument(doc_id)
            changes = {k: v for k, v in changes.items() if getattr(info, k) != v}
            if not changes:
                return info
            meta_source = {**info.meta_source, **dict.fromkeys(changes, "user")}
            # Chunks carry the metadata: drop them first, so a crash leaves facts without chunks,
            # which the next writer re-indexes from the kept copy with the new metadata (also when
            # this writer runs without retrieval: stale chunks could never be told apart).
            retrieval = self._writable_retrieval()
            if retrieval is not None:
                retrieval.remove_document(doc_id)
            elif (self.path / "bm25").exists() or (self.path / "chroma").exists():
                from index.retrieval_index import RetrievalIndex

                RetrievalIndex(self.path, writable=True).remove_document(doc_id)
            with self.facts.transaction() as conn:
                self.facts.update_metadata(conn, doc_id, changes, meta_source)
            updated = self.facts.document(doc_id)
            assert updated is not None
            if retrieval is not None:
                self._reindex(updated)
            return updated


# Documents this process has parsed, by content, name and settings: the same file ingested into another store
# (an eval run's per-file stores, a server's stores, a test session) is not parsed again.  Only successful parses
# are kept (a refused file is refused again, by the sandbox), copies in and out (an ingest sets metadata on its
# document), at most _PARSED_MAX of them.
_PARSED: OrderedDict[tuple, Document] = OrderedDict()
_PARSED_MAX = 24
_PARSED_LOCK = threading.Lock()


def _parse_once(path: Path, sha: str) -> Document:
    settings = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("BUDGETQA_")))
    key = (sha, path.name, path.resolve().parent == DEFAULT_CORPUS_DIR, settings)
    with _PARSED_LOCK:
        cached = _PARSED.get(key)
        if cached is not None:
            _PARSED.move_to_end(key)
            return copy.deepcopy(cached)
    doc = _parse(path)
    with _PARSED_LOCK:
        _PARSED[key] = copy.deepcopy(doc)
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return doc


def _parse(path: Path) -> Document:
    """Any file a user gives is parsed in a sandboxed child process (time, memory, page limits);
    the embedded default corpus ships with the code, so it is parsed in-process (a faster first start)."""
    if path.resolve().parent == DEFAULT_CORPUS_DIR:
        return parse_document(path)
    return parse_bounded(path).doc


def describe(r: IngestResult) -> str:
    if r.status == "error":
        return f"错误 {r.file}: {r.message}"
    if r.status == "unchanged":
        return f"跳过 {r.file}（{r.message or '内容相同的文件已在库中'}，id {r.doc_id}）"
    counts = f"{r.tables} 张表, {r.facts} 个数字, {r.chunks} 个段落块 ({r.seconds:.1f} s)"
    if r.status == "replaced":
        return f"已替换 id {r.replaced} → {r.file}（id {r.doc_id}）: {r.message}; {counts}"
    if r.status == "version":
        kept = "、".join(r.versions)
        return (
            f"已导入 {r.file}（id {r.doc_id}）: {r.message}; {counts}\n"
            f"    注意：库中已有同一部门年度的另一版本（id {kept}），新文件作为另一版本并存，原有版本未被替换"
            f"（要替换请用 budgetqa ingest 文件 --replace {r.versions[0]}）"
        )
    return f"已导入 {r.file}（id {r.doc_id}）: {r.message}; {counts}"
