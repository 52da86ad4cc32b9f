"""Generated stores of many documents, made from real ones: for ``bench_scale.py`` and ``tests/test_scale.py``.

Each generated document is a real parsed document with another department (the source's place
replaced by a generated one: 郑州市大数据管理局 → 安宁市大数据管理局), another year (every year
printed in its text and titles shifted by the same amount) and every money figure multiplied by an
exact factor (``Decimal``; each figure keeps the decimals it was printed with).  Its facts are then
extracted by the product's own ``make_facts`` and written through the store's writer
(``Store.writing`` + ``FactStore.write_document``), many documents per transaction: parsing and
extracting 1,000 files would take hours, and the point is the store's size, not the parser.

With ``vectors`` (retrieval on) each generated document's chunks are indexed too, reusing the
embeddings of its source document's chunks (same structure, same order; the generated text differs
only in names and figures), so a store of a thousand documents is built without embedding a
hundred thousand chunks; the BM25 side is rebuilt once per batch.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from index.facts import make_facts
from index.model import Document
from index.store import Store, _parse

# Generated place names: two characters + 市 (安宁市, 东平市 …); 24 × 24 = 576 places.
_PLACE_CHARS = "安宁平东西南北江河山海阳城华新兴泰川清庆远丰和昌"
_MONEY = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?=\s*(?:万元|亿元|元))")


def places() -> list[str]:
    return [f"{a}{b}市" for a, b in itertools.product(_PLACE_CHARS, repeat=2) if a != b]


@dataclass
class Variant:
    """What makes one generated document: its place, year and figure factor."""

    place: str
    year: int
    factor: Decimal


def _scale_number(digits: str, decimals: str, factor: Decimal) -> str:
    """A printed number times ``factor``, printed the same way (thousands commas, decimals)."""
    value = Decimal(digits.replace(",", "") + (decimals or ""))
    places_ = len(decimals) - 1 if decimals else 0
    scaled = (value * factor).quantize(Decimal(1).scaleb(-places_), rounding=ROUND_HALF_UP)
    text = f"{scaled:,.{places_}f}" if "," in digits else f"{scaled:.{places_}f}"
    return text


def _scale_text(text: str, factor: Decimal) -> str:
    return _MONEY.sub(lambda m: _scale_number(m.group(1), m.group(2) or "", factor), text)


def _rename(text: str, old_names: list[tuple[str, str]], year_shift: int, years: set[int]) -> str:
    for old, new in old_names:
        if old and old in text:
            text = text.replace(old, new)
    if year_shift:
        text = re.sub(
            r"(?<!\d)(19|20)(\d{2})(?=\s*年)",
            lambda m: str(int(m.group(0)) + year_shift) if int(m.group(0)) in years else m.group(0),
            text,
        )
    return text


def generate(source: Document, v: Variant, serial: int) -> Document:
    """A new document: ``source`` renamed to ``v.place``, shifted to ``v.year``, figures × ``v.factor``."""
    doc = copy.deepcopy(source)
    region = source.region or ""
    old_place = re.match(r"^.+?[省市区县]", source.department or "")
    old_place_text = old_place.group(0) if old_place else region
    bare = (source.department or "")[len(old_place_text) :] if old_place else source.department
    names = [(source.department, v.place + bare), (region, v.place), (old_place_text, v.place)]
    names = [(a, b) for a, b in names if a]
    shift = (v.year - source.year) if source.year else 0
    years = {y for y in range(1990, 2040)}
    money_units = {"元", "万元", "亿元", "千元"}

    def fix(text: str) -> str:
        return _rename(text, names, shift, years)

    doc.department = v.place + bare
    doc.region = v.place
    doc.year = v.year
    doc.years = [y + shift for y in source.years]
    doc.title = fix(source.title)
    doc.sha256 = hashlib.sha256(f"{source.sha256}:{serial}:{v}".encode()).hexdigest()
    doc.file = f"gen{serial:05d}_{Path(source.file).stem}.{Path(source.file).suffix.lstrip('.') or 'txt'}"
    for p in doc.paragraphs:
        p.text = _scale_text(fix(p.text), v.factor)
        p.heading_path = [fix(h) for h in p.heading_path]
    for t in doc.tables:
        t.title = fix(t.title)
        t.subject = fix(t.subject)
        t.heading_path = [fix(h) for h in t.heading_path]
        t.year = t.year + shift if t.year else t.year
        t.columns = [fix(c) for c in t.columns]
        for row in t.rows:
            row.label = fix(row.label)
            row.texts = {fix(k): _scale_text(fix(x), v.factor) for k, x in row.texts.items()}
            for cell in row.cells:
                cell.column = fix(cell.column)
                if (cell.unit or t.unit) in money_units:
                    m = re.fullmatch(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", cell.raw.strip())
                    if m:
                        cell.raw = m.group(1) + _scale_number(m.group(2), m.group(3) or "", v.factor)
                        cell.value = Decimal(cell.raw.replace(",", ""))
    return doc


def variants(
    n: int, n_sources: int = 1, first_year: int = 2016, years: int = 10
) -> list[tuple[int, Variant]]:
    """``n`` distinct documents as (source number, variant): department after department (a place
    and one source's bureau), each with ``years`` consecutive years."""
    ps = places()
    out = []
    for i in range(n):
        dept = i // years
        place = ps[(dept // n_sources) % len(ps)]
        lap = dept // (n_sources * len(ps))  # beyond 5,760 × sources documents: another lap of places
        out.append(
            (
                dept % n_sources,
                Variant(
                    place=place if not lap else f"{place[:-1]}{lap}区",
                    year=first_year + i % years,
                    factor=Decimal(100 + (i * 7) % 61) / 100,  # 1.00 … 1.60: exact two-decimal factors
                ),
            )
        )
    return out


def parse_sources(files: list[Path]) -> list[Document]:
    """The real documents the generated ones are made from (parsed once, by the product's parser)."""
    return [_parse(Path(f)) for f in files]


def build_store(
    store_dir: Path | str,
    sources: list[Document],
    n: int,
    *,
    vectors: bool = False,
    batch: int = 50,
    progress=None,
) -> Store:
    """A store of ``n`` generated documents (cycling through ``sources``), written in batches."""
    store = Store(store_dir, retrieval=vectors)
    prepared_sources = {}
    if vectors:
        with store.writing():
            retrieval = store._writable_retrieval()
            for s in sources:
                prepared_sources[s.doc_id] = retrieval.prepare(s)
    vs = variants(n, len(sources))
    when = datetime.now(UTC).isoformat(timespec="seconds")
    for start in range(0, n, batch):
        picked = [(i, sources[vs[i][0]], vs[i][1]) for i in range(start, min(n, start + batch))]
        docs = [generate(src, v, i) for i, src, v in picked]
        with store.writing():
            if vectors:
                from index.chunks import chunk_document
                from index.retrieval_index import PreparedDocument

                retrieval = store._writable_retrieval()
                prepared = []
                for (_, source, _), d in zip(picked, docs, strict=True):
                    src = prepared_sources[source.doc_id]
                    chunks = chunk_document(d)
                    vecs = [src.vectors[min(j, len(src.vectors) - 1)] for j in range(len(chunks))]
                    prepared.append(PreparedDocument(d, chunks, vecs))
                retrieval.commit_many(prepared)
            with store.facts.transaction() as conn:
                for d in docs:
                    store.facts.write_document(conn, d, make_facts(d), when, {"department": "document"})
        if progress:
            progress(min(n, start + batch))
    return store


def expand_store(source_dir: Path | str, store_dir: Path | str, laps: int) -> Store:
    """A facts-only store ``laps`` times the size of ``source_dir``'s: every document copied at the
    SQL level (facts, tables, paragraphs, terms) under another department (its place becomes
    ``<place>N区``).  The copies' figures are their original's (not rescaled): this builds a store of
    10,000 documents in minutes, for measuring what size costs, where ``build_store`` takes hours."""
    import shutil
    import sqlite3

    store_dir = Path(store_dir)
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    src = sqlite3.connect(Path(source_dir) / "facts.sqlite")
    dst = sqlite3.connect(store_dir / "facts.sqlite")
    src.backup(dst)
    src.close()
    dst.close()
    store = Store(store_dir, retrieval=False)
    fs = store.facts
    originals = fs.documents()
    cols = {
        t: [r[1] for r in fs.conn.execute(f"PRAGMA table_info({t})")]
        for t in ("facts", "tables", "paragraphs")
    }
    with store.writing():
        for lap in range(1, laps):
            with fs.transaction() as conn:
                for d in originals:
                    new_id = hashlib.sha256(f"{d.doc_id}:{lap}".encode()).hexdigest()[:16]
                    place = d.region or ""
                    new_place = f"{place[:-1]}{lap}区" if place else f"{lap}区"
                    row = dict(
                        conn.execute("SELECT * FROM documents WHERE doc_id = ?", (d.doc_id,)).fetchone()
                    )
                    row.update(
                        doc_id=new_id,
                        sha256=new_id * 4,
                        region=new_place,
                        department=(d.department or "").replace(place, new_place, 1),
                        title=(d.title or "").replace(place, new_place),
                        file=d.file.replace("gen", f"gen{lap}x", 1),
                    )
                    conn.execute(
                        f"INSERT INTO documents ({','.join(row)}) VALUES ({','.join('?' * len(row))})",
                        list(row.values()),
                    )
                    for table, names in cols.items():
                        rest = [c for c in names if c not in ("doc_id", "id")]
                        conn.execute(
                            f"INSERT INTO {table} (doc_id, {','.join(rest)})"
                            f" SELECT ?, {','.join(rest)} FROM {table} WHERE doc_id = ? ORDER BY rowid",
                            (new_id, d.doc_id),
                        )
                    terms = fs.document_terms(d.doc_id) or set()
                    fs.write_terms(conn, new_id, terms)
    return store
